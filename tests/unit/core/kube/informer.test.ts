import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireInformer } from '@core/kube/live-view/informers';
import { createInformer, openWatchCount, type ListResult, type Watcher } from '@core/kube/informer';
import {
  afterListFailure,
  afterWatchEnd,
  backoffDelay,
  decideWatchEvent,
  freshnessOf,
  isRefused,
} from '@core/kube/informer-policy';

interface Obj {
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion: string };
}
const obj = (name: string, resourceVersion: string): Obj => ({
  metadata: { name, namespace: 'ns', resourceVersion },
});
/** The names an informer holds, sorted. */
const namesIn = (informer: { objects: () => Obj[] }) =>
  informer
    .objects()
    .map((o) => o.metadata.name)
    .sort();

describe('informer policy (pure)', () => {
  it('backs off exponentially from 0.5 s to 30 s, jittered within 80–120 %', () => {
    expect(backoffDelay(0, 0.5)).toBe(500);
    expect(backoffDelay(1, 0.5)).toBe(1000);
    expect(backoffDelay(3, 0.5)).toBe(4000);
    expect(backoffDelay(6, 0.5)).toBe(30_000);
    expect(backoffDelay(20, 1)).toBe(30_000);
    expect(backoffDelay(0, 0)).toBe(400);
    expect(backoffDelay(0, 1)).toBe(600);
    for (let attempt = 0; attempt < 12; attempt++) {
      expect(backoffDelay(attempt, Math.random())).toBeLessThanOrEqual(30_000);
    }
  });

  it('never stores an ERROR event or a Status object; 410 asks for a relist', () => {
    const gone = { kind: 'Status', code: 410, metadata: {} };
    expect(decideWatchEvent('ERROR', gone)).toEqual({ action: 'relist', gone: true });
    expect(decideWatchEvent('ERROR', { kind: 'Status', code: 500 })).toEqual({
      action: 'relist',
      gone: false,
    });
    expect(decideWatchEvent('ADDED', { kind: 'Status', metadata: { name: '' } })).toEqual({
      action: 'ignore',
    });
    expect(decideWatchEvent('MODIFIED', { metadata: {} })).toEqual({ action: 'ignore' });
    expect(decideWatchEvent('ADDED', obj('a', '7'))).toEqual({
      action: 'upsert',
      resourceVersion: '7',
    });
    expect(decideWatchEvent('DELETED', obj('a', '8'))).toEqual({
      action: 'delete',
      resourceVersion: '8',
    });
    expect(decideWatchEvent('BOOKMARK', { metadata: { resourceVersion: '9' } })).toEqual({
      action: 'bookmark',
      resourceVersion: '9',
    });
  });

  it('relists on 410 Gone, reconnects at once after a normal close, backs off after a failure', () => {
    const gone = Object.assign(new Error('Gone'), { statusCode: 410 });
    expect(
      afterWatchEnd({ error: gone, relist: false, received: 3, openMs: 5000 }, 0, 0.5),
    ).toEqual({ next: 'list', delayMs: 0, attempt: 0, failure: false });
    // A 410 at once on reconnect: list again, after a back-off (no tight loop).
    expect(afterWatchEnd({ error: gone, relist: false, received: 0, openMs: 5 }, 2, 0.5)).toEqual({
      next: 'list',
      delayMs: 2000,
      attempt: 3,
      failure: true,
    });
    expect(
      afterWatchEnd({ error: null, relist: false, received: 0, openMs: 60_000 }, 4, 0.5),
    ).toEqual({ next: 'watch', delayMs: 0, attempt: 0, failure: false });
    const timeout = Object.assign(new Error('timeout'), { name: 'TimeoutError' });
    expect(
      afterWatchEnd({ error: timeout, relist: false, received: 0, openMs: 30_000 }, 0, 0.5).delayMs,
    ).toBe(0);
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    // A long healthy watch that breaks: first retry after 0.5 s.
    expect(
      afterWatchEnd({ error: reset, relist: false, received: 10, openMs: 9000 }, 5, 0.5),
    ).toEqual({ next: 'watch', delayMs: 500, attempt: 1, failure: true });
    // Refused again and again: the delay grows to the cap.
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const delays: number[] = [];
    let attempt = 1;
    for (let i = 0; i < 9; i++) {
      const step = afterWatchEnd(
        { error: refused, relist: false, received: 0, openMs: 0 },
        attempt,
        0.5,
      );
      delays.push(step.delayMs);
      attempt = step.attempt;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
    expect(afterListFailure(0, 0.5)).toEqual({
      next: 'list',
      delayMs: 500,
      attempt: 1,
      failure: true,
    });
  });

  it('tells a refused connection (server down) from other failures, through causes', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(isRefused(Object.assign(new Error('fetch failed'), { cause: refused }))).toBe(true);
    expect(isRefused(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isRefused(null)).toBe(false);
  });

  it('reports live, reconnecting with the retry time, or stale since when', () => {
    expect(freshnessOf({ live: true, downSince: null, retryAt: null, lastError: null })).toEqual({
      state: 'live',
      since: null,
      retryAt: null,
      error: null,
    });
    expect(
      freshnessOf({ live: false, downSince: 1000, retryAt: 5000, lastError: 'refused' }),
    ).toEqual({
      state: 'reconnecting',
      since: new Date(1000).toISOString(),
      retryAt: new Date(5000).toISOString(),
      error: 'refused',
    });
    expect(
      freshnessOf({ live: false, downSince: 1000, retryAt: null, lastError: 'x', unwatched: true })
        .state,
    ).toBe('stale');
  });
});

/** A scripted API: list answers and watch streams the test controls. */
function fakeApi() {
  const lists: Array<() => Promise<ListResult<Obj>>> = [];
  const watches: Array<{
    query: Record<string, string>;
    emit: (type: string, object: unknown) => void;
    close: (error: unknown) => void;
    aborted: boolean;
  }> = [];
  let listCalls = 0;
  const watcher: Watcher = {
    async watch(_path, query, onEvent, onDone) {
      const entry = { query, emit: onEvent, close: onDone, aborted: false };
      watches.push(entry);
      return {
        abort() {
          entry.aborted = true;
        },
      };
    },
  };
  return {
    watcher,
    watches,
    lists,
    get listCalls() {
      return listCalls;
    },
    list: () => {
      listCalls += 1;
      const next = lists.shift();
      return next ? next() : Promise.reject(new Error('connect ECONNREFUSED'));
    },
  };
}

/** An informer on the fake API at `path`, its back-off without jitter. */
const informerOf = (path: string, api: ReturnType<typeof fakeApi>) =>
  createInformer<Obj>({ path, list: api.list, watcher: api.watcher, random: () => 0 });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('informer (driver with a scripted API)', () => {
  afterEach(() => vi.useRealTimers());

  it('lists, watches from the list resourceVersion with bookmarks, and relists on a 410 ERROR event without storing it', async () => {
    const api = fakeApi();
    api.lists.push(async () => ({ items: [obj('a', '5')], metadata: { resourceVersion: '10' } }));
    api.lists.push(async () => ({
      items: [obj('a', '5'), obj('b', '30')],
      metadata: { resourceVersion: '31' },
    }));
    const informer = createInformer<Obj>({ path: '/p', list: api.list, watcher: api.watcher });
    await informer.ready();
    await flush();
    expect(api.watches[0]?.query).toMatchObject({
      resourceVersion: '10',
      allowWatchBookmarks: 'true',
    });
    expect(openWatchCount((path) => path === '/p')).toBe(1);
    expect(informer.freshness().state).toBe('live');
    api.watches[0]!.emit('ADDED', obj('c', '11'));
    api.watches[0]!.emit('BOOKMARK', { kind: 'Pod', metadata: { resourceVersion: '12' } });
    expect(namesIn(informer)).toEqual(['a', 'c']);
    api.watches[0]!.emit('ERROR', {
      kind: 'Status',
      code: 410,
      message: 'too old resource version: 12 (25)',
      metadata: {},
    });
    expect(api.watches[0]!.aborted).toBe(true);
    expect(informer.objects().some((o) => !o.metadata.name)).toBe(false);
    await vi.waitFor(() => expect(api.listCalls).toBe(2), { timeout: 3000 });
    await flush();
    expect(namesIn(informer)).toEqual(['a', 'b']);
    expect(api.watches[1]?.query.resourceVersion).toBe('31');
    informer.stop();
    expect(openWatchCount((path) => path === '/p')).toBe(0);
  });

  it('does not cache a failed list: the next request retries at once, and the loop retries by itself', async () => {
    const api = fakeApi();
    const informer = informerOf('/q', api);
    await expect(informer.ready()).rejects.toThrow(/ECONNREFUSED/);
    expect(informer.freshness()).toMatchObject({
      state: 'reconnecting',
      error: 'connect ECONNREFUSED',
    });
    expect(informer.freshness().retryAt).not.toBeNull();
    api.lists.push(async () => ({ items: [obj('a', '1')], metadata: { resourceVersion: '2' } }));
    await informer.ready(); // a new request: tried again now, not answered from the failure
    expect(informer.objects()).toHaveLength(1);
    informer.stop();

    // Without any request, the back-off loop recovers on its own.
    const api2 = fakeApi();
    const informer2 = informerOf('/r', api2);
    await expect(informer2.ready()).rejects.toThrow();
    api2.lists.push(async () => ({ items: [obj('z', '1')], metadata: { resourceVersion: '3' } }));
    await vi.waitFor(() => expect(informer2.synced()).toBe(true), { timeout: 3000 });
    await vi.waitFor(() => expect(informer2.freshness().state).toBe('live'), { timeout: 3000 });
    informer2.stop();
  });

  it('goes reconnecting when the stream breaks and live again when it reopens from the last resourceVersion', async () => {
    const api = fakeApi();
    api.lists.push(async () => ({ items: [], metadata: { resourceVersion: '1' } }));
    let changes = 0;
    const informer = informerOf('/s', api);
    informer.subscribe(() => (changes += 1));
    await informer.ready();
    await flush();
    api.watches[0]!.emit('ADDED', obj('a', '4'));
    api.watches[0]!.close(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect(informer.freshness().state).toBe('reconnecting');
    expect(openWatchCount((path) => path === '/s')).toBe(0);
    await vi.waitFor(() => expect(api.watches).toHaveLength(2), { timeout: 3000 });
    expect(api.watches[1]!.query.resourceVersion).toBe('4');
    await flush();
    expect(informer.freshness().state).toBe('live');
    expect(changes).toBeGreaterThanOrEqual(3);
    informer.stop();
  });

  it('while backing off after a refused connection, probes the port and retries as soon as it opens', async () => {
    vi.useFakeTimers();
    const refused = () =>
      Promise.reject(
        Object.assign(new Error('fetch failed'), {
          cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), {
            code: 'ECONNREFUSED',
          }),
        }),
      );
    let up = false;
    let lists = 0;
    const api = fakeApi();
    const informer = createInformer<Obj>({
      path: '/u',
      list: () => {
        lists += 1;
        return up
          ? Promise.resolve({ items: [obj('a', '1')], metadata: { resourceVersion: '2' } })
          : refused();
      },
      watcher: api.watcher,
      probe: async () => up,
      random: () => 1,
    });
    await expect(informer.ready()).rejects.toThrow(/fetch failed/);
    expect(informer.freshness().error).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:6443');
    await vi.advanceTimersByTimeAsync(600); // second attempt, refused: next wait 1.2 s, with probes
    expect(lists).toBe(2);
    up = true;
    await vi.advanceTimersByTimeAsync(1000); // the probe sees the port open before the 1.2 s
    expect(lists).toBe(3);
    expect(informer.synced()).toBe(true);
    informer.stop();
  });

  it('keeps an unchanged object’s identity across a relist (same uid and resourceVersion)', async () => {
    const api = fakeApi();
    const withUid = (name: string, resourceVersion: string, uid: string) => ({
      metadata: { ...obj(name, resourceVersion).metadata, uid },
    });
    api.lists.push(async () => ({
      items: [withUid('a', '5', 'u-a'), withUid('b', '6', 'u-b'), withUid('c', '7', 'u-c')],
      metadata: { resourceVersion: '10' },
    }));
    // b changed; c was deleted and created again under the same name (new uid).
    api.lists.push(async () => ({
      items: [withUid('a', '5', 'u-a'), withUid('b', '9', 'u-b'), withUid('c', '7', 'u-c2')],
      metadata: { resourceVersion: '11' },
    }));
    const informer = createInformer<Obj>({ path: '/keep', list: api.list, watcher: api.watcher });
    await informer.ready();
    const before = new Map(informer.objects().map((o) => [o.metadata.name, o]));
    await informer.relist();
    const after = new Map(informer.objects().map((o) => [o.metadata.name, o]));
    expect(after.get('a')).toBe(before.get('a'));
    expect(after.get('b')).not.toBe(before.get('b'));
    expect(after.get('b')?.metadata.resourceVersion).toBe('9');
    expect(after.get('c')).not.toBe(before.get('c'));
    informer.stop();
  });

  it('shares one informer per key and stops it with its last user', async () => {
    const owner = {};
    let created = 0;
    const make = () => {
      created += 1;
      const api = fakeApi();
      return createInformer<Obj>({ path: '/t', list: api.list, watcher: api.watcher });
    };
    const first = acquireInformer(owner, 'pods', make);
    const second = acquireInformer(owner, 'pods', make);
    expect(created).toBe(1);
    expect(second.informer).toBe(first.informer);
    first.release();
    second.release();
    const third = acquireInformer(owner, 'pods', make);
    expect(created).toBe(2);
    third.release();
  });
});
