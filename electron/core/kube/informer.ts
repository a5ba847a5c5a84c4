/**
 * An informer: the objects of one resource in one scope, listed once and kept current by a
 * watch (from the list's resourceVersion, bookmarks on). An ERROR event or 410 Gone makes it list
 * again; a broken connection is retried with jittered exponential back-off (0.5 s → 30 s); error
 * events are never stored as objects and a failed list is never kept as a result. Its freshness
 * (live / reconnecting / stale) is part of what it reports. The decisions live in the pure
 * `informer-policy.ts`; this file only does the I/O.
 *
 * `live-view/informers.ts` shares one informer per (session, resource, scope) between its users.
 */
import type { Freshness } from '../api/contract';
import {
  afterListFailure,
  afterWatchEnd,
  decideWatchEvent,
  describeError,
  freshnessOf,
  isRefused,
  PROBE_AFTER_MS,
  type InformerEvent,
  type WatchObject,
} from './informer-policy';

export interface ListResult<T> {
  items: T[];
  metadata?: { resourceVersion?: string };
}

/** The watch transport (client-node's `Watch`, or a fake in unit tests). */
export interface Watcher {
  watch(
    path: string,
    query: Record<string, string>,
    onEvent: (type: string, object: unknown) => void,
    onDone: (error: unknown) => void,
  ): Promise<{ abort(): void }>;
}

export interface InformerOptions<T> {
  /** Watch path, e.g. `/api/v1/secrets` or `/api/v1/namespaces/team1-dev/pods`. */
  path: string;
  /** labelSelector / fieldSelector, the same for the list and the watch. */
  query?: Record<string, string>;
  list: () => Promise<ListResult<T>>;
  watcher: Watcher;
  /** An error that retrying cannot fix (e.g. 403): stop, report stale, reject waiters. */
  fatal?: (error: unknown) => boolean;
  describe?: (error: unknown) => string;
  /**
   * True when the server accepts connections again. While waiting out a long back-off after a
   * refused connection, it is asked every second, so a restarted server is seen at once.
   */
  probe?: () => Promise<boolean>;
  random?: () => number;
  now?: () => number;
}

export interface Informer<T> {
  objects(): T[];
  get(namespace: string, name: string): T | undefined;
  freshness(): Freshness;
  /** True once a list has succeeded. */
  synced(): boolean;
  /**
   * Resolves once a list has succeeded. Before that, it starts an attempt at once (a request is
   * a reason to retry now) and settles with that attempt's outcome: a failure is never cached.
   */
  ready(): Promise<void>;
  /** Lists again now and settles with that list's outcome. */
  relist(): Promise<void>;
  /** Called after every change of the objects or of the freshness. */
  subscribe(listener: () => void): () => void;
  /** Called, in order, for each list start and end and each stored watch event. */
  onEvent(listener: (event: InformerEvent<T>) => void): () => void;
  stop(): void;
}

const watchCounts = new Map<string, number>();

/** Watch connections open now, per path (for tests and diagnostics). */
export function openWatchCount(matches: (path: string) => boolean = () => true): number {
  let total = 0;
  for (const [path, count] of watchCounts) if (matches(path)) total += count;
  return total;
}

function countWatch(path: string, delta: number) {
  const next = (watchCounts.get(path) ?? 0) + delta;
  if (next > 0) watchCounts.set(path, next);
  else watchCounts.delete(path);
}

const sameVersion = (a: WatchObject, b: WatchObject) =>
  !!a.metadata?.resourceVersion &&
  a.metadata.resourceVersion === b.metadata?.resourceVersion &&
  a.metadata.uid === b.metadata?.uid;

export function createInformer<T extends WatchObject>(options: InformerOptions<T>): Informer<T> {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const describe = options.describe ?? describeError;
  const objects = new Map<string, T>();
  const listeners = new Set<() => void>();
  const eventListeners = new Set<(event: InformerEvent<T>) => void>();
  const emit = (event: InformerEvent<T>) => {
    for (const listener of [...eventListeners]) listener(event);
  };
  let waiters: Array<{ resolve(): void; reject(error: unknown): void }> = [];
  let resourceVersion: string | null = null;
  let attempt = 0;
  let live = false;
  let synced = false;
  let stopped = false;
  let fatalError: unknown = null;
  let downSince: number | null = null;
  let retryAt: number | null = null;
  let lastError: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let probing: NodeJS.Timeout | null = null;
  let refused = false;
  let request: { abort(): void } | null = null;
  let running = false;
  /** Bumped whenever the current list/watch is abandoned: late callbacks of old ones are ignored. */
  let generation = 0;

  const keyOf = (object: WatchObject) =>
    `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const settle = (error?: unknown) => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  };
  const nextOutcome = () =>
    new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));

  function failed(error: unknown) {
    live = false;
    downSince ??= now();
    lastError = describe(error);
    refused = isRefused(error);
  }

  function stopProbing() {
    if (probing) clearInterval(probing);
    probing = null;
  }

  function retryNow() {
    stopProbing();
    if (timer) clearTimeout(timer);
    timer = null;
    retryAt = null;
    run();
  }

  function schedule(delayMs: number) {
    if (timer) clearTimeout(timer);
    stopProbing();
    retryAt = delayMs > 0 ? now() + delayMs : null;
    timer = setTimeout(retryNow, delayMs);
    const probe = options.probe;
    if (probe && refused && delayMs > PROBE_AFTER_MS) {
      let asking = false;
      probing = setInterval(() => {
        if (asking) return;
        asking = true;
        void probe()
          .then((open) => {
            // The port accepts again: the server is back, start over from the first back-off.
            if (open && probing && !stopped) {
              attempt = 0;
              retryNow();
            }
          })
          .finally(() => (asking = false));
      }, PROBE_AFTER_MS);
    }
  }

  function run() {
    if (stopped || running) return;
    if (resourceVersion === null) void list();
    else void watch(resourceVersion);
  }

  async function list() {
    const mine = ++generation;
    running = true;
    emit({ type: 'list-start' });
    try {
      const result = await options.list();
      if (mine !== generation || stopped) return;
      running = false;
      const previous = new Map(objects);
      objects.clear();
      for (const item of result.items) {
        const key = keyOf(item);
        // An unchanged object (same uid and resourceVersion) keeps its identity across a relist,
        // so what consumers derived from it (memoised per object) stays valid.
        const kept = previous.get(key);
        objects.set(key, kept && sameVersion(kept, item) ? kept : item);
      }
      emit({ type: 'listed' });
      resourceVersion = result.metadata?.resourceVersion ?? '';
      synced = true;
      settle();
      notify();
      void watch(resourceVersion);
    } catch (error) {
      if (mine !== generation || stopped) return;
      running = false;
      failed(error);
      if (options.fatal?.(error)) {
        fatalError = error;
        settle(error);
        notify();
        return;
      }
      const step = afterListFailure(attempt, random());
      attempt = step.attempt;
      schedule(step.delayMs);
      settle(error);
      notify();
    }
  }

  async function watch(from: string) {
    const mine = ++generation;
    running = true;
    const openedAt = now();
    let received = 0;
    let relist = false;
    let ended = false;
    let counted = false;
    const uncount = () => {
      if (counted) countWatch(options.path, -1);
      counted = false;
    };
    const end = (error: unknown) => {
      if (ended) return;
      ended = true;
      uncount();
      if (mine !== generation || stopped) return;
      running = false;
      request = null;
      const step = afterWatchEnd(
        { error, relist, received, openMs: now() - openedAt },
        attempt,
        random(),
      );
      attempt = step.attempt;
      if (step.next === 'list') resourceVersion = null;
      if (step.failure) failed(error ?? new Error('the watch closed at once'));
      schedule(step.delayMs);
      if (step.failure) notify();
    };
    const onEvent = (type: string, object: unknown) => {
      if (mine !== generation || stopped || ended) return;
      const decision = decideWatchEvent(type, object as WatchObject | undefined);
      switch (decision.action) {
        case 'relist': {
          relist = true;
          resourceVersion = null;
          request?.abort();
          const status = object as { message?: string } | undefined;
          const why = decision.gone
            ? 'the watch expired (410 Gone)'
            : 'the watch reported an error';
          end(new Error(`${why}${status?.message ? `: ${status.message}` : ''}; listing again`));
          return;
        }
        case 'ignore':
          return;
        case 'bookmark':
          break;
        case 'upsert':
          objects.set(keyOf(object as T), object as T);
          emit({ type: 'upserted', object: object as T });
          break;
        case 'delete':
          objects.delete(keyOf(object as T));
          emit({ type: 'deleted', object: object as T });
          break;
      }
      received += 1;
      if (decision.resourceVersion) resourceVersion = decision.resourceVersion;
      if (decision.action !== 'bookmark') notify();
    };
    try {
      const handle = await options.watcher.watch(
        options.path,
        { ...options.query, allowWatchBookmarks: 'true', resourceVersion: from },
        onEvent,
        end,
      );
      if (ended || mine !== generation || stopped) {
        handle.abort();
        return;
      }
      request = {
        abort() {
          uncount();
          handle.abort();
        },
      };
      counted = true;
      countWatch(options.path, 1);
      const wasLive = live && downSince === null;
      live = true;
      downSince = null;
      lastError = null;
      if (!wasLive) notify();
    } catch (error) {
      end(error);
    }
  }

  return {
    objects: () => [...objects.values()],
    get: (namespace, name) => objects.get(`${namespace}/${name}`),
    freshness: () =>
      freshnessOf({
        live,
        downSince,
        retryAt,
        lastError,
        unwatched: fatalError !== null || stopped,
      }),
    synced: () => synced,
    ready() {
      if (synced) return Promise.resolve();
      // The fatal error as it was thrown (an AppError from the list call).
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      if (fatalError !== null) return Promise.reject(fatalError);
      if (stopped) return Promise.reject(new Error('informer stopped'));
      const outcome = nextOutcome();
      if (timer) retryNow();
      else run();
      return outcome;
    },
    relist() {
      if (stopped) return Promise.reject(new Error('informer stopped'));
      const outcome = nextOutcome();
      generation += 1;
      request?.abort();
      request = null;
      running = false;
      stopProbing();
      if (timer) clearTimeout(timer);
      timer = null;
      retryAt = null;
      fatalError = null;
      resourceVersion = null;
      run();
      return outcome;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      generation += 1;
      if (timer) clearTimeout(timer);
      stopProbing();
      request?.abort();
      request = null;
      live = false;
      settle(new Error('informer stopped'));
      listeners.clear();
      eventListeners.clear();
    },
  };
}
