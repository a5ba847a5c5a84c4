import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type {
  PullkeyBridge,
  RegistryCopy,
  RegistryEntryView,
  RegistryGroup,
} from '@core/api/contract';
import { useRegistriesStore } from '@renderer/features/registries/store';

/** One entry for reg.example, user alice, password kept. */
export const aliceEntry: RegistryEntryView = {
  key: 'reg.example',
  registry: 'reg.example',
  username: 'alice',
  email: null,
  hasPassword: true,
  staleAuth: false,
};

/** A copy of `regcred` in `namespace` (no entries unless given). */
export const registryCopy = (
  namespace: string,
  over: Partial<RegistryCopy> = {},
): RegistryCopy => ({
  namespace,
  name: 'regcred',
  uid: `uid-${namespace}`,
  resourceVersion: '1',
  createdAt: null,
  writtenAt: null,
  managedBy: 'pullkey',
  contentHash: 'h',
  entries: [],
  invalid: null,
  ...over,
});

/** A group of `copies`; its namespaces are theirs. */
export const registryGroup = (
  copies: RegistryCopy[],
  over: Partial<RegistryGroup> = {},
): RegistryGroup => ({
  id: 'g',
  name: 'regcred',
  scope: { kind: 'project', project: 'p', projectKind: 'pullkey' },
  hosts: ['reg.example'],
  usernames: ['alice'],
  namespaces: copies.map((each) => each.namespace),
  managedBy: 'pullkey',
  createdAt: null,
  copies,
  sync: null,
  ...over,
});

/** A fresh active pinia whose registries store reads context `alpha`. */
export function alphaRegistriesPinia(): Pinia {
  const pinia = createPinia();
  setActivePinia(pinia);
  useRegistriesStore().context = 'alpha';
  return pinia;
}

/** `window.pullkey` answering with `invoke` (no events); then a fresh pinia on `alpha`. */
export function bridgeAndPinia(invoke: PullkeyBridge['invoke']): Pinia {
  window.pullkey = { invoke, subscribe: () => () => undefined };
  return alphaRegistriesPinia();
}
