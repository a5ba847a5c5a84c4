// @vitest-environment jsdom
/** The registry list's owner badge and the detail's sentence for a copy an engine keeps. */
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { EngineOwner, RegistryCopy, RegistryGroup } from '@core/api/contract';
import OwnerBadge from '@renderer/features/registries/components/OwnerBadge.vue';
import { ownerBadge, ownerSentence } from '@renderer/features/registries/logic/owners';
import { esoOwner } from '../owner-fakes';
import { registryCopy, registryGroup } from './registry-fakes';

const eso = esoOwner("External Secrets Operator writes the store's value back.");
const reflector: EngineOwner = {
  ...eso,
  engine: 'reflector',
  engineName: 'Reflector',
  source: 'Reflector source registry/pull',
  sourceSecret: { namespace: 'registry', name: 'pull' },
  sourceWritable: true,
  badge: 'Copy of registry/pull (Reflector)',
  revert: 'Reflector copies the source over it again.',
};
const copy = (namespace: string, owner: EngineOwner | null = null): RegistryCopy =>
  registryCopy(namespace, { name: 'pull', managedBy: null, owner });
const group = (copies: RegistryCopy[]): RegistryGroup =>
  registryGroup(copies, {
    name: 'pull',
    scope: { kind: 'namespace', namespace: 'team1' },
    hosts: [],
    usernames: [],
    managedBy: null,
  });

describe('ownerBadge', () => {
  it('names the engine and source of a kept registry', () => {
    expect(ownerBadge(group([copy('team1', eso)]))).toBe(
      'Kept by External Secrets (ExternalSecret team1/pull)',
    );
    expect(ownerBadge(group([copy('a'), copy('b', reflector)]))).toBe(
      'Copy of registry/pull (Reflector) in b',
    );
    expect(ownerBadge(group([copy('a', eso), copy('b', reflector), copy('c')]))).toBe(
      '2 of 3 copies kept by engines',
    );
    expect(ownerBadge(group([copy('a')]))).toBeNull();
  });

  it('renders as a note in the list, nothing for an ordinary registry', () => {
    const kept = mount(OwnerBadge, { props: { group: group([copy('team1', eso)]) } });
    expect(kept.get('[role="note"]').text()).toBe(
      'Kept by External Secrets (ExternalSecret team1/pull)',
    );
    const plain = mount(OwnerBadge, { props: { group: group([copy('team1')]) } });
    expect(plain.find('[role="note"]').exists()).toBe(false);
  });
});

describe('ownerSentence', () => {
  it('says where the source is and that PullKey leaves the copy alone', () => {
    expect(ownerSentence(reflector)).toBe(
      'Copy of registry/pull (Reflector). Its source is Reflector source registry/pull, a secret in this cluster. Reflector copies the source over it again. PullKey does not edit, rotate, sync or delete this copy: change its source.',
    );
    expect(ownerSentence(eso)).toContain(
      'Its source is ExternalSecret team1/pull, outside what PullKey changes.',
    );
  });
});
