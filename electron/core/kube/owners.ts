/** Pure: who controls an object, from its ownerReferences. */
import type { V1OwnerReference } from '@kubernetes/client-node';

/** The controller reference among the owner references (controller: true), if any. */
export function controllerReference<R extends Pick<V1OwnerReference, 'controller'>>(
  references: R[] | undefined,
): R | null {
  return (references ?? []).find((reference) => reference.controller === true) ?? null;
}

/** The controller among the owner references, by kind and name, if any. */
export function controllerOf(
  references: Array<Pick<V1OwnerReference, 'kind' | 'name' | 'controller'>> | undefined,
): { kind: string; name: string } | null {
  const controller = controllerReference(references);
  return controller ? { kind: controller.kind, name: controller.name } : null;
}

/** The uid of an object's controller, if any. */
export function controllerUid(
  metadata: { ownerReferences?: V1OwnerReference[] | undefined } | undefined,
): string | null {
  return controllerReference(metadata?.ownerReferences)?.uid ?? null;
}
