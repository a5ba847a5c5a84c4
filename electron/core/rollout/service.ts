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
import type { RolloutView } from '../api/contract';
import { AppError } from '../api/errors';
import type { EventHub } from '../api/events';
import type { DeployService } from '../deploy/service';
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
import { waitPodGone } from '../kube/pods';
import type { KubeSession } from '../kube/session';
import { kubeletCandidates, kubeletRejections } from '../dockerconfig/keyring';
import { parseImageReference } from '../oci/reference';
import { controllerUid, eventTime, foldRollout, workloadPods } from './model';

export interface WorkloadRef {
  context: string;
  namespace: string;
  kind: 'Deployment' | 'Pod';
  name: string;
}

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

const PULL_STUCK = /ErrImagePull|ImagePullBackOff/;

export function createRolloutService(
  clusters: ClusterService,
  deploy: DeployService,
  events: EventHub,
) {
  const tracked = new Map<string, Tracked>();

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

  function workload(t: Tracked): {
    exists: boolean;
    image: string;
    desired: number;
    uid: string | null;
  } {
    const { namespace, name } = t.ref;
    if (t.deployment) {
      const deployment = t.deployment.informer.get(namespace, name);
      return {
        exists: !!deployment,
        image: deployment?.spec?.template.spec?.containers[0]?.image ?? t.latest?.image ?? '',
        desired: deployment?.spec?.replicas ?? 1,
        uid: deployment?.metadata?.uid ?? null,
      };
    }
    // A Pod is followed by name (it may be replaced); retry acts on the uid it saw.
    const pod = t.pods.informer.get(namespace, name);
    return {
      exists: !!pod,
      image: pod?.spec?.containers[0]?.image ?? t.latest?.image ?? '',
      desired: 1,
      uid: null,
    };
  }

  /** The workload's own pods (by ownership) and ReplicaSets. */
  function ownPods(t: Tracked, uid: string | null) {
    return workloadPods({
      kind: t.ref.kind,
      name: t.ref.name,
      uid,
      replicaSets: t.replicaSets?.informer.objects() ?? [],
      pods: t.pods.informer.objects(),
    });
  }

  /** The pod's pull secrets whose credentials match the image's registry (kubelet rules). */
  function matchingSecrets(t: Tracked, pod: V1Pod, image: string): string[] {
    let name: string;
    try {
      name = parseImageReference(image).name;
    } catch {
      return [];
    }
    const secrets = (pod.spec?.imagePullSecrets ?? []).flatMap((ref) => {
      const secret = t.secrets.get(ref.name ?? '');
      if (secret === undefined) void loadSecret(t, ref.name ?? '');
      return secret ? [secret] : [];
    });
    // Read as the kubelet reads them (legacy .dockercfg secrets included).
    return [...new Set(kubeletCandidates(name, secrets).matches.map((match) => match.source))];
  }

  /** The pod's matching secrets whose `auth` holds other credentials than their fields. */
  function staleAuthSecrets(t: Tracked, pod: V1Pod, image: string): string[] {
    let name: string;
    try {
      name = parseImageReference(image).name;
    } catch {
      return [];
    }
    const secrets = (pod.spec?.imagePullSecrets ?? []).flatMap(
      (ref) => t.secrets.get(ref.name ?? '') ?? [],
    );
    const matches = kubeletCandidates(name, secrets).matches;
    return [...new Set(matches.filter((match) => match.staleFields).map((match) => match.source))];
  }

  /** The pod's pull secrets the kubelet cannot decode (then it pulls nothing). */
  function rejectedSecrets(t: Tracked, pod: V1Pod) {
    return kubeletRejections(
      (pod.spec?.imagePullSecrets ?? []).flatMap((ref) => t.secrets.get(ref.name ?? '') ?? []),
    );
  }

  async function loadSecret(t: Tracked, name: string) {
    if (!name || t.secrets.has(name)) return;
    t.secrets.set(name, null);
    try {
      const secret = await t.session.call(() =>
        t.session.core.readNamespacedSecret({ name, namespace: t.ref.namespace }),
      );
      t.secrets.set(name, secret);
    } catch (error) {
      // Not found is an answer; any other failure is not kept: read again on the next change.
      if (!(error instanceof AppError && error.code === 'KUBE_NOT_FOUND')) t.secrets.delete(name);
    }
    schedule(t);
  }

  function recordFailures(t: Tracked) {
    for (const event of t.events.informer.objects()) {
      if (event.reason !== 'Failed' || event.involvedObject?.kind !== 'Pod') continue;
      if (!/^Failed to pull image/.test(event.message ?? '')) continue;
      const at = Date.parse(eventTime(event));
      if (!Number.isFinite(at)) continue;
      const pod = event.involvedObject.name ?? '';
      const times = t.failures.get(pod) ?? new Set<number>();
      times.add(at);
      t.failures.set(pod, times);
    }
  }

  function fold(t: Tracked): RolloutView {
    const current = workload(t);
    const own = ownPods(t, current.uid);
    recordFailures(t);
    const view = foldRollout({
      id: rolloutId(t.ref),
      ...t.ref,
      image: current.image,
      desired: current.desired,
      exists: current.exists,
      pods: own.pods,
      replicaSets: t.ref.kind === 'Deployment' ? own.replicaSets : undefined,
      events: t.events.informer.objects(),
      matchingSecrets: (pod) => matchingSecrets(t, pod, current.image),
      rejectedSecrets: (pod) => rejectedSecrets(t, pod),
      staleAuthSecrets: (pod) => staleAuthSecrets(t, pod, current.image),
      failureTimes: (pod) => [...(t.failures.get(pod) ?? [])],
      tags: t.tags,
    });
    if (view.pods.some((pod) => pod.diagnosis?.kind === 'not-found') && t.tags === undefined) {
      t.tags = [];
      const pullSecrets = own.pods[0]?.spec?.imagePullSecrets?.map((ref) => ref.name ?? '') ?? [];
      void deploy
        .tags(t.ref.context, t.ref.namespace, current.image, pullSecrets.filter(Boolean))
        .then((tags) => {
          t.tags = tags;
          schedule(t);
        })
        .catch(() => undefined);
    }
    view.freshness = combineFreshness(
      [t.pods, t.events, t.deployment, t.replicaSets]
        .filter((held): held is Held<never> => held !== null)
        .map((held) => held.informer.freshness()),
    );
    t.latest = view;
    return view;
  }

  function schedule(t: Tracked) {
    if (t.timer || t.stopped) return;
    t.timer = setTimeout(() => {
      t.timer = null;
      if (!t.stopped) events.emit('rollout:progress', fold(t));
    }, 15);
  }

  function release(t: Tracked) {
    t.stopped = true;
    if (t.timer) clearTimeout(t.timer);
    for (const unsubscribe of t.unsubscribe) unsubscribe();
    for (const held of [t.pods, t.events, t.deployment, t.replicaSets]) held?.release();
  }

  async function open(ref: WorkloadRef): Promise<RolloutView> {
    const id = rolloutId(ref);
    const existing = tracked.get(id);
    if (existing) return fold(existing);
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
    const t: Tracked = {
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
    const parts = [t.pods, t.events, t.deployment, t.replicaSets].filter(
      (held): held is Held<never> => held !== null,
    );
    tracked.set(id, t);
    try {
      await Promise.all(parts.map((held) => held.informer.ready()));
    } catch (error) {
      tracked.delete(id);
      release(t);
      throw error;
    }
    for (const held of parts) t.unsubscribe.push(held.informer.subscribe(() => schedule(t)));
    return fold(t);
  }

  function close(ref: WorkloadRef): boolean {
    const id = rolloutId(ref);
    const t = tracked.get(id);
    if (!t) return false;
    release(t);
    tracked.delete(id);
    return true;
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

  /**
   * Deletes this workload's pods stuck on a pull — only its own (by ownership), each with a uid
   * precondition — so they are created again and pulled at once. A Deployment's pods come back
   * from their ReplicaSet; a bare Pod is created again from its spec; a controller-owned pod
   * opened as a Pod is only deleted (its controller makes the new one), never re-made bare.
   */
  async function retry(ref: WorkloadRef): Promise<{ deleted: string[] }> {
    const session = await clusters.session(ref.context);
    const opened = tracked.has(rolloutId(ref));
    await open(ref);
    const t = tracked.get(rolloutId(ref))!;
    try {
      const current = workload(t);
      const stuck = ownPods(t, current.uid).pods.filter(
        (pod) =>
          !pod.metadata?.deletionTimestamp &&
          (pod.status?.containerStatuses ?? []).some((status) =>
            PULL_STUCK.test(status.state?.waiting?.reason ?? ''),
          ),
      );
      const deleted = stuck.map((pod) => pod.metadata?.name ?? '');
      if (ref.kind === 'Pod') {
        const pod = stuck[0];
        if (!pod) return { deleted };
        await deletePod(session, ref.namespace, pod);
        if (controllerUid(pod.metadata)) return { deleted };
        await waitPodGone(session, ref.namespace, ref.name);
        const { metadata, spec } = pod;
        await session.call(() =>
          session.core.createNamespacedPod({
            namespace: ref.namespace,
            body: {
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
          }),
        );
        return { deleted };
      }
      await Promise.all(stuck.map((pod) => deletePod(session, ref.namespace, pod)));
      return { deleted };
    } finally {
      if (!opened) close(ref);
    }
  }

  return {
    open,
    close,
    retry,
    closeAll() {
      for (const t of [...tracked.values()]) close(t.ref);
    },
  };
}
