// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { PullkeyBridge, RolloutView } from '@core/api/contract';
import { useNotificationsStore } from '@renderer/stores/notifications';
import RolloutViewComponent from '@renderer/features/rollout/RolloutView.vue';

/** The workload the view follows: Deployment web in team1-dev on context alpha. */
const web = { context: 'alpha', namespace: 'team1-dev', kind: 'Deployment', name: 'web' } as const;

const failing: RolloutView = {
  id: 'alpha/team1-dev/Deployment/web',
  ...web,
  image: 'localhost:5000/team/hello:1.0',
  desired: 1,
  ready: 0,
  state: 'failing',
  pods: [
    {
      name: 'web-abc',
      phase: 'Pending',
      ready: false,
      steps: [{ step: 'Scheduled', at: '2026-11-26T10:00:00Z', detail: 'Successfully assigned' }],
      waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' },
      diagnosis: {
        kind: 'credentials-rejected',
        message: 'the registry rejected the credentials in secret "regcred" for localhost:5000',
        host: 'localhost:5000',
        secrets: ['regcred'],
      },
      nextRetryAt: new Date(Date.now() + 20_000).toISOString(),
    },
  ],
  events: [],
  updatedAt: '2026-11-26T10:00:01Z',
};

describe('RolloutView', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('explains a failed pull with its fix and retries on request, updating live', async () => {
    let push: ((view: RolloutView) => void) | null = null;
    const invoke = vi.fn(async (channel: string) => {
      if (channel === 'rollout:open') return { ok: true, value: failing };
      if (channel === 'rollout:retry') return { ok: true, value: { deleted: ['web-abc'] } };
      if (channel === 'registries:list')
        return { ok: true, value: { context: 'alpha', groups: [], partial: false, note: null } };
      return { ok: true, value: {} };
    });
    window.pullkey = {
      invoke,
      subscribe: (event: string, listener: (payload: never) => void) => {
        if (event === 'rollout:progress') push = listener as (view: RolloutView) => void;
        return () => undefined;
      },
    } as unknown as PullkeyBridge;
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/rollout', name: 'rollout', component: RolloutViewComponent }],
    });
    await router.push({
      name: 'rollout',
      query: { ...web },
    });
    const wrapper = mount(RolloutViewComponent, { global: { plugins: [PrimeVue, router] } });
    await flushPromises();

    expect(invoke).toHaveBeenCalledWith('rollout:open', web);
    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toContain(
      'the registry rejected the credentials in secret "regcred" for localhost:5000',
    );
    expect(alert.text()).toMatch(/retries in \d+ s/);
    expect(alert.findAll('button').map((button) => button.text())).toEqual([
      'Edit registry regcred',
      'Retry now',
    ]);

    await alert.findAll('button').at(1)!.trigger('click');
    await flushPromises();
    expect(invoke).toHaveBeenCalledWith('rollout:retry', web);
    // The outcome is shown in place, not as a toast over the events table.
    expect(useNotificationsStore().queue).toEqual([]);
    expect(wrapper.findAll('p[role="status"]').map((status) => status.text())).toEqual([
      'Retrying now: recreating web-abc',
    ]);
    // The failed pull is shown on its step, never with a success mark.
    expect(wrapper.find('.step--failed').exists()).toBe(true);

    push!({
      ...failing,
      state: 'ready',
      ready: 1,
      pods: [
        { ...failing.pods[0]!, ready: true, waiting: null, diagnosis: null, nextRetryAt: null },
      ],
    });
    await flushPromises();
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('1 / 1 ready');

    // The view says when its watches are down, and when they are back.
    const ready = { ...failing, state: 'ready' as const, ready: 1, pods: [] };
    push!({
      ...ready,
      freshness: {
        state: 'reconnecting',
        since: new Date().toISOString(),
        retryAt: new Date(Date.now() + 2_000).toISOString(),
        error: 'fetch failed: connect ECONNREFUSED 127.0.0.1:6443',
      },
    });
    await flushPromises();
    const freshness = () =>
      wrapper
        .findAll('[role="status"]')
        .find((s) => s.attributes('aria-label')?.startsWith('Rollout view'));
    expect(freshness()?.text()).toMatch(/^Reconnecting… \(retry in \d s\)$/);
    push!({ ...ready, freshness: { state: 'live', since: null, retryAt: null, error: null } });
    await flushPromises();
    expect(freshness()?.text()).toBe('Live');
    wrapper.unmount();
    await flushPromises();
    expect(invoke).toHaveBeenCalledWith('rollout:close', web);
  }, 20_000); // mounting PrimeVue in jsdom takes seconds on a busy machine
});
