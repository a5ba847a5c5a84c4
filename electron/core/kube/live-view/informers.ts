/**
 * Informers shared between live views: one per (session, resource, scope), started by its first
 * user and stopped when its last user releases it, watching the context's cluster through its
 * kubeconfig (proxy-url included) with a port probe for a fast come-back.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { createInformer, type Informer, type InformerOptions, type ListResult } from '../informer';
import type { WatchObject } from '../informer-policy';
import { serverProbe } from '../server-probe';
import type { KubeSession } from '../session';
import type { LiveSource } from './view';

/** An informer held by one user; `release` lets it go (once). */
export interface Held<T> {
  informer: Informer<T>;
  release(): void;
}

function kubeWatcher(kubeConfig: KubeConfig): InformerOptions<never>['watcher'] {
  const transport = new Watch(kubeConfig);
  return {
    watch: (path, query, onEvent, onDone) => transport.watch(path, query, onEvent, onDone),
  };
}

interface Shared {
  informer: Informer<WatchObject>;
  refs: number;
}
const shared = new WeakMap<object, Map<string, Shared>>();

/**
 * The informer of (owner, key) — owner is the session, key names resource and scope — created on
 * first use and stopped when its last user releases it.
 */
export function acquireInformer<T extends WatchObject>(
  owner: object,
  key: string,
  create: () => Informer<T>,
): Held<T> {
  let byKey = shared.get(owner);
  if (!byKey) {
    byKey = new Map();
    shared.set(owner, byKey);
  }
  let entry = byKey.get(key);
  if (!entry) {
    entry = { informer: create(), refs: 0 };
    byKey.set(key, entry);
  }
  entry.refs += 1;
  const held = entry;
  let released = false;
  return {
    informer: held.informer as Informer<T>,
    release() {
      if (released) return;
      released = true;
      held.refs -= 1;
      if (held.refs === 0) {
        held.informer.stop();
        if (byKey.get(key) === held) byKey.delete(key);
      }
    },
  };
}

/** The watch transport and port probe of a context's cluster. */
export function clusterTransport(
  kubeConfig: KubeConfig,
): Pick<InformerOptions<never>, 'watcher' | 'probe'> {
  const cluster = kubeConfig.getCurrentCluster();
  return {
    watcher: kubeWatcher(kubeConfig),
    // Through the kubeconfig's proxy-url when it has one, as the watch goes.
    probe: serverProbe(cluster?.server, cluster?.proxyUrl),
  };
}

export interface WatchSpec<T> {
  /** Watch path, e.g. `/api/v1/namespaces/team1-dev/pods`. */
  path: string;
  query?: Record<string, string>;
  list: () => Promise<ListResult<T>>;
  /** An error retrying cannot fix (e.g. 403): the informer stops and reports stale. */
  fatal?: (error: unknown) => boolean;
  /** Names what `list` answers beyond a plain list (e.g. trimmed objects): part of the key. */
  variant?: string;
}

/**
 * The session's shared informer on `path` with `query` (its key), listing through the session
 * (errors mapped to AppErrors) and watching the session's cluster.
 */
export function sharedInformer<T extends WatchObject>(
  session: KubeSession,
  spec: WatchSpec<T>,
): Held<T> {
  const query = spec.query ?? {};
  const variant = spec.variant ? `#${spec.variant}` : '';
  const key = `${spec.path}?${new URLSearchParams(query).toString()}${variant}`;
  return acquireInformer<T>(session, key, () =>
    createInformer<T>({
      path: spec.path,
      query,
      list: () => session.call(spec.list),
      ...clusterTransport(session.kubeConfig),
      ...(spec.fatal ? { fatal: spec.fatal } : {}),
    }),
  );
}

/** A held informer as a live view's source (released with the view). */
export const sourceOf = (held: Held<WatchObject>): LiveSource => ({
  subscribe: (listener) => held.informer.subscribe(listener),
  freshness: () => held.informer.freshness(),
  release: () => held.release(),
});
