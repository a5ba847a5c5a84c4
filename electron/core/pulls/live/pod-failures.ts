/**
 * Pure: which containers of a pod cannot get their image (the kubelet's waiting reasons), and
 * which workload owns the pod (by controller ownerReferences: Pod → ReplicaSet → Deployment,
 * Pod → Job → CronJob, StatefulSet, DaemonSet), never by labels.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { PullContainer, PullWorkloadKind } from '../../api/contract';
import { KUBELET_SECRET_ERROR } from '../../diagnosis/pull-failure';
import { unquotedKubeletText } from '../../diagnosis/kubelet-text';
import { controllerReference } from '../../kube/owners';

export const PULL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
]);

/** A CreateContainerConfigError about the pod's pull secrets or image (not a missing ConfigMap). */
const PULL_CONFIG_ERROR = /image ?pull ?secret|pull secret|dockerconfig|dockercfg|\bimage\b/i;

/** True when a waiting reason (and message) means the image could not be had. */
export function isPullFailure(reason: string, message: string): boolean {
  if (PULL_REASONS.has(reason)) return true;
  if (reason === 'CreateContainerConfigError')
    return PULL_CONFIG_ERROR.test(message) || KUBELET_SECRET_ERROR.test(message);
  // The kubelet shows a pull secret's decoding error itself as the waiting reason.
  return KUBELET_SECRET_ERROR.test(reason);
}

/** A container of the pod is waiting (most pods: none, and nothing more is read of them). */
export function anyWaiting(pod: V1Pod): boolean {
  for (const statuses of [pod.status?.initContainerStatuses, pod.status?.containerStatuses])
    if (statuses) for (const status of statuses) if (status.state?.waiting) return true;
  return false;
}

/** The containers (init containers first) of a pod waiting on an image. */
export function pullFailures(pod: V1Pod): PullContainer[] {
  if (!anyWaiting(pod)) return [];
  const images = new Map<string, string>();
  for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])])
    images.set(container.name, container.image ?? '');
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []).map((status) => ({ status, init: true })),
    ...(pod.status?.containerStatuses ?? []).map((status) => ({ status, init: false })),
  ];
  return statuses.flatMap(({ status, init }) => {
    const waiting = status.state?.waiting;
    const reason = waiting?.reason ?? '';
    const message = waiting?.message ?? '';
    if (!waiting || !isPullFailure(reason, message)) return [];
    return [
      {
        name: status.name,
        init,
        image: images.get(status.name) ?? status.image ?? '',
        reason: unquotedKubeletText(reason),
        message: unquotedKubeletText(message),
      },
    ];
  });
}

/** What PullKey knows of an intermediate owner (a ReplicaSet or a Job): its own controller. */
export interface OwnerInfo {
  controller: { kind: string; name: string } | null;
}

export interface OwningWorkload {
  kind: PullWorkloadKind;
  name: string;
}

const direct: Record<string, PullWorkloadKind> = {
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  ReplicaSet: 'ReplicaSet',
  Job: 'Job',
};

/**
 * The workload a pod belongs to. A ReplicaSet or Job is followed to its own controller when
 * `owners` knows it (by uid): Deployment, CronJob. A pod with a controller of another kind (a
 * custom resource) is shown as a bare Pod, since PullKey cannot patch it.
 */
export function owningWorkload(pod: V1Pod, owners: Map<string, OwnerInfo>): OwningWorkload {
  const owner = controllerReference(pod.metadata?.ownerReferences);
  const bare: OwningWorkload = { kind: 'Pod', name: pod.metadata?.name ?? '' };
  if (!owner) return bare;
  const kind = direct[owner.kind];
  if (!kind) return bare;
  if (kind === 'ReplicaSet' || kind === 'Job') {
    const parent = owners.get(owner.uid)?.controller;
    if (kind === 'ReplicaSet' && parent?.kind === 'Deployment')
      return { kind: 'Deployment', name: parent.name };
    if (kind === 'Job' && parent?.kind === 'CronJob') return { kind: 'CronJob', name: parent.name };
  }
  return { kind, name: owner.name };
}

/** The uids of intermediate owners (ReplicaSet, Job) that must be read to name the workload. */
export function ownersToResolve(pod: V1Pod): Array<{ uid: string; kind: string; name: string }> {
  const owner = controllerReference(pod.metadata?.ownerReferences);
  if (!owner || (owner.kind !== 'ReplicaSet' && owner.kind !== 'Job')) return [];
  return [{ uid: owner.uid, kind: owner.kind, name: owner.name }];
}
