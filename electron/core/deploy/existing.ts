/**
 * The workload of a name that already exists in a namespace (Deployment first, then Pod), with
 * what an update needs: its uid and resourceVersion, its containers and the controller that owns
 * it (a ReplicaSet's pod, a StatefulSet's db-0, a Job's pod are changed through their owner).
 */
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { ExistingWorkloadView } from '../api/contract';
import { isAppError } from '../api/errors';
import type { KubeSession } from '../kube/session';
import { controllerOf } from '../kube/owners';
import { workloadAccess } from '../kube/workload-access';
import { formContainer } from './update-patch';

/** The same shape the deploy form shows (the contract's view of it). */
export type ExistingWorkload = ExistingWorkloadView;

export type ExistingObject =
  | { kind: 'Deployment'; object: V1Deployment; view: ExistingWorkload }
  | { kind: 'Pod'; object: V1Pod; view: ExistingWorkload };

function view(
  kind: 'Deployment' | 'Pod',
  name: string,
  metadata: V1Pod['metadata'],
  containers: Array<{ name: string }>,
): ExistingWorkload {
  return {
    kind,
    name,
    uid: metadata?.uid ?? '',
    resourceVersion: metadata?.resourceVersion ?? '',
    containers: containers.map((container) => container.name),
    container: formContainer(containers, name),
    owner: controllerOf(metadata?.ownerReferences),
  };
}

const notFoundIsNull = (error: unknown) => {
  if (isAppError(error) && error.code === 'KUBE_NOT_FOUND') return null;
  throw error;
};

export async function readExisting(
  session: KubeSession,
  namespace: string,
  name: string,
): Promise<ExistingObject | null> {
  const deployment = await workloadAccess(session, 'Deployment', namespace, name)
    .read()
    .catch(notFoundIsNull);
  if (deployment) {
    return {
      kind: 'Deployment',
      object: deployment,
      view: view(
        'Deployment',
        name,
        deployment.metadata,
        deployment.spec?.template.spec?.containers ?? [],
      ),
    };
  }
  const pod = await workloadAccess(session, 'Pod', namespace, name).read().catch(notFoundIsNull);
  if (pod) {
    return {
      kind: 'Pod',
      object: pod,
      view: view('Pod', name, pod.metadata, pod.spec?.containers ?? []),
    };
  }
  return null;
}
