/**
 * Pure: pods, events and the workload folded into the rollout view — a timeline per pod
 * (Scheduled → Pulling → Pulled → Created → Started → Ready) and, when a pull fails, why.
 */
import type { CoreV1Event, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { RolloutPod, RolloutStep, RolloutStepName, RolloutView } from '../api/contract';
import { rolloutSteps } from '../api/contract';
import { parseImageReference } from '../oci/reference';
import { diagnosePull, KUBELET_SECRET_ERROR, nextRetryAt } from '../diagnosis/pull-failure';
import { unquotedKubeletText } from '../diagnosis/kubelet-text';
import { compareEvents, eventTime, toEvent } from '../diagnosis/events';
import { controllerUid } from '../kube/owners';

export interface RolloutInput extends Pick<
  RolloutView,
  'id' | 'context' | 'namespace' | 'kind' | 'name' | 'image' | 'desired'
> {
  /** False when the workload does not exist (deleted, or not created yet). */
  exists: boolean;
  pods: V1Pod[];
  events: CoreV1Event[];
  /** Per pod: the pull secrets (of the pod) whose credentials match the image's registry. */
  matchingSecrets: (pod: V1Pod) => string[];
  /** Per pod: its pull secrets the kubelet cannot decode (then it pulls nothing). */
  rejectedSecrets?: ((pod: V1Pod) => Array<{ secret: string; reason: string }>) | undefined;
  /** Per pod: its matching secrets whose `auth` differs from their username/password. */
  staleAuthSecrets?: ((pod: V1Pod) => string[]) | undefined;
  /** Per pod: the times (ms) the kubelet reported a failed pull. */
  failureTimes: (pod: string) => number[];
  /** Tags of the repository, when a tag was not found and they could be listed. */
  tags?: string[] | undefined;
  /** A Deployment's own ReplicaSets (by ownerReference); their events belong to the view. */
  replicaSets?: string[] | undefined;
}

/**
 * The pods of one workload, by ownership — never by a shared label (Helm releases share
 * `app.kubernetes.io/name`): a Deployment's ReplicaSets are those it controls (ownerReference
 * uid), its pods those these ReplicaSets control; a Pod is the pod of that name (and uid, once
 * known).
 */
export function workloadPods(input: {
  kind: 'Deployment' | 'Pod';
  name: string;
  /** The Deployment's uid (null when it does not exist), or the Pod's uid when known. */
  uid: string | null;
  replicaSets: V1ReplicaSet[];
  pods: V1Pod[];
}): { pods: V1Pod[]; replicaSets: string[] } {
  if (input.kind === 'Pod') {
    return {
      pods: input.pods.filter(
        (pod) =>
          pod.metadata?.name === input.name && (!input.uid || pod.metadata?.uid === input.uid),
      ),
      replicaSets: [],
    };
  }
  if (!input.uid) return { pods: [], replicaSets: [] };
  const owned = input.replicaSets.filter(
    (replicaSet) => controllerUid(replicaSet.metadata) === input.uid,
  );
  const uids = new Set(owned.map((replicaSet) => replicaSet.metadata?.uid));
  return {
    pods: input.pods.filter((pod) => {
      const owner = controllerUid(pod.metadata);
      return owner !== null && uids.has(owner);
    }),
    replicaSets: owned.map((replicaSet) => replicaSet.metadata?.name ?? ''),
  };
}

const stepReasons: Record<string, RolloutStepName> = {
  Scheduled: 'Scheduled',
  Pulling: 'Pulling',
  Pulled: 'Pulled',
  Created: 'Created',
  Started: 'Started',
};

function pulledDetail(message: string): string {
  const took = /in ([\d.]+m?s)/.exec(message)?.[1];
  const size = /Image size: (\d+) bytes/.exec(message)?.[1];
  return (
    [took ? `in ${took}` : null, size ? `${size} bytes` : null].filter(Boolean).join(', ') ||
    message
  );
}

function podSteps(pod: V1Pod, events: CoreV1Event[]): RolloutStep[] {
  const steps: RolloutStep[] = [];
  const own = events
    .filter(
      (event) =>
        event.involvedObject?.kind === 'Pod' && event.involvedObject?.name === pod.metadata?.name,
    )
    .sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
  for (const event of own) {
    const step = stepReasons[event.reason ?? ''];
    if (!step) continue;
    const detail =
      step === 'Pulled'
        ? pulledDetail(event.message ?? '')
        : step === 'Scheduled'
          ? (event.message ?? '')
          : '';
    const existing = steps.findIndex((candidate) => candidate.step === step);
    const entry = { step, at: eventTime(event), detail };
    if (existing >= 0) steps[existing] = entry;
    else steps.push(entry);
  }
  const ready = pod.status?.conditions?.find(
    (condition) => condition.type === 'Ready' && condition.status === 'True',
  );
  if (ready) {
    const at = ready.lastTransitionTime;
    steps.push({
      step: 'Ready',
      at: at instanceof Date ? at.toISOString() : String(at ?? ''),
      detail: '',
    });
  }
  // Lifecycle order: event times mix second and microsecond precision (core vs events.k8s.io).
  return steps.sort((a, b) => rolloutSteps.indexOf(a.step) - rolloutSteps.indexOf(b.step));
}

export function relatedEvents(
  input: Pick<RolloutInput, 'kind' | 'name' | 'pods' | 'events' | 'replicaSets'>,
): CoreV1Event[] {
  const podNames = new Set(input.pods.map((pod) => pod.metadata?.name));
  return input.events.filter((event) => {
    const object = event.involvedObject;
    if (!object?.name) return false;
    if (object.kind === 'Pod')
      return podNames.has(object.name) || (input.kind === 'Pod' && object.name === input.name);
    if (object.kind === 'Deployment') return object.name === input.name;
    if (object.kind === 'ReplicaSet')
      return input.replicaSets
        ? input.replicaSets.includes(object.name)
        : object.name.startsWith(`${input.name}-`);
    return false;
  });
}

export function foldRollout(input: RolloutInput): RolloutView {
  const events = relatedEvents(input);
  let reference: ReturnType<typeof parseImageReference> | null = null;
  try {
    reference = parseImageReference(input.image);
  } catch {
    reference = null;
  }
  const pods: RolloutPod[] = input.pods
    .filter((pod) => !pod.metadata?.deletionTimestamp)
    .sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)))
    .map((pod) => {
      const name = pod.metadata?.name ?? '';
      const status = pod.status?.containerStatuses?.[0];
      const waiting = status?.state?.waiting
        ? {
            reason: unquotedKubeletText(status.state.waiting.reason ?? ''),
            message: unquotedKubeletText(status.state.waiting.message ?? ''),
          }
        : null;
      const failed = events
        .filter(
          (event) =>
            event.involvedObject?.name === name &&
            event.reason === 'Failed' &&
            /^Failed to pull image/.test(event.message ?? ''),
        )
        .sort((a, b) => eventTime(a).localeCompare(eventTime(b)))
        .at(-1);
      const rejectedSecrets = input.rejectedSecrets?.(pod) ?? [];
      const pullProblem =
        waiting &&
        (/ErrImagePull|ImagePullBackOff|InvalidImageName/.test(waiting.reason) ||
          KUBELET_SECRET_ERROR.test(waiting.reason) ||
          (rejectedSecrets.length > 0 &&
            !/ContainerCreating|PodInitializing/.test(waiting.reason)));
      const diagnosis =
        pullProblem && reference
          ? diagnosePull({
              message: unquotedKubeletText(failed?.message ?? waiting.message),
              image: input.image,
              host: reference.registry,
              repository: reference.repository,
              tag: reference.tag,
              matchingSecrets: input.matchingSecrets(pod),
              rejectedSecrets,
              staleAuthSecrets: input.staleAuthSecrets?.(pod),
            })
          : null;
      if (diagnosis?.kind === 'not-found' && input.tags) diagnosis.tags = input.tags;
      const retry =
        waiting?.reason === 'ImagePullBackOff' ? nextRetryAt(input.failureTimes(name)) : null;
      return {
        name,
        phase: pod.status?.phase ?? 'Pending',
        ready:
          pod.status?.conditions?.some(
            (condition) => condition.type === 'Ready' && condition.status === 'True',
          ) ?? false,
        steps: podSteps(pod, events),
        waiting,
        diagnosis,
        nextRetryAt: retry ? new Date(retry).toISOString() : null,
      };
    });
  const ready = pods.filter((pod) => pod.ready).length;
  const desired = input.kind === 'Pod' ? 1 : input.desired;
  const state: RolloutView['state'] = !input.exists
    ? 'missing'
    : pods.some((pod) => pod.diagnosis)
      ? 'failing'
      : desired > 0 && ready >= desired
        ? 'ready'
        : 'progressing';
  return {
    id: input.id,
    context: input.context,
    namespace: input.namespace,
    kind: input.kind,
    name: input.name,
    image: input.image,
    desired,
    ready,
    state,
    pods,
    events: [...events].sort(compareEvents).map(toEvent),
    updatedAt: new Date().toISOString(),
  };
}
