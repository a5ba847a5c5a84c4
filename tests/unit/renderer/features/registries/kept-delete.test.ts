// @vitest-environment jsdom
/**
 * A registry kept in the cluster by External Secrets: the drawer offers no old Delete (of copies
 * ESO would write again), one line points to "Delete from the cluster…" / "Back to laptop
 * sync…"; its source Secret is named as the source, keeps Edit, and offers no Delete either.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import type { RegistryGroup } from '@core/api/contract';
import RegistryDetail from '@renderer/features/registries/components/RegistryDetail.vue';
import OwnerBadge from '@renderer/features/registries/components/OwnerBadge.vue';
import { deleteWithheld, keptSourceLabel } from '@renderer/features/registries/logic/kept-source';
import { useRegistriesStore } from '@renderer/features/registries/store';
import { useInClusterStore } from '@renderer/features/in-cluster/store';
import { installFakeBridge } from '../../fake-bridge';
import { DrawerStub } from '../../drawer-stub';
import { inClusterView, keptNamespace, keptRegistry } from '../in-cluster/in-cluster-fakes';
import { registryCopy, registryGroup } from './registry-fakes';

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

const project = registryGroup([registryCopy('a'), registryCopy('b')]);
const source = registryGroup([registryCopy('pullkey-system')], {
  id: 'namespace/pullkey-system/regcred-pullkey-p',
  name: 'regcred-pullkey-p',
  scope: { kind: 'namespace', namespace: 'pullkey-system' },
  keptSource: { registry: 'regcred', project: { kind: 'pullkey', id: 'p' } },
});

async function drawer(group: RegistryGroup, kept: boolean) {
  installFakeBridge({
    'inCluster:open': () => inClusterView(kept ? [keptRegistry([keptNamespace('a')])] : []),
    'registries:detail': () => ({
      copy: group.copies[0],
      maskedConfig: '{}',
      kubectlCommand: '',
      yaml: '',
      workloads: [],
      defaultServiceAccount: null,
    }),
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  useRegistriesStore().context = 'alpha';
  await useInClusterStore().open('alpha');
  const wrapper = mount(RegistryDetail, {
    props: { group, visible: true },
    global: {
      plugins: [PrimeVue, pinia],
      stubs: { Drawer: DrawerStub, InClusterSection: true },
    },
  });
  await flushPromises();
  const labels = wrapper.findAll('.actions button').map((each) => each.text());
  return { wrapper, labels };
}

describe('logic: kept registry sources and the withheld Delete', () => {
  it('names the source with its registry and project; nothing for other groups', () => {
    expect(keptSourceLabel(source)).toBe(
      'Source of regcred (project p), kept in the cluster by External Secrets',
    );
    expect(keptSourceLabel({ ...source, keptSource: { registry: 'r', project: null } })).toBe(
      'Source of r, kept in the cluster by External Secrets',
    );
    expect(keptSourceLabel(project)).toBeNull();
    const feeding = (feeds: number) => ({
      ...source,
      keptSource: { ...source.keptSource!, feeds },
    });
    expect(keptSourceLabel(feeding(5))).toBe(
      'Source of regcred (project p), kept in the cluster by External Secrets (feeds 5 namespaces)',
    );
    expect(keptSourceLabel(feeding(1))).toMatch(/\(feeds 1 namespace\)$/);
    expect(keptSourceLabel(feeding(0))).toMatch(/\(feeds 0 namespaces\)$/);
  });

  it('withholds Delete on a kept registry and on a source, never elsewhere', () => {
    expect(deleteWithheld(project, true)).toMatch(
      /"Delete from the cluster…".*"Back to laptop sync…"/,
    );
    expect(deleteWithheld(source, false)).toMatch(/source of regcred.*"Delete from the cluster…"/);
    expect(deleteWithheld(project, false)).toBeNull();
  });
});

describe('RegistryDetail on a kept registry', () => {
  it('offers Edit and no Delete, with the one line pointing to the in-cluster actions', async () => {
    const { wrapper, labels } = await drawer(project, true);
    expect(labels).toEqual(['Edit']);
    expect(wrapper.get('.withheld').text()).toContain('"Delete from the cluster…"');
    wrapper.unmount();
  });

  it('a registry not kept keeps its Delete', async () => {
    const { wrapper, labels } = await drawer(project, false);
    expect(labels).toEqual(['Edit', 'Delete']);
    expect(wrapper.find('.withheld').exists()).toBe(false);
    wrapper.unmount();
  });

  it('the source says whose source it is, keeps Edit, offers no Delete', async () => {
    const { wrapper, labels } = await drawer(source, false);
    expect(labels).toEqual(['Edit']);
    expect(wrapper.get('[role="note"].kept-source').text()).toBe(
      'Source of regcred (project p), kept in the cluster by External Secrets.',
    );
    wrapper.unmount();
  });

  it('the list row badges the source as the source', () => {
    const wrapper = mount(OwnerBadge, { props: { group: source } });
    expect(wrapper.text()).toBe(
      'Source of regcred (project p), kept in the cluster by External Secrets',
    );
  });
});
