import type { V1Pod } from '@kubernetes/client-node';
import { AppError, isAppError } from '../api/errors';
import type { KubeSession } from './session';

/** Waits (up to 10 s) until a deleted pod is really gone, so one of the same name can be created. */
export async function waitPodGone(
  session: KubeSession,
  namespace: string,
  name: string,
): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const exists = await session
      .call(() => session.core.readNamespacedPod({ name, namespace }))
      .then(
        () => true,
        () => false,
      );
    if (!exists) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new AppError('KUBE_CONFLICT', `Pod ${namespace}/${name} is still terminating`);
}

/**
 * A bare pod cannot change its spec in place, so it is replaced: `remove` deletes it (with the
 * caller's preconditions), then, once it is really gone, `next` is created under the same name.
 * The one place where PullKey deletes and re-creates a pod (deploy update and rollout retry).
 * Answers the pod created.
 */
export async function recreatePod(
  session: KubeSession,
  namespace: string,
  next: V1Pod,
  remove: () => Promise<unknown>,
  fieldManager?: string,
): Promise<V1Pod> {
  const name = next.metadata?.name ?? '';
  await remove();
  await waitPodGone(session, namespace, name);
  try {
    return await session.call(() =>
      session.core.createNamespacedPod({
        namespace,
        body: next,
        ...(fieldManager ? { fieldManager } : {}),
      }),
    );
  } catch (error) {
    throw new AppError(
      isAppError(error) ? error.code : 'KUBE_API_ERROR',
      `Pod "${name}" was deleted but its replacement was refused: ${(error as Error).message}`,
    );
  }
}
