/**
 * Read and patch one workload by kind, through the typed clients: the one switch from a kind
 * (the contract's workload kinds) to its API. Every call goes through the session (errors become
 * AppErrors); every patch is written with PullKey's field manager.
 */
import {
  BatchV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1CronJob,
  type V1DaemonSet,
  type V1Deployment,
  type V1Job,
  type V1Pod,
  type V1ReplicaSet,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import type { PullWorkloadKind } from '../api/contract';
import { FIELD_MANAGER } from './field-manager';
import type { KubeSession } from './session';

/** A workload kind as the contract names it (Pod included). */
export type WorkloadKind = PullWorkloadKind;

interface WorkloadObjects {
  Deployment: V1Deployment;
  StatefulSet: V1StatefulSet;
  DaemonSet: V1DaemonSet;
  ReplicaSet: V1ReplicaSet;
  Job: V1Job;
  CronJob: V1CronJob;
  Pod: V1Pod;
}

/** How a patch body is read by the API server. */
export type PatchType = 'merge' | 'json' | 'strategic';

const patchHeaders = {
  merge: setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  json: setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
  strategic: setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
};

export interface WorkloadAccess<K extends WorkloadKind> {
  read(): Promise<WorkloadObjects[K]>;
  /** `dryRun`: the API server checks the patch and writes nothing. */
  patch(body: object, type: PatchType, dryRun?: boolean): Promise<WorkloadObjects[K]>;
}

interface Target {
  name: string;
  namespace: string;
}
interface PatchTarget extends Target {
  body: object;
  fieldManager: string;
  dryRun?: string;
}
type Headers = (typeof patchHeaders)[PatchType];
interface KindApi {
  read(target: Target): Promise<unknown>;
  patch(target: PatchTarget, headers: Headers): Promise<unknown>;
}

/** One batch client per session (the session holds core and apps already). */
const batchClients = new WeakMap<KubeSession, BatchV1Api>();

function batchOf(session: KubeSession): BatchV1Api {
  let batch = batchClients.get(session);
  if (!batch) {
    batch = session.kubeConfig.makeApiClient(BatchV1Api);
    batchClients.set(session, batch);
  }
  return batch;
}

function kindApi(session: KubeSession, kind: WorkloadKind): KindApi {
  const { apps, core } = session;
  const batch = () => batchOf(session);
  switch (kind) {
    case 'Deployment':
      return {
        read: (t) => apps.readNamespacedDeployment(t),
        patch: (t, h) => apps.patchNamespacedDeployment(t, h),
      };
    case 'StatefulSet':
      return {
        read: (t) => apps.readNamespacedStatefulSet(t),
        patch: (t, h) => apps.patchNamespacedStatefulSet(t, h),
      };
    case 'DaemonSet':
      return {
        read: (t) => apps.readNamespacedDaemonSet(t),
        patch: (t, h) => apps.patchNamespacedDaemonSet(t, h),
      };
    case 'ReplicaSet':
      return {
        read: (t) => apps.readNamespacedReplicaSet(t),
        patch: (t, h) => apps.patchNamespacedReplicaSet(t, h),
      };
    case 'Job':
      return {
        read: (t) => batch().readNamespacedJob(t),
        patch: (t, h) => batch().patchNamespacedJob(t, h),
      };
    case 'CronJob':
      return {
        read: (t) => batch().readNamespacedCronJob(t),
        patch: (t, h) => batch().patchNamespacedCronJob(t, h),
      };
    case 'Pod':
      return {
        read: (t) => core.readNamespacedPod(t),
        patch: (t, h) => core.patchNamespacedPod(t, h),
      };
  }
}

/** Read and patch the workload `kind` `name` in `namespace`. */
export function workloadAccess<K extends WorkloadKind>(
  session: KubeSession,
  kind: K,
  namespace: string,
  name: string,
): WorkloadAccess<K> {
  const api = kindApi(session, kind);
  return {
    read: () => session.call(() => api.read({ name, namespace }) as Promise<WorkloadObjects[K]>),
    patch: (body, type, dryRun) =>
      session.call(
        () =>
          api.patch(
            {
              name,
              namespace,
              body,
              fieldManager: FIELD_MANAGER,
              ...(dryRun ? { dryRun: 'All' } : {}),
            },
            patchHeaders[type],
          ) as Promise<WorkloadObjects[K]>,
      ),
  };
}
