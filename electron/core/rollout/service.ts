/**
 * Live rollout views: for each open workload, watches its pods, the namespace's events and the
 * workload itself (watches, not polling), folds them into a RolloutView and pushes
 * `rollout:progress` on every change.
 */
import {
  Watch,
  type CoreV1Event,
  type KubernetesObject,
  type V1Deployment,
  type V1Pod,
  type V1Secret,
} from '@kubernetes/client-node';
import type { RolloutView } from '../api/contract';
import { isAppError } from '../api/errors';
import type { EventHub } from '../api/events';
import { NAME_LABEL } from '../deploy/manifest';
import type { DeployService } from '../deploy/service';
import type { ClusterService } from '../kube/clusters';
import { waitPodGone } from '../kube/pods';
import type { KubeSession } from '../kube/session';
import { kubeletCandidates, kubeletRejections } from '../registry/keyring';
import { parseImageReference } from '../registry/reference';
import { eventTime, foldRollout } from './model';

export interface WorkloadRef {
  context: string;
  namespace: string;
  kind: 'Deployment' | 'Pod';
  name: string;
}

export const rolloutId = (ref: WorkloadRef) =>
  `${ref.context}/${ref.namespace}/${ref.kind}/${ref.name}`;

interface Tracked {
  ref: WorkloadRef;
  session: KubeSession;
  pods: Map<string, V1Pod>;
  events: Map<string, CoreV1Event>;
  failures: Map<string, Set<number>>;
  secrets: Map<string, V1Secret | null>;
  workload: { exists: boolean; image: string; desired: number };
  tags?: string[];
  aborts: Array<{ abort(): void }>;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
  latest: RolloutView | null;
}

export function createRolloutService(
  clusters: ClusterService,
  deploy: DeployService,
  events: EventHub,
) {
  const tracked = new Map<string, Tracked>();

  function deploymentWorkload(deployment: V1Deployment): Tracked['workload'] {
    return {
      exists: true,
      image: deployment.spec?.template.spec?.containers[0]?.image ?? '',
      desired: deployment.spec?.replicas ?? 1,
    };
  }

  async function readWorkload(t: Tracked) {
    const { namespace, name, kind } = t.ref;
    try {
      if (kind === 'Deployment') {
        t.workload = deploymentWorkload(
          await t.session.call(() => t.session.apps.readNamespacedDeployment({ name, namespace })),
        );
      } else {
        const pod = await t.session.call(() =>
          t.session.core.readNamespacedPod({ name, namespace }),
        );
        t.workload = { exists: true, image: pod.spec?.containers[0]?.image ?? '', desired: 1 };
      }
    } catch (error) {
      if (isAppError(error) && error.code === 'KUBE_NOT_FOUND')
        t.workload = { ...t.workload, exists: false };
      else throw error;
    }
  }

  /** The pod's pull secrets whose credentials match the image's registry (kubelet rules). */
  function matchingSecrets(t: Tracked, pod: V1Pod): string[] {
    let name: string;
    try {
      name = parseImageReference(t.workload.image).name;
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
  function staleAuthSecrets(t: Tracked, pod: V1Pod): string[] {
    let name: string;
    try {
      name = parseImageReference(t.workload.image).name;
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
    const secret = await t.session
      .call(() => t.session.core.readNamespacedSecret({ name, namespace: t.ref.namespace }))
      .catch(() => null);
    t.secrets.set(name, secret);
    schedule(t);
  }

  function fold(t: Tracked): RolloutView {
    const view = foldRollout({
      id: rolloutId(t.ref),
      ...t.ref,
      image: t.workload.image,
      desired: t.workload.desired,
      exists: t.workload.exists,
      pods: [...t.pods.values()],
      events: [...t.events.values()],
      matchingSecrets: (pod) => matchingSecrets(t, pod),
      rejectedSecrets: (pod) => rejectedSecrets(t, pod),
      staleAuthSecrets: (pod) => staleAuthSecrets(t, pod),
      failureTimes: (pod) => [...(t.failures.get(pod) ?? [])],
      tags: t.tags,
    });
    if (view.pods.some((pod) => pod.diagnosis?.kind === 'not-found') && t.tags === undefined) {
      t.tags = [];
      const pullSecrets =
        [...t.pods.values()][0]?.spec?.imagePullSecrets?.map((ref) => ref.name ?? '') ?? [];
      void deploy
        .tags(t.ref.context, t.ref.namespace, t.workload.image, pullSecrets.filter(Boolean))
        .then((tags) => {
          t.tags = tags;
          schedule(t);
        })
        .catch(() => undefined);
    }
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

  function recordFailure(t: Tracked, event: CoreV1Event) {
    if (event.reason !== 'Failed' || event.involvedObject?.kind !== 'Pod') return;
    if (!/^Failed to pull image/.test(event.message ?? '')) return;
    const at = Date.parse(eventTime(event));
    if (!Number.isFinite(at)) return;
    const pod = event.involvedObject.name ?? '';
    const times = t.failures.get(pod) ?? new Set<number>();
    times.add(at);
    t.failures.set(pod, times);
  }

  async function watch<T extends KubernetesObject>(
    t: Tracked,
    path: string,
    query: Record<string, string>,
    apply: (type: string, object: T) => void,
  ) {
    if (t.stopped) return;
    const restart = () => {
      setTimeout(() => void watch(t, path, query, apply).catch(() => undefined), 1_000);
    };
    try {
      const abort = await new Watch(t.session.kubeConfig).watch(
        path,
        query,
        (type: string, object: T) => {
          apply(type, object);
          schedule(t);
        },
        () => {
          if (!t.stopped) restart();
        },
      );
      t.aborts.push(abort);
    } catch {
      restart();
    }
  }

  async function open(ref: WorkloadRef): Promise<RolloutView> {
    const id = rolloutId(ref);
    const existing = tracked.get(id);
    if (existing) {
      await readWorkload(existing);
      return fold(existing);
    }
    const session = await clusters.session(ref.context);
    const t: Tracked = {
      ref,
      session,
      pods: new Map(),
      events: new Map(),
      failures: new Map(),
      secrets: new Map(),
      workload: { exists: false, image: '', desired: 1 },
      aborts: [],
      timer: null,
      stopped: false,
      latest: null,
    };
    tracked.set(id, t);
    await readWorkload(t);
    const selector: Record<string, string> =
      ref.kind === 'Deployment'
        ? { labelSelector: `${NAME_LABEL}=${ref.name}` }
        : { fieldSelector: `metadata.name=${ref.name}` };
    const [pods, eventList] = await Promise.all([
      session.call(() => session.core.listNamespacedPod({ namespace: ref.namespace, ...selector })),
      session.call(() => session.core.listNamespacedEvent({ namespace: ref.namespace })),
    ]);
    for (const pod of pods.items) t.pods.set(pod.metadata?.name ?? '', pod);
    for (const event of eventList.items) {
      t.events.set(event.metadata?.uid ?? '', event);
      recordFailure(t, event);
    }
    void watch<V1Pod>(
      t,
      `/api/v1/namespaces/${ref.namespace}/pods`,
      { ...selector, resourceVersion: pods.metadata?.resourceVersion ?? '' },
      (type, pod) => {
        if (type === 'DELETED') t.pods.delete(pod.metadata?.name ?? '');
        else if (type !== 'BOOKMARK') t.pods.set(pod.metadata?.name ?? '', pod);
      },
    );
    void watch<CoreV1Event>(
      t,
      `/api/v1/namespaces/${ref.namespace}/events`,
      { resourceVersion: eventList.metadata?.resourceVersion ?? '' },
      (type, event) => {
        if (type === 'DELETED') t.events.delete(event.metadata?.uid ?? '');
        else if (type !== 'BOOKMARK') {
          t.events.set(event.metadata?.uid ?? '', event);
          recordFailure(t, event);
        }
      },
    );
    if (ref.kind === 'Deployment') {
      // The watch carries the Deployment itself: no need to read it again on each change.
      void watch<V1Deployment>(
        t,
        `/apis/apps/v1/namespaces/${ref.namespace}/deployments`,
        { fieldSelector: `metadata.name=${ref.name}` },
        (type, deployment) => {
          if (type === 'BOOKMARK') return;
          t.workload =
            type === 'DELETED' ? { ...t.workload, exists: false } : deploymentWorkload(deployment);
        },
      );
    }
    return fold(t);
  }

  function close(ref: WorkloadRef): boolean {
    const id = rolloutId(ref);
    const t = tracked.get(id);
    if (!t) return false;
    t.stopped = true;
    if (t.timer) clearTimeout(t.timer);
    for (const abort of t.aborts) abort.abort();
    tracked.delete(id);
    return true;
  }

  /** Deletes the pods stuck on a pull so they are created again and pulled at once. */
  async function retry(ref: WorkloadRef): Promise<{ deleted: string[] }> {
    const session = await clusters.session(ref.context);
    const view = tracked.get(rolloutId(ref))?.latest ?? (await open(ref));
    const stuck = view.pods
      .filter((pod) => pod.waiting && /ErrImagePull|ImagePullBackOff/.test(pod.waiting.reason))
      .map((pod) => pod.name);
    if (ref.kind === 'Pod' && stuck.length) {
      const pod = await session.call(() =>
        session.core.readNamespacedPod({ name: ref.name, namespace: ref.namespace }),
      );
      await session.call(() =>
        session.core.deleteNamespacedPod({
          name: ref.name,
          namespace: ref.namespace,
          gracePeriodSeconds: 0,
        }),
      );
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
      return { deleted: stuck };
    }
    await Promise.all(
      stuck.map((name) =>
        session.call(() =>
          session.core.deleteNamespacedPod({
            name,
            namespace: ref.namespace,
            gracePeriodSeconds: 0,
          }),
        ),
      ),
    );
    return { deleted: stuck };
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

export type RolloutService = ReturnType<typeof createRolloutService>;
