/**
 * I/O: what keeping a registry does to each planned object. Absent → create; present → the
 * object as a server-side apply dry run (PullKey's field manager, forced) would leave it,
 * compared with the live one (`kube/same-object`): unchanged, or update. An existing Namespace is
 * never applied (unchanged). A dry run the server refuses says update: the write will say why.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { InClusterObject } from '../api/contract';
import type { PlannedObject } from '../eso/manifests';
import { sameObject } from '../kube/same-object';
import type { KubeSession } from '../kube/session';
import { apply, readOrNull } from './kube-objects';

const READS = 4;

export type PlannedAction = Extract<InClusterObject['action'], 'create' | 'update' | 'unchanged'>;

async function actionOf(session: KubeSession, object: PlannedObject): Promise<PlannedAction> {
  const live = await readOrNull<KubernetesObject>(session, object);
  if (!live) return 'create';
  if (object.kind === 'Namespace') return 'unchanged';
  try {
    const applied = await apply(session, object as KubernetesObject, true);
    return sameObject(live, applied) ? 'unchanged' : 'update';
  } catch {
    return 'update';
  }
}

/** One action per planned object, in the plan's order. */
export function plannedActions(
  session: KubeSession,
  objects: PlannedObject[],
): Promise<PlannedAction[]> {
  const limit = pLimit(READS);
  return Promise.all(objects.map((object) => limit(() => actionOf(session, object))));
}
