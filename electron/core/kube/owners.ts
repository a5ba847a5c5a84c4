/** Pure: who controls an object, from its ownerReferences. */
import type { V1OwnerReference } from '@kubernetes/client-node';

/** The controller among the owner references (controller: true), if any. */
export function controllerOf(
  references: Array<Pick<V1OwnerReference, 'kind' | 'name' | 'controller'>> | undefined,
): { kind: string; name: string } | null {
  const controller = (references ?? []).find((reference) => reference.controller);
  return controller ? { kind: controller.kind, name: controller.name } : null;
}
