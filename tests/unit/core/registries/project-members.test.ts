import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RegistriesList, RegistryGroup } from '@core/api/contract';
import {
  createProjectMembers,
  joinedNamespaces,
  namespacesToCreate,
} from '@core/registries/project-members';
import { createSettingsStore } from '@core/settings/store';

const scope = { kind: 'project', project: 'web', projectKind: 'pullkey' } as const;

function list(missing: string[]): RegistriesList {
  const group = {
    id: 'g',
    name: 'regcred',
    scope,
    hosts: [],
    usernames: [],
    namespaces: ['a'],
    managedBy: 'pullkey',
    createdAt: null,
    copies: [],
    sync: { inSync: 1, total: 1 + missing.length, missing, orphaned: [], stale: [] },
  } satisfies RegistryGroup;
  return { context: 'alpha', groups: [group], partial: false, note: null };
}

describe('project members: joined namespaces need an explicit choice', () => {
  it('a namespace the user never chose is "joined"; one they chose is only missing', () => {
    expect(joinedNamespaces(['b', 'c'], ['a', 'b'])).toEqual(['c']);
    // No record (made elsewhere): every missing namespace needs the confirmation.
    expect(joinedNamespaces(['b', 'c'], undefined)).toEqual(['b', 'c']);
    expect(namespacesToCreate(['b', 'c'], ['c'])).toEqual(['b']);
    expect(namespacesToCreate(['b', 'c'], ['c'], ['c'])).toEqual(['b', 'c']);
    // Confirming a namespace that is not missing creates nothing there.
    expect(namespacesToCreate(['b'], [], ['z'])).toEqual(['b']);
  });

  it('records the chosen namespaces per context, project and name', async () => {
    const settings = createSettingsStore(await mkdtemp(path.join(os.tmpdir(), 'pk-members-')));
    const members = createProjectMembers(settings);
    await members.record('alpha', scope, 'regcred', ['a', 'b']);
    const annotated = await members.annotate('alpha', list(['b', 'c']));
    expect(annotated.groups[0]?.sync?.joined).toEqual(['c']);
    // Another context knows nothing of it.
    const other = await members.annotate('beta', list(['b', 'c']));
    expect(other.groups[0]?.sync?.joined).toEqual(['b', 'c']);
    // A retry adds to the record instead of replacing it.
    await members.record('alpha', scope, 'regcred', ['c'], true);
    expect(await members.get('alpha', scope, 'regcred')).toEqual(['a', 'b', 'c']);
  });
});
