/**
 * One resource of a context, watched cluster-wide where the user may list it there, otherwise
 * one informer per namespace the user can see (started a few at a time; namespaces where the
 * list is forbidden are left out). Informers are shared per (session, resource, scope): see
 * kube/live-view/informers.ts.
 */
import pLimit from 'p-limit';
import type { Freshness } from '../../api/contract';
import { isAppError } from '../../api/errors';
import { combineFreshness, type WatchObject } from '../../kube/informer-policy';
import { sharedInformer, type Held } from '../../kube/live-view/informers';
import { rawList } from '../../kube/raw-list';
import type { KubeSession } from '../../kube/session';

export const forbidden = (error: unknown) =>
  isAppError(error) && error.code === 'CLUSTER_FORBIDDEN';

export interface ResourceSpec<T = unknown> {
  /** e.g. `pods` → /api/v1/pods and /api/v1/namespaces/<ns>/pods (listed and watched there). */
  resource: string;
  query?: Record<string, string>;
  /**
   * Listed without `metadata.managedFields` (kube/list-stream.ts): nothing in the Pull doctor reads
   * them, and they are a third of a pod's bytes. Objects from the watch keep them.
   */
  omitManagedFields?: boolean;
  /**
   * Reads each listed object as it is parsed, while the rest of the list is on the wire (the
   * Pull doctor's per-pod reading, memoised per object, so the first fold has little left to do).
   */
  prepare?: (object: T) => void;
}

export interface ScopedInformers<T> {
  scope: 'cluster' | 'namespaces';
  namespaces: number;
  objects(): T[];
  get(namespace: string, name: string): T | undefined;
  freshness(): Freshness;
  subscribe(listener: () => void): () => void;
  release(): void;
}

const NAMESPACE_CONCURRENCY = 8;

export async function openScoped<T extends WatchObject>(
  session: KubeSession,
  spec: ResourceSpec<T>,
  namespaces: () => Promise<string[]>,
): Promise<ScopedInformers<T>> {
  const query = spec.query ?? {};
  const omitManagedFields = spec.omitManagedFields ?? false;
  const acquire = (namespace: string | null) => {
    const path =
      namespace === null
        ? `/api/v1/${spec.resource}`
        : `/api/v1/namespaces/${namespace}/${spec.resource}`;
    // Wire JSON, as the watch delivers it: see kube/raw-list.ts. One GET, its items parsed as
    // they arrive (kube/list-stream.ts): on the Pulls benchmark it beat 500-object pages, run in
    // turns (docs/benchmarks.md).
    return sharedInformer<T>(session, {
      path,
      query,
      list: () =>
        rawList<T>(session.kubeConfig, path, query, {
          omitManagedFields,
          ...(spec.prepare ? { onItem: spec.prepare } : {}),
        }),
      fatal: forbidden,
      ...(omitManagedFields ? { variant: 'no-managed-fields' } : {}),
    });
  };

  let held: Array<Held<T>>;
  let scope: 'cluster' | 'namespaces' = 'cluster';
  const all = acquire(null);
  try {
    await all.informer.ready();
    held = [all];
  } catch (error) {
    all.release();
    if (!forbidden(error)) throw error;
    scope = 'namespaces';
    const limit = pLimit(NAMESPACE_CONCURRENCY);
    const names = await namespaces();
    const opened = await Promise.all(
      names.map((namespace) =>
        limit(async () => {
          const one = acquire(namespace);
          try {
            await one.informer.ready();
            return one;
          } catch (failure) {
            // Forbidden here: not the user's to see. Anything else: keep it, it retries itself.
            if (forbidden(failure)) {
              one.release();
              return null;
            }
            return one;
          }
        }),
      ),
    );
    held = opened.filter((one): one is NonNullable<typeof one> => one !== null);
  }

  return {
    scope,
    namespaces: held.length,
    objects: () => held.flatMap((one) => one.informer.objects()),
    get(namespace, name) {
      for (const one of held) {
        const found = one.informer.get(namespace, name);
        if (found) return found;
      }
      return undefined;
    },
    freshness: () => combineFreshness(held.map((one) => one.informer.freshness())),
    subscribe(listener) {
      const off = held.map((one) => one.informer.subscribe(listener));
      return () => off.forEach((unsubscribe) => unsubscribe());
    },
    release() {
      for (const one of held) one.release();
      held = [];
    },
  };
}
