/**
 * "Retry now": the pods of a workload stuck on a pull are made again so the kubelet pulls at
 * once instead of waiting out its back-off. A Deployment's pods come back from their ReplicaSet;
 * a bare Pod is created again from its spec; a controller-owned pod opened as a Pod is only
 * deleted (its controller makes the new one), never re-made bare.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { WorkloadRef } from '../api/contract';
import { recreatePod } from '../kube/pods';
import { controllerUid } from '../kube/owners';
import type { KubeSession } from '../kube/session';

const PULL_STUCK = /ErrImagePull|ImagePullBackOff/;

/** Pure: the pods waiting on a failed pull (not already going away). */
export function stuckOnPull(pods: V1Pod[]): V1Pod[] {
  return pods.filter(
    (pod) =>
      !pod.metadata?.deletionTimestamp &&
      (pod.status?.containerStatuses ?? []).some((status) =>
        PULL_STUCK.test(status.state?.waiting?.reason ?? ''),
      ),
  );
}

/** Deletes a pod only if it is still the one seen (uid precondition). */
async function deletePod(session: KubeSession, namespace: string, pod: V1Pod) {
  await session.call(() =>
    session.core.deleteNamespacedPod({
      name: pod.metadata?.name ?? '',
      namespace,
      gracePeriodSeconds: 0,
      body: { preconditions: { uid: pod.metadata?.uid } },
    }),
  );
}

export async function recreateStuck(session: KubeSession, ref: WorkloadRef, stuck: V1Pod[]) {
  if (ref.kind !== 'Pod') {
    await Promise.all(stuck.map((pod) => deletePod(session, ref.namespace, pod)));
    return;
  }
  const pod = stuck[0];
  if (!pod) return;
  if (controllerUid(pod.metadata)) {
    await deletePod(session, ref.namespace, pod);
    return;
  }
  const { metadata, spec } = pod;
  await recreatePod(
    session,
    ref.namespace,
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: metadata?.name,
        namespace: metadata?.namespace,
        labels: metadata?.labels,
        annotations: metadata?.annotations,
      },
      spec: { ...spec!, nodeName: undefined },
    },
    () => deletePod(session, ref.namespace, pod),
  );
}
