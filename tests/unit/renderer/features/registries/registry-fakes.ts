import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import PrimeVue from 'primevue/config';
import type {
  PullkeyBridge,
  RegistryCopy,
  RegistryEntryView,
  RegistryFanOut,
  RegistryGroup,
  WriteReport,
} from '@core/api/contract';
import { useRegistriesStore } from '@renderer/features/registries/store';
import { DialogStub } from '../../dialog-stub';

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

/** The registry regcred with one copy in each of `namespaces` (no entries). */
export const regcredIn = (...namespaces: string[]): RegistryGroup =>
  registryGroup(namespaces.map((each) => registryCopy(each)));

/** A fresh active pinia whose registries store reads context `alpha`. */
export function alphaRegistriesPinia(): Pinia {
  const pinia = createPinia();
  setActivePinia(pinia);
  useRegistriesStore().context = 'alpha';
  return pinia;
}

/** Mount options of a registries dialog on the page: PrimeVue, `pinia`, Dialog stubbed inline. */
export const dialogMountOptions = (pinia: Pinia) => ({
  attachTo: document.body,
  global: { plugins: [PrimeVue, pinia], stubs: { Dialog: DialogStub } },
});

/** `window.pullkey` answering with `invoke` (no events); then a fresh pinia on `alpha`. */
export function bridgeAndPinia(invoke: PullkeyBridge['invoke']): Pinia {
  window.pullkey = { invoke, subscribe: () => () => undefined };
  return alphaRegistriesPinia();
}

/** A write report as create/edit answer it (`RegistryFanOut`): one target per result. */
export function fanOut(report: WriteReport, dryRun = false): RegistryFanOut {
  const writes = new Set(['created', 'updated', 'deleted']);
  const targets = report.results.map((result) => ({
    namespace: result.namespace,
    name: result.name,
    preview: `${result.namespace}: ${result.outcome} secret ${result.name}`,
    written: !dryRun && writes.has(result.outcome),
    resourceVersion: null,
  }));
  return {
    ...report,
    preview: targets.map((target) => target.preview).join('\n'),
    written: targets.some((target) => target.written),
    resourceVersion: null,
    targets,
  };
}

/** Whether a bridge call was a dry run (the form's confirm step asks one before writing). */
export const isDryRun = (input: unknown) => (input as { dryRun?: boolean }).dryRun === true;

/** The registry form's confirm step: Confirm, once the dry run is shown. */
export async function confirmWrite(wrapper: VueWrapper) {
  await flushPromises();
  const confirm = wrapper.find('#registry-confirm');
  if (!confirm.exists()) throw new Error('the confirm step is not shown');
  await confirm.trigger('click');
  await flushPromises();
}
