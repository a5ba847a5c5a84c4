/**
 * The live-view primitive: changes close together make one fold and one push, a fold that
 * throws pushes the last view marked stale (and the next change folds again), `read` brings
 * inputs for a second fold, and a stopped view lets go of its sources and pushes nothing more.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Freshness } from '@core/api/contract';
import { createLiveView, type LiveSource } from '@core/kube/live-view/view';

const LIVE: Freshness = { state: 'live', since: null, retryAt: null, error: null };

function fakeSource(freshness: Freshness = LIVE) {
  const listeners = new Set<() => void>();
  let released = 0;
  const source: LiveSource = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    freshness: () => freshness,
    release: () => void (released += 1),
  };
  return {
    source,
    change: () => listeners.forEach((listener) => listener()),
    listeners: () => listeners.size,
    released: () => released,
  };
}

interface View {
  n: number;
  stale?: string;
}

afterEach(() => vi.useRealTimers());

describe('a live view', () => {
  it('folds and pushes a burst of changes once', async () => {
    vi.useFakeTimers();
    const a = fakeSource();
    const b = fakeSource();
    let folds = 0;
    const pushed: View[] = [];
    createLiveView<View>({
      sources: [a.source, b.source],
      fold: () => ({ n: ++folds }),
      stale: () => null,
      push: (view) => pushed.push(view),
      coalesceMs: 30,
    });
    for (let i = 0; i < 50; i++) (i % 2 ? a : b).change();
    await vi.advanceTimersByTimeAsync(29);
    expect(pushed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(pushed).toEqual([{ n: 1 }]);
    a.change();
    await vi.runAllTimersAsync();
    expect(pushed).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('pushes the last view marked stale when a fold throws, then folds again on a change', async () => {
    vi.useFakeTimers();
    const a = fakeSource();
    let broken = false;
    let n = 0;
    const pushed: View[] = [];
    const view = createLiveView<View>({
      sources: [a.source],
      fold: () => {
        if (broken) throw new RangeError('CANARY');
        return { n: ++n };
      },
      stale: (last, error) => ({ n: last?.n ?? 0, stale: (error as Error).name }),
      push: (folded) => pushed.push(folded),
      coalesceMs: 10,
    });
    expect(await view.fold()).toEqual({ n: 1 });
    broken = true;
    a.change();
    await vi.runAllTimersAsync();
    expect(pushed).toEqual([{ n: 1, stale: 'RangeError' }]);
    expect(view.latest()).toEqual({ n: 1, stale: 'RangeError' });
    // Asked directly (an open), the error goes to the asker.
    await expect(view.fold()).rejects.toThrow('CANARY');
    broken = false;
    a.change();
    await vi.runAllTimersAsync();
    expect(pushed.at(-1)).toEqual({ n: 2 });
  });

  it('folds again at once when the read after a fold brought new inputs', async () => {
    let owners = 0;
    const view = createLiveView<View>({
      sources: [],
      fold: () => ({ n: owners }),
      read: (folded) => {
        if (folded.n > 0) return false;
        owners = 3;
        return Promise.resolve(true);
      },
      stale: () => null,
      push: () => undefined,
      coalesceMs: 0,
    });
    expect(await view.fold()).toEqual({ n: 3 });
  });

  it('a change during a slow read is folded into that fold: an open never answers older than a push', async () => {
    vi.useFakeTimers();
    const a = fakeSource();
    let state = 1;
    let release: (more: boolean) => void = () => undefined;
    let reads = 0;
    const pushed: View[] = [];
    const view = createLiveView<View>({
      sources: [a.source],
      fold: () => ({ n: state }),
      // The open's read is slow (owners read on a busy API server); the push's is not.
      read: () => (++reads === 1 ? new Promise<boolean>((r) => (release = r)) : false),
      stale: () => null,
      push: (folded) => pushed.push(folded),
      coalesceMs: 10,
    });
    const opened = view.fold();
    state = 2; // the pod starts failing while the open's read runs
    a.change();
    await vi.advanceTimersByTimeAsync(10);
    expect(pushed).toEqual([{ n: 2 }]);
    release(false);
    // Sent after that push, the open's answer must not take the view back to before it.
    expect(await opened).toEqual({ n: 2 });
    expect(view.latest()).toEqual({ n: 2 });
  });

  it('reports its sources’ freshness, worst first', () => {
    const down: Freshness = { state: 'reconnecting', since: 'x', retryAt: null, error: 'gone' };
    const view = createLiveView<View>({
      sources: [fakeSource().source, fakeSource(down).source],
      fold: () => ({ n: 0 }),
      stale: () => null,
      push: () => undefined,
      coalesceMs: 0,
    });
    expect(view.freshness()).toEqual(down);
  });

  it('stopped, lets go of its sources once and pushes nothing more (not even a pending burst)', async () => {
    vi.useFakeTimers();
    const a = fakeSource();
    const pushed: View[] = [];
    const view = createLiveView<View>({
      sources: [a.source],
      fold: () => ({ n: 1 }),
      stale: () => null,
      push: (folded) => pushed.push(folded),
      coalesceMs: 10,
    });
    expect(a.listeners()).toBe(1);
    a.change();
    view.stop();
    view.stop();
    view.changed();
    await vi.runAllTimersAsync();
    expect(pushed).toEqual([]);
    expect(a.listeners()).toBe(0);
    expect(a.released()).toBe(1);
    expect(view.stopped()).toBe(true);
  });
});
