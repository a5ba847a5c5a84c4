import { AppError } from '../api/errors';
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
