// @vitest-environment jsdom
/**
 * The Pull detail of a pod whose rejected pull secret an engine keeps: the evidence says who
 * keeps it, a note says where to change the source, and neither "Edit registry" nor "Rewrite"
 * is offered for that copy.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { routerKey } from 'vue-router';
import type { PullDetail, PullkeyBridge } from '@core/api/contract';
import { fixOrder } from '@core/pulls/model/fix-order';
import PullDetailPanel from '@renderer/features/pulls/components/PullDetailPanel.vue';
import { esoOwner } from '../owner-fakes';

const DrawerStub = defineComponent({
  props: { visible: Boolean },
  setup(props, { slots }) {
    return () => (props.visible ? h('div', { role: 'dialog' }, slots.default?.()) : null);
  },
});

const host = 'registry.example:5000';
const ref = { context: 'alpha', namespace: 'team1', kind: 'Deployment' as const, name: 'web' };
const owner = esoOwner('External Secrets Operator writes the value back.');
const evidence =
  'regcred is kept by External Secrets (ExternalSecret team1/pull): fix the source, not the copy.';
const note =
  'PullKey does not rewrite or edit regcred: change its credentials at ExternalSecret team1/pull (External Secrets). External Secrets Operator writes the value back.';
const facts: Omit<PullDetail, 'fixes' | 'report'> = {
  ref,
  failure: {
    ...ref,
    id: 'alpha/team1/Deployment/web',
    containers: [
      { name: 'app', init: false, image: `${host}/t/web:1`, reason: 'ErrImagePull', message: 'm' },
    ],
    since: null,
    pods: ['web-1'],
    diagnosis: {
      kind: 'secret-rejected',
      message: 'the kubelet rejects regcred',
      host,
      secrets: ['regcred'],
    },
  },
  latent: null,
  sources: {
    pod: 'web-1',
    serviceAccount: 'default',
    imagePullSecrets: ['regcred'],
    origin: 'own',
    serviceAccountSecrets: [],
    missingSecrets: [],
    rejectedSecrets: [{ secret: 'regcred', reason: 'not a docker config' }],
    tries: [],
    nodeIdentity: [],
    ownedSecrets: [{ secret: 'regcred', owner, evidence, note }],
  },
  events: [],
  copyCandidates: [],
  staleJobs: null,
};

describe('PullDetailPanel: a pull secret an engine keeps', { timeout: 30_000 }, () => {
  it('names the engine, notes the source, and offers no rewrite or edit of the copy', async () => {
    window.pullkey = {
      invoke: (async () => ({ ok: true, value: null })) as unknown as PullkeyBridge['invoke'],
      subscribe: () => () => undefined,
    };
    const pinia = createPinia();
    setActivePinia(pinia);
    const detail: PullDetail = { ...facts, fixes: fixOrder(facts), report: '# r' };
    const wrapper = mount(PullDetailPanel, {
      attachTo: document.body,
      props: { detail, visible: true },
      global: {
        plugins: [PrimeVue, pinia],
        stubs: { Drawer: DrawerStub },
        provide: { [routerKey as symbol]: { push: () => undefined } },
      },
    });
    await flushPromises();
    expect(wrapper.text()).toContain(evidence);
    expect(wrapper.find('[role="note"]').text()).toBe(note);
    const labels = wrapper.findAll('button').map((button) => button.text());
    expect(labels.some((label) => /Rewrite|Edit registry/.test(label))).toBe(false);
    wrapper.unmount();
  });
});
