/**
 * The live-view primitive's clock: a view that goes out of date by time alone (`wakeAt`, e.g. a
 * token expiry) is folded and pushed again then with no source change — one timer, rescheduled
 * when a fold names another time, kept when it names the same, cleared on stop.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLiveView, type LiveSource } from '@core/kube/live-view/view';

const source: LiveSource = {
  subscribe: () => () => undefined,
  freshness: () => ({ state: 'live', since: null, retryAt: null, error: null }),
  release: () => undefined,
};

afterEach(() => vi.useRealTimers());

describe('a live view woken by the clock', () => {
  it('folds again at the time its last fold named, once per time, never after stop', async () => {
    vi.useFakeTimers();
    const start = Date.now();
    let wake: number | null = start + 60_000;
    const pushed: number[] = [];
    let folds = 0;
    const view = createLiveView<number>({
      sources: [source],
      fold: () => ++folds,
      stale: () => null,
      push: (n) => pushed.push(n),
      coalesceMs: 10,
      wakeAt: () => wake,
    });
    await view.fold();
    expect(vi.getTimerCount()).toBe(1);
    // A fold naming the same time keeps the one timer.
    await view.fold();
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(pushed).toEqual([]);
    // Rescheduled to a later time by a fold: the earlier one does not fire.
    wake = start + 120_000;
    await view.fold();
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(pushed).toEqual([]);
    wake = null;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pushed).toEqual([4]);
    // Nothing named: no timer left.
    expect(vi.getTimerCount()).toBe(0);

    wake = Date.now() + 5_000;
    await view.fold();
    view.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pushed).toEqual([4]);
  });
});
