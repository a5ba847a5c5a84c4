/**
 * The generic object calls the in-cluster workflow makes (ESO kinds and the plain ones it writes),
 * through client-node's KubernetesObjectApi and the session (errors mapped to AppErrors):
 * server-side apply with PullKey's field manager (a dry run on the server for the preview),
 * read-or-null, merge patch (with the resourceVersion read: refused when it changed) and delete.
 */
import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { isAppError } from '../api/errors';
import { FIELD_MANAGER } from '../kube/field-manager';
import type { KubeSession } from '../kube/session';
import type { ObjectRef } from '../eso/removal';

const apis = new WeakMap<KubeSession, KubernetesObjectApi>();

function api(session: KubeSession): KubernetesObjectApi {
  let found = apis.get(session);
  if (!found) {
    found = KubernetesObjectApi.makeApiClient(session.kubeConfig);
    apis.set(session, found);
  }
  return found;
}

const header = (ref: ObjectRef) => ({
  apiVersion: ref.apiVersion,
  kind: ref.kind,
  metadata: {
    name: ref.metadata.name,
    ...(ref.metadata.namespace ? { namespace: ref.metadata.namespace } : {}),
  },
});

export const notFound = (error: unknown) => isAppError(error) && error.code === 'KUBE_NOT_FOUND';

/** Server-side apply (force: PullKey owns what it wrote); `dryRun` asks the server only. */
export function apply<T extends KubernetesObject>(
  session: KubeSession,
  object: T,
  dryRun = false,
): Promise<T> {
  return session.call(() =>
    api(session).patch(
      object,
      undefined,
      dryRun ? 'All' : undefined,
      FIELD_MANAGER,
      true,
      PatchStrategy.ServerSideApply,
    ),
  );
}

export async function readOrNull<T extends KubernetesObject>(
  session: KubeSession,
  ref: ObjectRef,
): Promise<T | null> {
  try {
    return await session.call(() => api(session).read<T>(header(ref)));
  } catch (error) {
    if (notFound(error)) return null;
    throw error;
  }
}

/** A JSON merge patch of `ref` (labels, annotations, fields). */
export function mergePatch<T extends KubernetesObject>(
  session: KubeSession,
  ref: ObjectRef,
  patch: Record<string, unknown>,
): Promise<T> {
  const body = { ...header(ref), ...patch } as KubernetesObject;
  const meta = (patch.metadata ?? {}) as Record<string, unknown>;
  body.metadata = { ...header(ref).metadata, ...meta };
  return session.call(() =>
    api(session).patch(
      body,
      undefined,
      undefined,
      FIELD_MANAGER,
      undefined,
      PatchStrategy.MergePatch,
    ),
  ) as Promise<T>;
}

/** Deletes `ref`; false when it was already gone. */
export async function remove(
  session: KubeSession,
  ref: ObjectRef,
  propagationPolicy: 'Background' | 'Orphan' | 'Foreground' = 'Background',
): Promise<boolean> {
  try {
    await session.call(() =>
      api(session).delete(
        header(ref),
        undefined,
        undefined,
        undefined,
        undefined,
        propagationPolicy,
      ),
    );
    return true;
  } catch (error) {
    if (notFound(error)) return false;
    throw error;
  }
}
