/**
 * I/O: Delete, and Back to laptop sync, of a kept project registry (both previewed), and Sync now.
 *
 * Delete removes the ClusterExternalSecret (ESO deletes its ExternalSecrets; the copies they own
 * go with them), the source, and the store with its ServiceAccount/Role/RoleBinding when no other
 * kept registry uses it.
 *
 * Back to laptop sync keeps every copy: the CES is switched to creationPolicy Orphan (ESO then
 * removes its controller reference from each copy; PullKey removes any left after a wait), then
 * the ESO objects and the source are deleted, and each copy gets PullKey's project labels back
 * with ESO's markers removed — a laptop copy with no dangling owner.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { InClusterWrite, KeptRegistry } from '../api/contract';
import { AppError } from '../api/errors';
import {
  ESO_DATA_HASH_ANNOTATION,
  ESO_MANAGED_LABEL,
  ESO_OWNER_LABEL,
  FORCE_SYNC_ANNOTATION,
  projectCopyMetadata,
} from '../eso/names';
import type { ClusterExternalSecretObject } from '../eso/objects';
import {
  asObject,
  cesRef,
  removePlan,
  removePreview,
  secretRef,
  type ObjectRef,
} from '../eso/removal';
import type { KubeSession } from '../kube/session';
import { mergePatch, readOrNull, remove } from './kube-objects';

const ORPHAN_WAIT_MS = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function readCes(session: KubeSession, id: string) {
  const ces = await readOrNull(session, cesRef(id));
  if (!ces) throw new AppError('KUBE_NOT_FOUND', `No kept registry ${id} on this cluster`);
  return ces as unknown as ClusterExternalSecretObject;
}

/** Sync now: a new force-sync value on the CES; ESO mirrors it on every ExternalSecret. */
export async function syncNow(session: KubeSession, id: string) {
  await readCes(session, id);
  const requestedAt = new Date().toISOString();
  await mergePatch(session, cesRef(id), {
    metadata: { annotations: { [FORCE_SYNC_ANNOTATION]: requestedAt } },
  });
  return { id, requestedAt };
}

/** Waits for ESO to drop its owner reference from the copies, then drops any left itself. */
async function orphanCopies(session: KubeSession, row: KeptRegistry, namespaces: string[]) {
  const deadline = Date.now() + ORPHAN_WAIT_MS;
  let pending = namespaces;
  while (pending.length && Date.now() < deadline) {
    const still = await Promise.all(
      pending.map(async (ns) => {
        const copy = await readOrNull<V1Secret>(session, secretRef(ns, row.name));
        return copy?.metadata?.ownerReferences?.some((r) => r.kind === 'ExternalSecret')
          ? ns
          : null;
      }),
    );
    pending = still.filter((ns): ns is string => ns !== null);
    if (pending.length) await sleep(500);
  }
  for (const ns of pending) {
    const copy = await readOrNull<V1Secret>(session, secretRef(ns, row.name));
    if (!copy) continue;
    const kept = (copy.metadata?.ownerReferences ?? []).filter((r) => r.kind !== 'ExternalSecret');
    await mergePatch(session, secretRef(ns, row.name), {
      metadata: { resourceVersion: copy.metadata?.resourceVersion, ownerReferences: kept },
    });
  }
}

/** The copy as PullKey's laptop copy of the project: ESO's markers removed, PullKey's labels on. */
async function relabelCopy(session: KubeSession, row: KeptRegistry, namespace: string) {
  const meta = projectCopyMetadata(row.project);
  await mergePatch(session, secretRef(namespace, row.name), {
    metadata: {
      labels: { ...meta.labels, [ESO_MANAGED_LABEL]: null, [ESO_OWNER_LABEL]: null },
      annotations: { ...meta.annotations, [ESO_DATA_HASH_ANNOTATION]: null },
    },
  });
}

async function waitGone(session: KubeSession, ref: ObjectRef, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await readOrNull(session, ref))) return true;
    await sleep(300);
  }
  return false;
}

export async function removeKept(
  session: KubeSession,
  row: KeptRegistry,
  others: KeptRegistry[],
  mode: 'delete' | 'to-laptop',
  options: { dryRun?: boolean | undefined; resourceVersion?: string | undefined },
): Promise<InClusterWrite> {
  const plan = removePlan(row, others);
  const answer = {
    preview: removePreview(row, plan, mode),
    objects: [
      ...plan.objects.map((ref) => asObject(ref, 'delete')),
      ...plan.copies.map((ns) =>
        asObject(secretRef(ns, row.name), mode === 'delete' ? 'delete' : 'keep'),
      ),
    ],
    adopted: [],
    conflicts: [],
    id: row.id,
  };
  // ESO must hand the copies over (creationPolicy Orphan); stopped, it would take them back on
  // restart, before deleting its ExternalSecrets, and the garbage collector would follow.
  const refused =
    mode === 'to-laptop' && row.state === 'not-reconciling'
      ? 'External Secrets is not reconciling: Back to laptop sync needs it running to hand the copies over. Start it, then try again.'
      : undefined;
  if (options.dryRun)
    return {
      ...answer,
      written: false,
      resourceVersion: row.resourceVersion,
      ...(refused ? { warning: refused } : {}),
    };
  if (refused) throw new AppError('KUBE_CONFLICT', `${refused} Nothing was changed.`);
  const ces = await readCes(session, row.id);
  if (options.resourceVersion && ces.metadata.resourceVersion !== options.resourceVersion)
    throw new AppError(
      'KUBE_CONFLICT',
      'This registry’s ClusterExternalSecret changed since the preview: preview again. Nothing was changed.',
    );
  if (mode === 'to-laptop') {
    await mergePatch(session, cesRef(row.id), {
      metadata: { annotations: { [FORCE_SYNC_ANNOTATION]: new Date().toISOString() } },
      spec: { externalSecretSpec: { target: { creationPolicy: 'Orphan' } } },
    });
    await orphanCopies(session, row, plan.copies);
  }
  for (const ref of plan.objects) await remove(session, ref);
  let warning: string | undefined;
  if (!(await waitGone(session, cesRef(row.id), 30_000)))
    warning =
      'The ClusterExternalSecret is still being deleted: External Secrets removes it when it runs.';
  if (mode === 'to-laptop') for (const ns of plan.copies) await relabelCopy(session, row, ns);
  return { ...answer, written: true, resourceVersion: null, ...(warning ? { warning } : {}) };
}
