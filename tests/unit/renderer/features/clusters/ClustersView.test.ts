// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContextsList, PullkeyBridge } from '@core/api/contract';
import { useContextsStore } from '@renderer/stores/contexts';
import { useNotificationsStore } from '@renderer/stores/notifications';
import ClustersView from '@renderer/features/clusters/ClustersView.vue';

const list: ContextsList = {
  contexts: [
    {
      name: 'alpha',
      cluster: 'alpha',
      server: 'https://127.0.0.1:6443',
      user: 'admin',
      namespace: 'default',
      current: true,
      source: '/k/a',
    },
    {
      name: 'beta',
      cluster: 'beta',
      server: null,
      user: 'admin',
      namespace: 'team1-dev',
      current: false,
      source: '/k/b',
    },
  ],
  selected: 'alpha',
  files: ['/k/a', '/k/b'],
  problems: [{ file: '/k/broken', line: 7, message: 'bad indentation' }],
};

function installBridge(invoke: PullkeyBridge['invoke']) {
  window.pullkey = { invoke, subscribe: () => () => undefined } as PullkeyBridge;
}

describe('ClustersView', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('lists contexts, problems, and switches with the Use button', async () => {
    const invoke = vi.fn(async (channel: string, input?: unknown) => {
      if (channel === 'contexts:list') return { ok: true, value: list };
      return { ok: true, value: { ...list, selected: (input as { name: string }).name } };
    });
    installBridge(invoke as unknown as PullkeyBridge['invoke']);
    const store = useContextsStore();
    await store.load();
    const wrapper = mount(ClustersView, { global: { plugins: [PrimeVue] } });
    await flushPromises();

    expect(wrapper.text()).toContain('/k/broken:7');
    expect(wrapper.text()).toContain('bad indentation');
    const rows = wrapper.findAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('kubectl current');

    const useBeta = wrapper.find('button[aria-label="Use context beta"]');
    expect(wrapper.find('button[aria-label="Use context alpha"]').attributes()).toHaveProperty(
      'disabled',
    );
    await useBeta.trigger('click');
    await flushPromises();
    expect(invoke).toHaveBeenCalledWith('contexts:select', { name: 'beta' });
    expect(store.selectedName).toBe('beta');
  });

  it('reports a failed switch with the error code and keeps the previous selection', async () => {
    installBridge((async (channel: string) =>
      channel === 'contexts:list'
        ? { ok: true, value: list }
        : {
            ok: false,
            error: { code: 'CONTEXT_NOT_FOUND', message: 'No context named "beta"' },
          }) as unknown as PullkeyBridge['invoke']);
    const store = useContextsStore();
    await store.load();
    await store.select('beta');
    expect(store.selectedName).toBe('alpha');
    const [notice] = useNotificationsStore().take();
    expect(notice).toMatchObject({
      severity: 'error',
      summary: 'Switching to context "beta" failed (CONTEXT_NOT_FOUND)',
      detail: 'No context named "beta"',
    });
  });

  it('never runs every context’s exec plugin: checks plain contexts, the one in use, and others on Check', async () => {
    const withExec: ContextsList = {
      ...list,
      contexts: [
        ...list.contexts,
        ...['sso-a', 'sso-b'].map((name) => ({
          name,
          cluster: 'alpha',
          server: 'https://127.0.0.1:6443',
          user: name,
          namespace: 'default',
          current: false,
          source: '/k/a',
          usesExecPlugin: true,
        })),
      ],
      selected: 'sso-a',
    };
    const checked: string[] = [];
    const invoke = vi.fn(async (channel: string, input?: unknown) => {
      if (channel === 'contexts:list') return { ok: true, value: withExec };
      if (channel === 'cluster:status') {
        const { context } = input as { context: string };
        checked.push(context);
        return {
          ok: true,
          value: {
            context,
            server: null,
            reachable: false,
            version: null,
            error: { code: 'AUTH_PLUGIN_FAILED', message: `plugin of ${context} timed out` },
            checkedAt: new Date().toISOString(),
          },
        };
      }
      return { ok: false, error: { code: 'INTERNAL', message: channel } };
    });
    installBridge(invoke as unknown as PullkeyBridge['invoke']);
    await useContextsStore().load();
    const wrapper = mount(ClustersView, { global: { plugins: [PrimeVue] } });
    await flushPromises();

    expect([...checked].sort()).toEqual(['alpha', 'beta', 'sso-a']);
    const row = (name: string) =>
      wrapper.findAll('tbody tr').find((tr) => tr.find('.name').text() === name)!;
    expect(row('sso-b').text()).toContain('Not checked');
    expect(row('sso-a').text()).toContain('AUTH_PLUGIN_FAILED');

    await wrapper.find('button[aria-label="Check context sso-b"]').trigger('click');
    await flushPromises();
    expect(checked.filter((name) => name === 'sso-b')).toHaveLength(1);
    expect(row('sso-b').text()).toContain('plugin of sso-b timed out');
  });
});
