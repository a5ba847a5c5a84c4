/** Pure logic of the registries UI (issue 13): host note, scope access, conflicts, kubectl lines, sync reasons, required fields. */
import { describe, expect, it } from 'vitest';
import type { NamespaceSummary, RegistryCopy, RegistryGroup } from '@core/api/contract';
import { isEmpty, requiredError, useTouched } from '@renderer/forms/required';
import { conflictChanges } from '@renderer/features/registries/logic/conflict';
import { savedAsNote, scopeAccess } from '@renderer/features/registries/logic/form';
import { commandLines, multilineCommand } from '@renderer/features/registries/logic/kubectl';
import { inSync, syncReasons } from '@renderer/features/registries/logic/sync';
import { aliceEntry, registryCopy, registryGroup } from './registry-fakes';

const ns = (name: string, create: boolean): NamespaceSummary => ({
  name,
  phase: 'Active',
  projects: { rancher: null, pullkey: null },
  access: {
    secrets: { list: true, create, update: create },
    deployments: { create, update: create },
  },
});

describe('required fields', () => {
  it('says "<label> is required" only once touched, for empty strings, blanks, null and []', () => {
    expect(requiredError('Name', '', false)).toBeNull();
    expect(requiredError('Name', '', true)).toBe('Name is required');
    expect(requiredError('Name', '  ', true)).toBe('Name is required');
    expect(requiredError('Namespace', null, true)).toBe('Namespace is required');
    expect(requiredError('Contexts', [], true)).toBe('Contexts is required');
    expect(requiredError('Name', 'regcred', true)).toBeNull();
    expect(isEmpty(0)).toBe(false);
  });

  it('tracks touched fields and forgets them on reset', () => {
    const touched = useTouched();
    touched.touch('name');
    expect(touched.has('name')).toBe(true);
    touched.touchAll(['host', 'username']);
    expect(touched.has('host') && touched.has('username')).toBe(true);
    touched.reset();
    expect(touched.has('name')).toBe(false);
  });
});

describe('the server field says how it will be written (never silently)', () => {
  it('names the key when it differs from what was typed', () => {
    // kubectl --docker-server writes "https://host:5000/" as given; PullKey drops the "/".
    expect(savedAsNote('https://reg.example:5000/')).toBe(
      'Will be saved as https://reg.example:5000 (the same registry for the kubelet)',
    );
    expect(savedAsNote('https://reg.example/')).toContain('Will be saved as https://reg.example ');
    expect(savedAsNote('docker.io')).toBe(
      "Will be saved as https://index.docker.io/v1/ (Docker Hub's key)",
    );
  });

  it('says nothing when the key is what was typed', () => {
    expect(savedAsNote('reg.example:5000')).toBeNull();
    expect(savedAsNote('https://reg.example:5000')).toBeNull();
    expect(savedAsNote('https://index.docker.io/v1/')).toBeNull();
    expect(savedAsNote('')).toBeNull();
  });
});

describe('scope access', () => {
  const namespaces = [ns('team1-dev', true), ns('team1-staging', false), ns('sandbox', true)];
  const projects = [
    {
      kind: 'rancher' as const,
      id: 'p-team1',
      clusterId: null,
      namespaces: ['team1-dev', 'team1-staging'],
    },
  ];

  it('splits a project into writable and forbidden namespaces', () => {
    expect(
      scopeAccess('project', null, { kind: 'rancher', id: 'p-team1' }, namespaces, projects),
    ).toEqual({ writable: ['team1-dev'], forbidden: ['team1-staging'] });
  });

  it('flags one forbidden namespace, and treats unknown ones as writable (the server decides)', () => {
    expect(scopeAccess('namespace', 'team1-staging', null, namespaces, projects)).toEqual({
      writable: [],
      forbidden: ['team1-staging'],
    });
    expect(scopeAccess('namespace', 'unlisted', null, namespaces, projects).writable).toEqual([
      'unlisted',
    ]);
    expect(scopeAccess('namespace', null, null, namespaces, projects)).toEqual({
      writable: [],
      forbidden: [],
    });
  });
});

const copy = (namespace: string, over: Partial<RegistryCopy> = {}): RegistryCopy =>
  registryCopy(namespace, {
    resourceVersion: '10',
    contentHash: 'h1',
    entries: [aliceEntry],
    ...over,
  });
const group = (copies: RegistryCopy[]): RegistryGroup => registryGroup(copies);

describe('what changed elsewhere (edit conflict)', () => {
  it('names the user change, a password-only change, a deletion and an unseen change', () => {
    const seen = group([copy('a'), copy('b'), copy('c'), copy('d')]);
    const base = copy('a').entries[0]!;
    const now = group([
      copy('a', { resourceVersion: '11', entries: [{ ...base, username: 'carol' }] }),
      copy('b', { resourceVersion: '11', contentHash: 'h2' }),
      copy('d'),
    ]);
    expect(conflictChanges(seen, now, ['a', 'b', 'c', 'd'])).toEqual([
      'a: reg.example user alice → carol',
      'b: the password or another field of the login changed',
      'c: the secret was deleted',
      'd: changed elsewhere (reload to see how)',
    ]);
  });

  it('names added and removed registries and metadata-only changes', () => {
    const seen = group([copy('a'), copy('b')]);
    const other = { ...copy('a').entries[0]!, key: 'quay.io', registry: 'quay.io' };
    const now = group([
      copy('a', { resourceVersion: '12', entries: [other] }),
      copy('b', { resourceVersion: '12' }),
    ]);
    expect(conflictChanges(seen, now, ['a', 'b'])).toEqual([
      'a: reg.example removed; quay.io added',
      'b: labels or annotations changed; the logins are the same',
    ]);
  });
});

describe('kubectl command, one flag per line', () => {
  const command =
    "kubectl --context alpha-admin create secret docker-registry regcred --namespace team1-dev --docker-server=https://reg.example:5000 --docker-username=alice --docker-password='p a'\\''ss' --docker-email=a@b";

  it('keeps every flag whole on its own line, a separate value with its flag', () => {
    expect(commandLines(command)).toEqual([
      'kubectl --context alpha-admin create secret docker-registry regcred',
      '--namespace team1-dev',
      '--docker-server=https://reg.example:5000',
      '--docker-username=alice',
      "--docker-password='p a'\\''ss'",
      '--docker-email=a@b',
    ]);
  });

  it('joins the lines with " \\" continuations: the same command for the shell', () => {
    const text = multilineCommand(
      'kubectl create secret docker-registry r --namespace n --docker-password="$REGISTRY_PASSWORD"',
    );
    expect(text).toBe(
      [
        'kubectl create secret docker-registry r \\',
        '  --namespace n \\',
        '  --docker-password="$REGISTRY_PASSWORD"',
      ].join('\n'),
    );
    expect(text.replace(/ \\\n\s+/g, ' ')).toBe(
      'kubectl create secret docker-registry r --namespace n --docker-password="$REGISTRY_PASSWORD"',
    );
  });

  it('shows a command it cannot split back exactly as it is', () => {
    expect(commandLines("kubectl  create 'unclosed")).toEqual(["kubectl  create 'unclosed"]);
  });
});

describe('why "n/m in sync"', () => {
  it('lists missing, joined, orphaned and stale namespaces', () => {
    const sync = {
      inSync: 1,
      total: 3,
      missing: ['b', 'c'],
      joined: ['c'],
      orphaned: ['z'],
      stale: ['d'],
    };
    expect(syncReasons(sync)).toEqual([
      'missing in b',
      'joined since the last sync: c',
      'left the project: z',
      'out of date: d',
    ]);
    expect(inSync(sync)).toBe(false);
  });

  it('says all is well when it is', () => {
    const sync = { inSync: 2, total: 2, missing: [], orphaned: [], stale: [] };
    expect(syncReasons(sync)).toEqual(['every namespace of the project has the same copy']);
    expect(inSync(sync)).toBe(true);
  });
});
