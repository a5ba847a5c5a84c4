/**
 * A rollout view folded from what its informers hold and what was read beside them (pull
 * secrets by name, the repository's tags). Pure: no I/O here — `reads.ts` reads what a folded
 * view asks for, and its answers are inputs of the next fold.
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import type { RolloutView, WorkloadRef } from '../api/contract';
import { eventTime } from '../diagnosis/events';
import { kubeletCandidates, kubeletRejections } from '../dockerconfig/keyring';
import { parseImageReference } from '../oci/reference';
import type { RolloutInformers } from './informers';
import { foldRollout, workloadPods } from './model';

export const rolloutId = (ref: WorkloadRef) =>
  `${ref.context}/${ref.namespace}/${ref.kind}/${ref.name}`;

/** One followed workload: its informers and the inputs read beside them. */
export interface RolloutInputs extends RolloutInformers {
  ref: WorkloadRef;
  /** Times of the image-pull failures seen per pod (kept: events are compacted). */
  failures: Map<string, Set<number>>;
  /** Pull secrets read by name: null while reading or not found. */
  secrets: Map<string, V1Secret | null>;
  /** The repository's tags, once read for a "not found" image (empty while reading). */
  tags?: string[];
}

/** The workload as its informers show it (a Pod is followed by name; it may be replaced). */
export function workloadOf(
  rollout: RolloutInputs,
  last: RolloutView | null,
): { exists: boolean; image: string; desired: number; uid: string | null } {
  const { namespace, name } = rollout.ref;
  if (rollout.deployment) {
    const deployment = rollout.deployment.informer.get(namespace, name);
    return {
      exists: !!deployment,
      image: deployment?.spec?.template.spec?.containers[0]?.image ?? last?.image ?? '',
      desired: deployment?.spec?.replicas ?? 1,
      uid: deployment?.metadata?.uid ?? null,
    };
  }
  // Retry acts on the uid it saw.
  const pod = rollout.pods.informer.get(namespace, name);
  return {
    exists: !!pod,
    image: pod?.spec?.containers[0]?.image ?? last?.image ?? '',
    desired: 1,
    uid: null,
  };
}

/** The workload's own pods (by ownership) and ReplicaSets. */
export function ownPods(rollout: RolloutInputs, uid: string | null) {
  return workloadPods({
    kind: rollout.ref.kind,
    name: rollout.ref.name,
    uid,
    replicaSets: rollout.replicaSets?.informer.objects() ?? [],
    pods: rollout.pods.informer.objects(),
  });
}

/** The pod's pull secrets read so far. */
const podSecrets = (rollout: RolloutInputs, pod: V1Pod) =>
  (pod.spec?.imagePullSecrets ?? []).flatMap((ref) => rollout.secrets.get(ref.name ?? '') ?? []);

function repositoryOf(image: string): string | null {
  try {
    return parseImageReference(image).name;
  } catch {
    return null;
  }
}

/** Remembers the image-pull failures the events show (events are compacted, times are kept). */
function recordFailures(rollout: RolloutInputs) {
  for (const event of rollout.events.informer.objects()) {
    if (event.reason !== 'Failed' || event.involvedObject?.kind !== 'Pod') continue;
    if (!/^Failed to pull image/.test(event.message ?? '')) continue;
    const at = Date.parse(eventTime(event));
    if (!Number.isFinite(at)) continue;
    const pod = event.involvedObject.name ?? '';
    const times = rollout.failures.get(pod) ?? new Set<number>();
    times.add(at);
    rollout.failures.set(pod, times);
  }
}

export function foldRolloutView(rollout: RolloutInputs, last: RolloutView | null): RolloutView {
  const current = workloadOf(rollout, last);
  const own = ownPods(rollout, current.uid);
  recordFailures(rollout);
  const name = repositoryOf(current.image);
  // Read as the kubelet reads them (legacy .dockercfg secrets included).
  const candidates = (pod: V1Pod) =>
    name === null ? [] : kubeletCandidates(name, podSecrets(rollout, pod)).matches;
  return foldRollout({
    id: rolloutId(rollout.ref),
    ...rollout.ref,
    image: current.image,
    desired: current.desired,
    exists: current.exists,
    pods: own.pods,
    replicaSets: rollout.ref.kind === 'Deployment' ? own.replicaSets : undefined,
    events: rollout.events.informer.objects(),
    // The pod's pull secrets whose credentials match the image's registry (kubelet rules).
    matchingSecrets: (pod) => [...new Set(candidates(pod).map((match) => match.source))],
    // The pod's pull secrets the kubelet cannot decode (then it pulls nothing).
    rejectedSecrets: (pod) => kubeletRejections(podSecrets(rollout, pod)),
    // The pod's matching secrets whose `auth` holds other credentials than their fields.
    staleAuthSecrets: (pod) => [
      ...new Set(
        candidates(pod)
          .filter((match) => match.staleFields)
          .map((match) => match.source),
      ),
    ],
    failureTimes: (pod) => [...(rollout.failures.get(pod) ?? [])],
    tags: rollout.tags,
  });
}
