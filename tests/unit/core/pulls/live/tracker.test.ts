/**
 * A context's tracker, closed: whoever kept it (the registry checks) is told at once, once. The
 * informers are this module's own fakes (watching a cluster is not what is tested here).
 */
import { describe, expect, it, vi } from 'vitest';
import type { ClusterService } from '@core/kube/clusters';
import { createLiveView } from '@core/kube/live-view/view';
import { DEFAULT_CHECK_SETTINGS } from '@core/pulls/checks/check-policy';
import type { ScopedInformers } from '@core/pulls/live/scoped-informers';
import { createTrackers, type Tracker } from '@core/pulls/live/tracker';

const released: string[] = [];
vi.mock('@core/pulls/live/scoped-informers', () => ({
  openScoped: (_session: unknown, spec: { resource: string }): Promise<ScopedInformers<never>> =>
    Promise.resolve({
      scope: 'cluster',
      namespaces: 0,
      objects: () => [],
      get: () => undefined,
      freshness: () => ({ state: 'live', since: null, retryAt: null, error: null }),
      subscribe: () => () => undefined,
      release: () => void released.push(spec.resource),
    }),
}));

vi.mock('@core/pulls/live/eso-feeds', () => ({
  openEsoFeeds: () => ({
    lookup: () => null,
    readCauses: () => Promise.resolve(false),
    freshness: () => ({ state: 'live', since: null, retryAt: null, error: null }),
    subscribe: () => () => undefined,
    release: () => void released.push('eso'),
  }),
}));

const clusters = {
  session: () => Promise.resolve({ status: () => Promise.resolve({ version: 'v1.30.0' }) }),
  namespaces: () => Promise.resolve({ namespaces: [] }),
} as unknown as ClusterService;

describe('closing a context’s tracker', () => {
  it('lets go of it at once, every time the view opens and closes', async () => {
    const stopped: Tracker[] = [];
    const trackers = createTrackers(
      clusters,
      (t) =>
        createLiveView({
          sources: [t.pods, t.secrets],
          fold: () => {
            throw new Error('not folded here');
          },
          stale: () => null,
          push: () => undefined,
          coalesceMs: 0,
        }),
      () => Promise.resolve(DEFAULT_CHECK_SETTINGS),
      (t) => stopped.push(t),
    );
    const opened: Tracker[] = [];
    for (let round = 0; round < 5; round++) {
      opened.push(await trackers.tracker('alpha'));
      expect(await trackers.close('alpha')).toBe(true);
      expect(stopped).toEqual(opened);
      expect(opened.every((t) => t.stopped)).toBe(true);
    }
    expect(released.filter((what) => what !== 'eso')).toHaveLength(2 * 5);
    // The External Secrets informers are let go with the tracker too.
    expect(released.filter((what) => what === 'eso').length).toBeGreaterThanOrEqual(5);
    // Closing a context without a tracker tells nobody anything.
    expect(await trackers.close('alpha')).toBe(false);
    expect(stopped).toHaveLength(5);
  });
});
