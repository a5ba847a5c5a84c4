// @vitest-environment jsdom
/**
 * The state of "Keep fresh in the cluster" is read while the part is shown: at once, then every
 * interval (one read at a time), again at once on refresh, started over when the context changes
 * (an answer for the old one dropped), and never after the part goes.
 */
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import { useKeepFreshState } from '@renderer/features/in-cluster/keep-fresh-poll';
import { ApiCallError } from '@renderer/errors';
import { installFakeBridge } from '../../fake-bridge';
import { keepFreshState } from './keep-fresh-fakes';

describe('useKeepFreshState', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads at once and on the interval, refreshes on demand, stops with its scope', async () => {
    let phase: 'pending' | 'ready' = 'pending';
    const bridge = installFakeBridge({
      'cluster-refresh:state': () => ({ state: keepFreshState({ phase }) }),
    });
    const scope = effectScope();
    const poll = scope.run(() =>
      useKeepFreshState(
        () => ({ context: 'alpha', namespace: 'pullkey-system', source: 's' }),
        5_000,
      ),
    )!;
    await flushPromises();
    expect(poll.loaded.value).toBe(true);
    expect(poll.state.value?.phase).toBe('pending');
    expect(bridge.called('cluster-refresh:state').map((call) => call.input)).toEqual([
      { context: 'alpha', namespace: 'pullkey-system', source: 's' },
    ]);

    phase = 'ready';
    await vi.advanceTimersByTimeAsync(4_999);
    expect(bridge.called('cluster-refresh:state')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(bridge.called('cluster-refresh:state')).toHaveLength(2);
    expect(poll.state.value?.phase).toBe('ready');

    poll.refresh();
    await flushPromises();
    expect(bridge.called('cluster-refresh:state')).toHaveLength(3);
    // The refresh restarted the interval: no extra read from the old timer.
    await vi.advanceTimersByTimeAsync(4_999);
    expect(bridge.called('cluster-refresh:state')).toHaveLength(3);

    scope.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(bridge.called('cluster-refresh:state')).toHaveLength(3);
  });

  it('a context change starts over and drops the old answer; a failure is said, the state kept', async () => {
    const context = ref<string | null>('alpha');
    let release: (() => void) | undefined;
    let fail = false;
    const bridge = installFakeBridge({
      'cluster-refresh:state': (input: { context: string }) => {
        if (fail) throw new ApiCallError({ code: 'CLUSTER_UNREACHABLE', message: 'no route' });
        if (input.context === 'alpha')
          return new Promise((resolve) => {
            release = () => resolve({ state: keepFreshState({ target: 'from-alpha' }) });
          });
        return { state: null };
      },
    });
    const scope = effectScope();
    const poll = scope.run(() =>
      useKeepFreshState(() =>
        context.value ? { context: context.value, namespace: 'pk', source: 's' } : null,
      ),
    )!;
    await flushPromises();
    context.value = 'beta';
    await flushPromises();
    release?.();
    await flushPromises();
    expect(poll.state.value).toBeNull();
    expect(poll.loaded.value).toBe(true);
    expect(
      bridge
        .called('cluster-refresh:state')
        .map((call) => (call.input as { context: string }).context),
    ).toEqual(['alpha', 'beta']);

    fail = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(poll.error.value).toBe('no route');

    context.value = null;
    await flushPromises();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(bridge.called('cluster-refresh:state')).toHaveLength(3);
    scope.stop();
  });
});
