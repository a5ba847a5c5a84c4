/**
 * What a folded rollout view asks for beyond its informers, read outside the fold and in the
 * background: the pull secrets of pods stuck on a pull (by name, in the workload's namespace) and,
 * for an image not found, the repository's tags. `changed` runs when an answer came in: it is an
 * input of the next fold.
 */
import type { RolloutView } from '../api/contract';
import { isAppError } from '../api/errors';
import type { ImageAccess } from '../image-access/access';
import type { KubeSession } from '../kube/session';
import { ownPods, workloadOf, type RolloutInputs } from './fold';

export function readRolloutInputs(
  images: ImageAccess,
  session: KubeSession,
  rollout: RolloutInputs,
  view: RolloutView,
  changed: () => void,
) {
  const current = workloadOf(rollout, view);
  const own = ownPods(rollout, current.uid).pods;
  const diagnosed = new Set(view.pods.filter((pod) => pod.diagnosis).map((pod) => pod.name));
  for (const pod of own) {
    if (!diagnosed.has(pod.metadata?.name ?? '')) continue;
    for (const ref of pod.spec?.imagePullSecrets ?? [])
      void loadSecret(session, rollout, ref.name ?? '', changed);
  }
  if (view.pods.some((pod) => pod.diagnosis?.kind === 'not-found') && rollout.tags === undefined) {
    rollout.tags = [];
    const pullSecrets = own[0]?.spec?.imagePullSecrets?.map((ref) => ref.name ?? '') ?? [];
    void images
      .tags(rollout.ref.context, rollout.ref.namespace, current.image, pullSecrets.filter(Boolean))
      .then((tags) => {
        rollout.tags = tags;
        changed();
      })
      .catch(() => undefined);
  }
}

async function loadSecret(
  session: KubeSession,
  rollout: RolloutInputs,
  name: string,
  changed: () => void,
) {
  if (!name || rollout.secrets.has(name)) return;
  rollout.secrets.set(name, null);
  try {
    const secret = await session.call(() =>
      session.core.readNamespacedSecret({ name, namespace: rollout.ref.namespace }),
    );
    rollout.secrets.set(name, secret);
  } catch (error) {
    // Not found is an answer; any other failure is not kept: read again on the next change.
    if (!(isAppError(error) && error.code === 'KUBE_NOT_FOUND')) rollout.secrets.delete(name);
  }
  changed();
}
