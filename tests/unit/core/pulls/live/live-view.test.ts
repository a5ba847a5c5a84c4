/**
 * The Pulls view when a fold fails: it is pushed marked stale with why (the error named, never
 * quoted), so it never keeps looking live while it stopped following the cluster; the next
 * change that folds brings it back live. And a token expiry passing folds it again by itself.
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PullsView } from '@core/api/contract';
import { createEventHub } from '@core/api/events';
import { createLiveView } from '@core/pulls/live/live-view';
import type { Tracker } from '@core/pulls/live/tracker';
import { containerStatus } from '../../../../kit/pods';
import { ecrToken } from '../../../../kit/tokens';

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
      get(this: { objects(): V1Pod[] }, namespace: string, name: string) {
        return this.objects().find(
          (pod) => pod.metadata?.namespace === namespace && pod.metadata.name === name,
        );
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
      readCauses: () => Promise.resolve(false),
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

/** The Pulls live view with `now` and `secretOf`, and what it pushed. */
function pullsLive(now: () => number, secretOf: () => V1Secret | undefined) {
  const events = createEventHub();
  const pushed: PullsView[] = [];
  events.listen((event, payload) => {
    if (event === 'pulls:changed') pushed.push(payload as PullsView);
  });
  const live = createLiveView({
    events,
    now,
    reads: { resolveOwners: () => Promise.resolve(), secretOf },
    checks: {
      startChecks: () => ({ automatic: true, localRegistries: false, notChecked: [] }),
      verdict: () => undefined,
    },
  });
  return { live, pushed };
}

afterEach(() => vi.useRealTimers());

describe('the Pulls view when a fold fails', () => {
  it('is pushed stale with the error named, then live again once a fold succeeds', async () => {
    vi.useFakeTimers();
    const { live, pushed } = pullsLive(
      () => Date.parse('2026-01-01T00:00:00Z'),
      () => undefined,
    );
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

describe('the Pulls view and the clock', () => {
  it('turns a token that expires in 3 min into "expired" on time, with no cluster change', async () => {
    vi.useFakeTimers();
    const image = 'registry.example.com/team/app:1.0';
    const expiresAt = new Date(Math.floor((Date.now() + 3 * 60_000) / 1000) * 1000);
    const password = ecrToken(expiresAt);
    const secret: V1Secret = {
      metadata: { name: 'ecr', namespace: 'team1-dev' },
      type: 'kubernetes.io/dockerconfigjson',
      data: {
        '.dockerconfigjson': Buffer.from(
          JSON.stringify({
            auths: {
              'registry.example.com': {
                auth: Buffer.from(`AWS:${password}`).toString('base64'),
              },
            },
          }),
        ).toString('base64'),
      },
    };
    const pod: V1Pod = {
      metadata: { name: 'web', namespace: 'team1-dev' },
      spec: { imagePullSecrets: [{ name: 'ecr' }], containers: [{ name: 'app', image }] },
      status: {
        phase: 'Running',
        containerStatuses: [containerStatus('app', image, { running: {} }, true)],
      },
    };
    const t = fakeTracker({ now: false });
    t.pods.objects = () => [pod];
    t.secrets.get = () => secret;
    const { live, pushed } = pullsLive(
      () => Date.now(),
      () => secret,
    );
    t.view = live.view(t);
    expect((await live.fold(t)).latent).toEqual([]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(pushed).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000 + 1_000);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.latent[0]!.expiredTokens?.[0]?.expiresAt).toBe(expiresAt.toISOString());
    expect(pushed[0]!.latent[0]!.message).toContain('expired at');
    // Nothing else expires: no timer left; closing the view leaves none either.
    t.view.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
