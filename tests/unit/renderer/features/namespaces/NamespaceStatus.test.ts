// @vitest-environment jsdom
/** A namespace stuck Terminating on an External Secrets finalizer says so, and why on request. */
import { mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import type { NamespaceSummary } from '@core/api/contract';
import NamespaceStatus from '@renderer/features/namespaces/components/NamespaceStatus.vue';

const namespace = (over: Partial<NamespaceSummary> = {}): NamespaceSummary => ({
  name: 'team1-old',
  phase: 'Active',
  projects: { rancher: null, pullkey: 'p' },
  access: {
    secrets: { list: true, create: true, update: true },
    deployments: { create: true, update: true },
  },
  ...over,
});

describe('NamespaceStatus', () => {
  it('shows the phase alone when nothing holds the namespace', () => {
    const wrapper = mount(NamespaceStatus, {
      props: { namespace: namespace({ stuck: null }) },
      global: { plugins: [PrimeVue] },
    });
    expect(wrapper.text()).toBe('Active');
    expect(wrapper.find('button').exists()).toBe(false);
  });

  it('a Terminating namespace held by ESO: a named toggle that shows why and the finalizer', async () => {
    const wrapper = mount(NamespaceStatus, {
      props: {
        namespace: namespace({
          phase: 'Terminating',
          stuck: {
            engine: 'external-secrets',
            finalizers: ['externalsecrets.external-secrets.io/ces-pullkey-p-regcred'],
            clusterExternalSecrets: ['pullkey-p-regcred'],
            message: 'External Secrets must remove its finalizer; it is not running.',
          },
        }),
      },
      global: { plugins: [PrimeVue] },
    });
    const toggle = wrapper.get('button');
    expect(toggle.text()).toBe('held by External Secrets');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    const why = wrapper.get(`#${toggle.attributes('aria-controls')}`);
    expect(why.text()).toContain('it is not running');
    expect(why.text()).toContain('externalsecrets.external-secrets.io/ces-pullkey-p-regcred');
  });
});
