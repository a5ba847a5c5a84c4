/**
 * All dockerconfigjson secrets of one context, listed once and kept current with a watch
 * (field selector type=kubernetes.io/dockerconfigjson), so the registries view updates live.
 * Without a cluster-wide list permission it reads namespace by namespace (no watch).
 */
import { Watch, type V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import { isAppError } from '../api/errors';
import type { KubeSession } from '../kube/session';
import { DOCKERCONFIGJSON_TYPE } from './labels';

const FIELD_SELECTOR = `type=${DOCKERCONFIGJSON_TYPE}`;

export interface SecretsSnapshot {
  secrets: V1Secret[];
  partial: boolean;
}

export interface SecretsCache {
  snapshot(options: {
    refresh?: boolean;
    namespaces: () => Promise<string[]>;
  }): Promise<SecretsSnapshot>;
  /** Read-your-writes: record a secret PullKey just wrote (the watch confirms it later). */
  record(secret: V1Secret): void;
  forget(namespace: string, name: string): void;
  stop(): void;
}

/** Keeps the newer of two versions of an object (resourceVersions are opaque but etcd's grow). */
function newer(current: V1Secret | undefined, candidate: V1Secret): boolean {
  const a = Number(current?.metadata?.resourceVersion);
  const b = Number(candidate.metadata?.resourceVersion);
  return !current || !Number.isFinite(a) || !Number.isFinite(b) || b >= a;
}

const keyOf = (secret: V1Secret) => `${secret.metadata?.namespace}/${secret.metadata?.name}`;

export function createSecretsCache(session: KubeSession, onChange: () => void): SecretsCache {
  const byKey = new Map<string, V1Secret>();
  let loaded: Promise<SecretsSnapshot> | null = null;
  let abort: { abort(): void } | null = null;
  let stopped = false;
  let pending: NodeJS.Timeout | null = null;

  const notify = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      if (!stopped) onChange();
    }, 25);
  };

  async function watchFrom(resourceVersion: string | undefined) {
    if (stopped) return;
    const watch = new Watch(session.kubeConfig);
    let lastVersion = resourceVersion;
    const restart = () => {
      abort = null;
      if (stopped) return;
      // Relist after a pause: events may have been missed while the watch was down.
      setTimeout(() => {
        if (stopped) return;
        loaded = listAll().then((snapshot) => {
          notify();
          return snapshot;
        });
        loaded.catch(() => undefined);
      }, 1_000);
    };
    try {
      abort = await watch.watch(
        '/api/v1/secrets',
        {
          fieldSelector: FIELD_SELECTOR,
          allowWatchBookmarks: true,
          ...(lastVersion ? { resourceVersion: lastVersion } : {}),
        },
        (type: string, secret: V1Secret) => {
          lastVersion = secret.metadata?.resourceVersion ?? lastVersion;
          if (type === 'BOOKMARK') return;
          if (type === 'DELETED') byKey.delete(keyOf(secret));
          else if (type === 'ADDED' || type === 'MODIFIED') {
            if (newer(byKey.get(keyOf(secret)), secret)) byKey.set(keyOf(secret), secret);
          } else return;
          notify();
        },
        () => restart(),
      );
    } catch {
      restart();
    }
  }

  async function listAll(): Promise<SecretsSnapshot> {
    const list = await session.call(() =>
      session.core.listSecretForAllNamespaces({ fieldSelector: FIELD_SELECTOR }),
    );
    byKey.clear();
    for (const secret of list.items) byKey.set(keyOf(secret), secret);
    void watchFrom(list.metadata?.resourceVersion);
    return { secrets: [...byKey.values()], partial: false };
  }

  async function listPerNamespace(namespaces: string[]): Promise<SecretsSnapshot> {
    const limit = pLimit(8);
    const lists = await Promise.all(
      namespaces.map((namespace) =>
        limit(() =>
          session
            .call(() =>
              session.core.listNamespacedSecret({ namespace, fieldSelector: FIELD_SELECTOR }),
            )
            .then((list) => list.items)
            .catch(() => [] as V1Secret[]),
        ),
      ),
    );
    return { secrets: lists.flat(), partial: true };
  }

  return {
    async snapshot({ refresh = false, namespaces }) {
      if (refresh || !loaded) {
        abort?.abort();
        abort = null;
        loaded = listAll().catch(async (error: unknown) => {
          if (isAppError(error) && error.code === 'CLUSTER_FORBIDDEN')
            return listPerNamespace(await namespaces());
          throw error;
        });
        loaded.catch(() => (loaded = null));
      }
      const snapshot = await loaded;
      return snapshot.partial ? snapshot : { secrets: [...byKey.values()], partial: false };
    },
    record(secret) {
      if (newer(byKey.get(keyOf(secret)), secret)) byKey.set(keyOf(secret), secret);
      notify();
    },
    forget(namespace, name) {
      byKey.delete(`${namespace}/${name}`);
      notify();
    },
    stop() {
      stopped = true;
      abort?.abort();
      if (pending) clearTimeout(pending);
    },
  };
}
