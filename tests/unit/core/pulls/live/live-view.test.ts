/**
 * The Pulls view when a fold fails: it is pushed marked stale with why (the error named, never
 * quoted), so it never keeps looking live while it stopped following the cluster; the next
 * change that folds brings it back live.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PullsView } from '@core/api/contract';
import { createEventHub } from '@core/api/events';
import { createLiveView } from '@core/pulls/live/live-view';
import type { Tracker } from '@core/pulls/live/tracker';

const LIVE = { state: 'live', since: null, retryAt: null, error: null } as const;

/** A tracker whose pod list throws while `broken.now` holds (a fold that fails). */
function fakeTracker(broken: { now: boolean }) {
  return {
    context: 'alpha',
    pods: {
      scope: 'cluster',
      namespaces: 0,
      objects: (): V1Pod[] => {
        if (broken.now) throw new RangeError('Maximum call stack size exceeded CANARY-x7Q');
        return [];
      },
      freshness: () => LIVE,
      subscribe: () => () => undefined,
      release: () => undefined,
    },
    secrets: {
      get: () => undefined,
      freshness: () => LIVE,
      subscribe: () => () => undefined,
      release: () => undefined,
    },
    eso: {
      lookup: () => null,
      freshness: () => LIVE,
      subscribe: () => () => undefined,
      release: () => undefined,
    },
    owners: new Map(),
    checkSettings: { automatic: true, localRegistries: false },
    version: 'v1.36.3',
    stopped: false,
  } as unknown as Tracker;
}

afterEach(() => vi.useRealTimers());

describe('the Pulls view when a fold fails', () => {
  it('is pushed stale with the error named, then live again once a fold succeeds', async () => {
    vi.useFakeTimers();
    const events = createEventHub();
    const pushed: PullsView[] = [];
    events.listen((event, payload) => {
      if (event === 'pulls:changed') pushed.push(payload as PullsView);
    });
    const live = createLiveView({
      events,
      now: () => Date.parse('2026-01-01T00:00:00Z'),
      reads: {
        resolveOwners: () => Promise.resolve(),
        secretOf: () => undefined,
      },
      checks: {
        startChecks: () => ({ automatic: true, localRegistries: false, notChecked: [] }),
        verdict: () => undefined,
      },
    });
    const broken = { now: false };
    const t = fakeTracker(broken);
    t.view = live.view(t);
    const first = await live.fold(t);
    expect(first.freshness.state).toBe('live');

    broken.now = true;
    live.schedule(t);
    await vi.runAllTimersAsync();
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.freshness).toEqual({
      state: 'stale',
      since: '2026-01-01T00:00:00.000Z',
      retryAt: null,
      error: 'PullKey could not update this view (RangeError): it shows the last state read',
    });
    expect(pushed[0]!.updatedAt).toBe(first.updatedAt);
    expect(JSON.stringify(pushed[0])).not.toContain('CANARY');

    broken.now = false;
    live.schedule(t);
    await vi.runAllTimersAsync();
    expect(pushed.at(-1)!.freshness.state).toBe('live');
  });
});
