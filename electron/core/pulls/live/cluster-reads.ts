/**
 * What the Pull doctor reads from a cluster by name, outside the informers: a secret a pod names
 * but the informer does not hold (read once, again after a TTL, to tell "missing" from "another
 * type"), the intermediate owners of pods (ReplicaSet, Job) read once by uid to name the workload,
 * and the imagePullSecrets of a workload's own pod template.
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { PullWorkloadRef } from '../../api/contract';
import { isAppError } from '../../api/errors';
import { controllerOf } from '../../kube/owners';
import type { KubeSession } from '../../kube/session';
import { workloadAccess } from '../../kube/workload-access';
import { ownersToResolve } from './pod-failures';
import { lookupDecision } from './retry-rules';
import type { Tracker } from './tracker';

/** Owners read at a time, per fold. */
const OWNER_CONCURRENCY = 8;

/** `changed` runs when a secret read by name answered (the view is folded again). */
export function createClusterReads(now: () => number, changed: (t: Tracker) => void) {
  /** A pull secret as the fold sees it: from the informer, else read by name (in the background). */
  function secretOf(t: Tracker, namespace: string, name: string): V1Secret | 'missing' | undefined {
    const seen = t.secrets.get(namespace, name);
    if (seen) return seen;
    const { value, read } = lookupDecision(t.lookups.get(`${namespace}/${name}`), now());
    if (read) void lookup(t, namespace, name);
    return value;
  }

  async function lookup(t: Tracker, namespace: string, name: string) {
    const key = `${namespace}/${name}`;
    t.lookups.set(key, 'pending');
    try {
      const secret = await t.session.call(() =>
        t.session.core.readNamespacedSecret({ name, namespace }),
      );
      t.lookups.set(key, { value: secret, at: now() });
    } catch (error) {
      // Not found is an answer; anything else (forbidden, unreachable) is not kept.
      if (isAppError(error) && error.code === 'KUBE_NOT_FOUND')
        t.lookups.set(key, { value: 'missing', at: now() });
      else t.lookups.delete(key);
    }
    changed(t);
  }

  /** Reads the ReplicaSets and Jobs owning these pods not read yet, keeping their controller. */
  async function resolveOwners(t: Tracker, pods: V1Pod[]) {
    const wanted = new Map<
      string,
      { uid: string; kind: string; name: string; namespace: string }
    >();
    for (const pod of pods)
      for (const owner of ownersToResolve(pod))
        if (!t.owners.has(owner.uid))
          wanted.set(owner.uid, { ...owner, namespace: pod.metadata?.namespace ?? '' });
    if (!wanted.size) return;
    const limit = pLimit(OWNER_CONCURRENCY);
    await Promise.all(
      [...wanted.values()].map((owner) =>
        limit(async () => {
          try {
            const kind = owner.kind === 'ReplicaSet' ? 'ReplicaSet' : 'Job';
            const read = await workloadAccess(t.session, kind, owner.namespace, owner.name).read();
            if (read.metadata?.uid !== owner.uid) return;
            t.owners.set(owner.uid, { controller: controllerOf(read.metadata?.ownerReferences) });
          } catch (error) {
            // Gone: the owner is shown as itself. Other failures are retried on the next change.
            if (isAppError(error) && error.code === 'KUBE_NOT_FOUND')
              t.owners.set(owner.uid, { controller: null });
          }
        }),
      ),
    );
  }

  return { secretOf, resolveOwners };
}

export type ClusterReads = ReturnType<typeof createClusterReads>;

/** The imagePullSecrets the workload's own pod template names (null: unknown). */
export async function templatePullSecrets(
  session: KubeSession,
  ref: PullWorkloadRef,
): Promise<string[] | null> {
  const { namespace, name } = ref;
  const names = (list: Array<{ name?: string }> | undefined) =>
    (list ?? []).map((item) => item.name ?? '').filter(Boolean);
  if (ref.kind !== 'Deployment' && ref.kind !== 'StatefulSet' && ref.kind !== 'DaemonSet')
    return null;
  try {
    const workload = await workloadAccess(session, ref.kind, namespace, name).read();
    return names(workload.spec?.template.spec?.imagePullSecrets);
  } catch {
    return null;
  }
}
