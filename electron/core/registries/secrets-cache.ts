/**
 * All dockerconfigjson secrets of one context, kept current by ONE informer (list, then watch
 * with field selector type=kubernetes.io/dockerconfigjson), so the registries view updates live
 * and says how fresh it is. A refresh lists again on the same informer (never a second watch);
 * a failed list is never kept: the next request and the informer's back-off loop retry it.
 * Without a cluster-wide list permission it reads namespace by namespace (no watch: stale).
 */
import type { V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { Freshness } from '../api/contract';
import { isAppError } from '../api/errors';
import { freshnessOf } from '../kube/informer-policy';
import { sharedInformer, sourceOf } from '../kube/live-view/informers';
import { createLiveView } from '../kube/live-view/view';
import { rawList } from '../kube/raw-list';
import type { KubeSession } from '../kube/session';
import { DOCKERCONFIGJSON_TYPE } from '../dockerconfig/dockerconfig';
import { createRevertWatch, type PutBack } from './revert-watch';
import { createWriteOverlay } from './write-overlay';

const FIELD_SELECTOR = `type=${DOCKERCONFIGJSON_TYPE}`;
const QUERY = { fieldSelector: FIELD_SELECTOR };

export interface SecretsSnapshot {
  secrets: V1Secret[];
  partial: boolean;
  freshness: Freshness;
}

export interface SecretsCache {
  snapshot(options: {
    refresh?: boolean;
    namespaces: () => Promise<string[]>;
  }): Promise<SecretsSnapshot>;
  /** Read-your-writes: record a secret PullKey just wrote (the watch confirms it later). */
  record(secret: V1Secret): void;
  forget(namespace: string, name: string): void;
  /** When an engine last put this copy back after a change behind its back (revert-watch.ts). */
  putBackOf(namespace: string, name: string): PutBack | null;
  freshness(): Freshness;
  stop(): void;
}

const forbidden = (error: unknown) => isAppError(error) && error.code === 'CLUSTER_FORBIDDEN';

export function createSecretsCache(session: KubeSession, onChange: () => void): SecretsCache {
  const held = sharedInformer<V1Secret>(session, {
    path: '/api/v1/secrets',
    query: QUERY,
    // Wire JSON, as the watch delivers it (timestamps are strings): see kube/raw-list.ts.
    list: () => rawList<V1Secret>(session.kubeConfig, '/api/v1/secrets', QUERY),
    fatal: forbidden,
  });
  const { informer } = held;
  let partial: { secrets: V1Secret[]; at: number } | null = null;
  // Read-your-writes without comparing resourceVersions: see write-overlay.ts.
  const overlay = createWriteOverlay<V1Secret>();
  const reverts = createRevertWatch();
  const stopEvents = informer.onEvent((event) => {
    overlay.observe(event);
    reverts.observe(event);
  });
  // The secrets as the watch and PullKey's own writes say; every change (within 25 ms: once)
  // tells `onChange`.
  const view = createLiveView<V1Secret[]>({
    sources: [sourceOf(held)],
    fold: () => overlay.view(informer.objects()),
    stale: () => null,
    push: () => onChange(),
    coalesceMs: 25,
  });

  async function listPerNamespace(namespaces: string[]): Promise<V1Secret[]> {
    const limit = pLimit(8);
    const lists = await Promise.all(
      namespaces.map((namespace) =>
        limit(() =>
          session
            .call(() =>
              rawList<V1Secret>(
                session.kubeConfig,
                `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`,
                QUERY,
              ),
            )
            .then((list) => list.items)
            .catch(() => [] as V1Secret[]),
        ),
      ),
    );
    return lists.flat();
  }

  function freshness(): Freshness {
    if (partial)
      return freshnessOf({
        live: false,
        downSince: partial.at,
        retryAt: null,
        lastError: null,
        unwatched: true,
      });
    return informer.freshness();
  }

  return {
    async snapshot({ refresh = false, namespaces }) {
      if (partial && !refresh)
        return { secrets: partial.secrets, partial: true, freshness: freshness() };
      try {
        await (refresh ? informer.relist() : informer.ready());
        partial = null;
      } catch (error) {
        if (!forbidden(error)) throw error;
        partial = { secrets: await listPerNamespace(await namespaces()), at: Date.now() };
        return { secrets: partial.secrets, partial: true, freshness: freshness() };
      }
      return { secrets: await view.fold(), partial: false, freshness: freshness() };
    },
    record(secret) {
      overlay.written(secret);
      view.changed();
    },
    forget(namespace, name) {
      overlay.deleted(namespace, name);
      view.changed();
    },
    putBackOf: (namespace, name) => reverts.putBackOf(namespace, name),
    freshness,
    stop() {
      stopEvents();
      view.stop();
    },
  };
}
