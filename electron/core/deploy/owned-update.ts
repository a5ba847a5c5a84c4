/**
 * The deploy form's update of an owned workload (issue 20): the specific owner sentence, the
 * image's change for Git and, on the write, the container image to watch for a revert. The same
 * `ownedWrite` as every other previewed write of a workload; nothing for an unowned one.
 */
import type { OwnedWrite } from '../api/contract';
import type { KubeSession } from '../kube/session';
import { ownedWrite } from '../ownership/owned-write';
import type { ExistingObject } from './existing';
import type { WorkloadInput } from './manifest';
import type { PodSpecLike } from './update-patch';

/** `{ warning, owned }` for the update of `existing`'s `container` to the form's image, or `{}`. */
export function ownedUpdate(
  session: KubeSession,
  existing: ExistingObject,
  input: Pick<WorkloadInput, 'namespace' | 'name' | 'image'>,
  container: string,
  written = false,
): Promise<{ warning?: string; owned?: OwnedWrite }> {
  const { kind, object } = existing;
  // The container as read before the write: its index for the watch, its image as `before`.
  const spec = (kind === 'Deployment' ? object.spec?.template.spec : object.spec) as
    PodSpecLike | undefined;
  const index = spec?.containers.findIndex((item) => item.name === container) ?? -1;
  const base = kind === 'Deployment' ? '/spec/template/spec' : '/spec';
  return ownedWrite(
    session,
    { kind, namespace: input.namespace, name: input.name, metadata: object.metadata },
    { type: 'image', container, image: input.image },
    written && index >= 0
      ? {
          path: `${base}/containers/${index}/image`,
          written: input.image,
          before: spec?.containers[index]?.image ?? null,
        }
      : undefined,
  );
}
