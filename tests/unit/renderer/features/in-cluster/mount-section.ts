import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import type { RegistryGroup } from '@core/api/contract';
import InClusterSection from '@renderer/features/in-cluster/components/InClusterSection.vue';
import { useInClusterStore } from '@renderer/features/in-cluster/store';
import { installFakeBridge, type Answer } from '../../fake-bridge';
import { inClusterView } from './in-cluster-fakes';

/**
 * The "Kept in the cluster" section of `group` on context alpha, the bridge answering `answers`
 * (`inCluster:open`: nothing kept unless given), attached to the page (focus is checked).
 */
export async function mountSection(group: RegistryGroup, answers: Record<string, Answer>) {
  const bridge = installFakeBridge({ 'inCluster:open': () => inClusterView([]), ...answers });
  const pinia = createPinia();
  setActivePinia(pinia);
  await useInClusterStore().open('alpha');
  const wrapper = mount(InClusterSection, {
    props: { group },
    global: { plugins: [PrimeVue, pinia] },
    attachTo: document.body,
  });
  await flushPromises();
  return { bridge, wrapper };
}

/** The button labelled `label` exactly; throws, saying what is there, when none. */
export const button = (wrapper: VueWrapper, label: string) => {
  const found = wrapper.findAll('button').find((each) => each.text() === label);
  if (!found) throw new Error(`no button "${label}" in: ${wrapper.text()}`);
  return found;
};
