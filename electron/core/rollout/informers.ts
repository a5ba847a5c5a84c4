/**
 * The informers a rollout view is folded from, shared per session, namespace and resource: the
 * namespace's pods (a Pod: that one by name) and events, and for a Deployment the Deployment and
 * the namespace's ReplicaSets. All have listed before the view is folded, so no view is ever
 * folded from a half-synced cache (a Deployment not listed yet would read "missing").
 */
import type { CoreV1Event, V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { WorkloadRef } from '../api/contract';
import type { ListResult } from '../kube/informer';
import type { WatchObject } from '../kube/informer-policy';
import { sharedInformer, type Held } from '../kube/live-view/informers';
import type { KubeSession } from '../kube/session';

export interface RolloutInformers {
  pods: Held<V1Pod>;
  events: Held<CoreV1Event>;
  deployment: Held<V1Deployment> | null;
  replicaSets: Held<V1ReplicaSet> | null;
}

/** The informers held, as a list (to wait for, follow and release). */
export const heldOf = (informers: RolloutInformers): Array<Held<WatchObject>> =>
  [informers.pods, informers.events, informers.deployment, informers.replicaSets].filter(
    (held) => held !== null,
  );

/** The workload's informers, listed; released again when a list failed. */
export async function openRolloutInformers(
  session: KubeSession,
  ref: WorkloadRef,
): Promise<RolloutInformers> {
  const { namespace, name } = ref;
  function informerOf<T extends WatchObject>(
    path: string,
    list: (query: { fieldSelector?: string }) => Promise<ListResult<T>>,
    fieldSelector?: string,
  ): Held<T> {
    const query: Record<string, string> = fieldSelector ? { fieldSelector } : {};
    return sharedInformer<T>(session, { path, query, list: () => list(query) });
  }
  const deployment = ref.kind === 'Deployment';
  const informers: RolloutInformers = {
    // A Deployment's pods are found by ownership among the namespace's pods and ReplicaSets.
    pods: informerOf<V1Pod>(
      `/api/v1/namespaces/${namespace}/pods`,
      (query) => session.core.listNamespacedPod({ namespace, ...query }),
      ref.kind === 'Pod' ? `metadata.name=${name}` : undefined,
    ),
    events: informerOf<CoreV1Event>(`/api/v1/namespaces/${namespace}/events`, (query) =>
      session.core.listNamespacedEvent({ namespace, ...query }),
    ),
    deployment: deployment
      ? informerOf<V1Deployment>(
          `/apis/apps/v1/namespaces/${namespace}/deployments`,
          (query) => session.apps.listNamespacedDeployment({ namespace, ...query }),
          `metadata.name=${name}`,
        )
      : null,
    replicaSets: deployment
      ? informerOf<V1ReplicaSet>(`/apis/apps/v1/namespaces/${namespace}/replicasets`, (query) =>
          session.apps.listNamespacedReplicaSet({ namespace, ...query }),
        )
      : null,
  };
  const held = heldOf(informers);
  try {
    await Promise.all(held.map((one) => one.informer.ready()));
  } catch (error) {
    for (const one of held) one.release();
    throw error;
  }
  return informers;
}
