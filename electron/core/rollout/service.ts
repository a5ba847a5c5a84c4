/**
 * Live rollout views: for each open workload, informers (shared per session, namespace and
 * resource) on its pods, the namespace's events, and for a Deployment the Deployment and its
 * ReplicaSets. Pods are selected by ownership (Deployment → ReplicaSets → pods by
 * ownerReference uid; a Pod by name and uid), never by a shared label. Every change is folded
 * into a RolloutView, with its freshness, and pushed as `rollout:progress`.
 */
import type {
  CoreV1Event,
  V1Deployment,
  V1Pod,
  V1ReplicaSet,
  V1Secret,
} from '@kubernetes/client-node';
import type { RolloutView, WorkloadRef } from '../api/contract';
import { AppError } from '../api/errors';
import type { EventHub } from '../api/events';
import type { ImageAccess } from '../image-access/access';
import type { ClusterService } from '../kube/clusters';
import {
  acquireInformer,
  createInformer,
  clusterTransport,
  type Informer,
  type ListResult,
} from '../kube/informer';
import { combineFreshness } from '../kube/informer-policy';
import type { WatchObject } from '../kube/informer-policy';
import type { KubeSession } from '../kube/session';
import { kubeletCandidates, kubeletRejections } from '../dockerconfig/keyring';
import { parseImageReference } from '../oci/reference';
import { eventTime } from '../diagnosis/events';
import { foldRollout, workloadPods } from './model';
import { recreateStuck, stuckOnPull } from './retry';

export const rolloutId = (ref: WorkloadRef) =>
  `${ref.context}/${ref.namespace}/${ref.kind}/${ref.name}`;

interface Held<T> {
  informer: Informer<T>;
  release(): void;
}

interface Tracked {
  ref: WorkloadRef;
  session: KubeSession;
  pods: Held<V1Pod>;
  events: Held<CoreV1Event>;
  deployment: Held<V1Deployment> | null;
  replicaSets: Held<V1ReplicaSet> | null;
  failures: Map<string, Set<number>>;
  secrets: Map<string, V1Secret | null>;
  tags?: string[];
  unsubscribe: Array<() => void>;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
  latest: RolloutView | null;
}

/** A rollout whose informers are still listing; `wanted` is false once closed meanwhile. */
interface Opening {
  tracked: Promise<Tracked>;
  wanted: boolean;
}

export function createRolloutService(
  clusters: ClusterService,
  images: ImageAccess,
  events: EventHub,
) {
  const tracked = new Map<string, Tracked>();
  const opening = new Map<string, Opening>();

  /** The shared informer of one resource in one namespace (optionally one object by name). */
  function informerOf<T extends WatchObject>(
    session: KubeSession,
    path: string,
    list: (query: { fieldSelector?: string }) => Promise<ListResult<T>>,
    fieldSelector?: string,
  ): Held<T> {
    const query: Record<string, string> = fieldSelector ? { fieldSelector } : {};
    return acquireInformer(session, `${path}?${fieldSelector ?? ''}`, () =>
      createInformer<T>({
        path,
        query,
        list: () => session.call(() => list(fieldSelector ? { fieldSelector } : {})),
        ...clusterTransport(session.kubeConfig),
      }),
    );
  }

  function workload(rollout: Tracked): {
    exists: boolean;
    image: string;
    desired: number;
    uid: string | null;
  } {
    const { namespace, name } = rollout.ref;
    if (rollout.deployment) {
      const deployment = rollout.deployment.informer.get(namespace, name);
      return {
        exists: !!deployment,
        image: deployment?.spec?.template.spec?.containers[0]?.image ?? rollout.latest?.image ?? '',
        desired: deployment?.spec?.replicas ?? 1,
        uid: deployment?.metadata?.uid ?? null,
      };
    }
    // A Pod is followed by name (it may be replaced); retry acts on the uid it saw.
    const pod = rollout.pods.informer.get(namespace, name);
    return {
      exists: !!pod,
      image: pod?.spec?.containers[0]?.image ?? rollout.latest?.image ?? '',
      desired: 1,
      uid: null,
    };
  }

  /** The workload's own pods (by ownership) and ReplicaSets. */
  function ownPods(rollout: Tracked, uid: string | null) {
    return workloadPods({
      kind: rollout.ref.kind,
      name: rollout.ref.name,
      uid,
      replicaSets: rollout.replicaSets?.informer.objects() ?? [],
      pods: rollout.pods.informer.objects(),
    });
  }

  /** The pod's pull secrets whose credentials match the image's registry (kubelet rules). */
  function matchingSecrets(rollout: Tracked, pod: V1Pod, image: string): string[] {
    let name: string;
    try {
      name = parseImageReference(image).name;
    } catch {
      return [];
    }
    const secrets = (pod.spec?.imagePullSecrets ?? []).flatMap((ref) => {
      const secret = rollout.secrets.get(ref.name ?? '');
      if (secret === undefined) void loadSecret(rollout, ref.name ?? '');
      return secret ? [secret] : [];
    });
    // Read as the kubelet reads them (legacy .dockercfg secrets included).
    return [...new Set(kubeletCandidates(name, secrets).matches.map((match) => match.source))];
  }

  /** The pod's matching secrets whose `auth` holds other credentials than their fields. */
  function staleAuthSecrets(rollout: Tracked, pod: V1Pod, image: string): string[] {
    let name: string;
    try {
      name = parseImageReference(image).name;
    } catch {
      return [];
    }
    const secrets = (pod.spec?.imagePullSecrets ?? []).flatMap(
      (ref) => rollout.secrets.get(ref.name ?? '') ?? [],
    );
    const matches = kubeletCandidates(name, secrets).matches;
    return [...new Set(matches.filter((match) => match.staleFields).map((match) => match.source))];
  }

  /** The pod's pull secrets the kubelet cannot decode (then it pulls nothing). */
  function rejectedSecrets(rollout: Tracked, pod: V1Pod) {
    return kubeletRejections(
      (pod.spec?.imagePullSecrets ?? []).flatMap(
        (ref) => rollout.secrets.get(ref.name ?? '') ?? [],
      ),
    );
  }

  async function loadSecret(rollout: Tracked, name: string) {
    if (!name || rollout.secrets.has(name)) return;
    rollout.secrets.set(name, null);
    try {
      const secret = await rollout.session.call(() =>
        rollout.session.core.readNamespacedSecret({ name, namespace: rollout.ref.namespace }),
      );
      rollout.secrets.set(name, secret);
    } catch (error) {
      // Not found is an answer; any other failure is not kept: read again on the next change.
      if (!(error instanceof AppError && error.code === 'KUBE_NOT_FOUND'))
        rollout.secrets.delete(name);
    }
    schedule(rollout);
  }

  function recordFailures(rollout: Tracked) {
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

  function fold(rollout: Tracked): RolloutView {
    const current = workload(rollout);
    const own = ownPods(rollout, current.uid);
    recordFailures(rollout);
    const view = foldRollout({
      id: rolloutId(rollout.ref),
      ...rollout.ref,
      image: current.image,
      desired: current.desired,
      exists: current.exists,
      pods: own.pods,
      replicaSets: rollout.ref.kind === 'Deployment' ? own.replicaSets : undefined,
      events: rollout.events.informer.objects(),
      matchingSecrets: (pod) => matchingSecrets(rollout, pod, current.image),
      rejectedSecrets: (pod) => rejectedSecrets(rollout, pod),
      staleAuthSecrets: (pod) => staleAuthSecrets(rollout, pod, current.image),
      failureTimes: (pod) => [...(rollout.failures.get(pod) ?? [])],
      tags: rollout.tags,
    });
    if (
      view.pods.some((pod) => pod.diagnosis?.kind === 'not-found') &&
      rollout.tags === undefined
    ) {
      rollout.tags = [];
      const pullSecrets = own.pods[0]?.spec?.imagePullSecrets?.map((ref) => ref.name ?? '') ?? [];
      void images
        .tags(
          rollout.ref.context,
          rollout.ref.namespace,
          current.image,
          pullSecrets.filter(Boolean),
        )
        .then((tags) => {
          rollout.tags = tags;
          schedule(rollout);
        })
        .catch(() => undefined);
    }
    view.freshness = combineFreshness(
      [rollout.pods, rollout.events, rollout.deployment, rollout.replicaSets]
        .filter((held): held is Held<never> => held !== null)
        .map((held) => held.informer.freshness()),
    );
    rollout.latest = view;
    return view;
  }

  function schedule(rollout: Tracked) {
    if (rollout.timer || rollout.stopped) return;
    rollout.timer = setTimeout(() => {
      rollout.timer = null;
      if (!rollout.stopped) events.emit('rollout:progress', fold(rollout));
    }, 15);
  }

  function release(rollout: Tracked) {
    rollout.stopped = true;
    if (rollout.timer) clearTimeout(rollout.timer);
    for (const unsubscribe of rollout.unsubscribe) unsubscribe();
    for (const held of [rollout.pods, rollout.events, rollout.deployment, rollout.replicaSets])
      held?.release();
  }

  /**
   * Starts following one workload: its informers have all listed before it is tracked, so no
   * view is ever folded from a half-synced cache (a Deployment not listed yet reads "missing").
   */
  async function start(ref: WorkloadRef, closed: () => boolean): Promise<Tracked> {
    const id = rolloutId(ref);
    const session = await clusters.session(ref.context);
    const { namespace, name } = ref;
    const deployment =
      ref.kind === 'Deployment'
        ? informerOf<V1Deployment>(
            session,
            `/apis/apps/v1/namespaces/${namespace}/deployments`,
            (query) => session.apps.listNamespacedDeployment({ namespace, ...query }),
            `metadata.name=${name}`,
          )
        : null;
    const rollout: Tracked = {
      ref,
      session,
      // A Deployment's pods are found by ownership among the namespace's pods and ReplicaSets.
      pods: informerOf<V1Pod>(
        session,
        `/api/v1/namespaces/${namespace}/pods`,
        (query) => session.core.listNamespacedPod({ namespace, ...query }),
        ref.kind === 'Pod' ? `metadata.name=${name}` : undefined,
      ),
      events: informerOf<CoreV1Event>(session, `/api/v1/namespaces/${namespace}/events`, (query) =>
        session.core.listNamespacedEvent({ namespace, ...query }),
      ),
      deployment,
      replicaSets:
        ref.kind === 'Deployment'
          ? informerOf<V1ReplicaSet>(
              session,
              `/apis/apps/v1/namespaces/${namespace}/replicasets`,
              (query) => session.apps.listNamespacedReplicaSet({ namespace, ...query }),
            )
          : null,
      failures: new Map(),
      secrets: new Map(),
      unsubscribe: [],
      timer: null,
      stopped: false,
      latest: null,
    };
    const parts = [rollout.pods, rollout.events, rollout.deployment, rollout.replicaSets].filter(
      (held): held is Held<never> => held !== null,
    );
    try {
      await Promise.all(parts.map((held) => held.informer.ready()));
    } catch (error) {
      release(rollout);
      throw error;
    }
    // Closed while it was listing: answer once, keep nothing open.
    if (closed()) {
      release(rollout);
      return rollout;
    }
    tracked.set(id, rollout);
    for (const held of parts)
      rollout.unsubscribe.push(held.informer.subscribe(() => schedule(rollout)));
    return rollout;
  }

  /** The tracked rollout of `ref`; concurrent callers share one start. */
  function track(ref: WorkloadRef): Promise<Tracked> {
    const id = rolloutId(ref);
    const existing = tracked.get(id);
    if (existing) return Promise.resolve(existing);
    const pending = opening.get(id);
    if (pending) {
      // An open after a close while listing: the last wish wins, the rollout stays tracked.
      pending.wanted = true;
      return pending.tracked;
    }
    const started = start(ref, () => opening.get(id)?.wanted === false).finally(() =>
      opening.delete(id),
    );
    opening.set(id, { tracked: started, wanted: true });
    return started;
  }

  async function open(ref: WorkloadRef): Promise<RolloutView> {
    return fold(await track(ref));
  }

  function close(ref: WorkloadRef): boolean {
    const id = rolloutId(ref);
    const rollout = tracked.get(id);
    if (!rollout) {
      const pending = opening.get(id);
      if (pending) pending.wanted = false;
      return !!pending;
    }
    release(rollout);
    tracked.delete(id);
    return true;
  }

  /**
   * Re-makes this workload's pods stuck on a pull — only its own (by ownership), each with a uid
   * precondition — so they are pulled again at once (see `./retry.ts`).
   */
  async function retry(ref: WorkloadRef): Promise<{ deleted: string[] }> {
    const session = await clusters.session(ref.context);
    const id = rolloutId(ref);
    // Opened by the user, or being opened: the retry must not close it afterwards.
    const opened = tracked.has(id) || opening.get(id)?.wanted === true;
    const rollout = await track(ref);
    try {
      const stuck = stuckOnPull(ownPods(rollout, workload(rollout).uid).pods);
      await recreateStuck(session, ref, stuck);
      return { deleted: stuck.map((pod) => pod.metadata?.name ?? '') };
    } finally {
      if (!opened) close(ref);
    }
  }

  return {
    open,
    close,
    retry,
    closeAll() {
      for (const rollout of [...tracked.values()]) close(rollout.ref);
    },
  };
}
