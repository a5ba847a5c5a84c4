/**
 * Pure: which engine owns a pull secret or a workload (and its ServiceAccount), from the markers
 * each engine really writes. One table (rules.ts, delivery-rules.ts), first match wins.
 */
import type { EngineOwner } from '../api/contract';
import { deliveryRules } from './delivery-rules';
import { ARGO } from './markers';
import { secretRules, type OwnedMetadata, type OwnershipRule } from './rules';
import { ownedWorkloadWarning } from './workload-warning';

export { joinWarnings } from './workload-warning';

export type { OwnedMetadata } from './rules';

/** Every rule, in the order they are tried (the engine's own copy rules before delivery tools). */
export const ownershipRules: readonly OwnershipRule[] = [...secretRules, ...deliveryRules];

function firstMatch(meta: OwnedMetadata | undefined, kind: 'secret' | 'workload') {
  if (!meta) return null;
  for (const rule of ownershipRules) {
    if (rule.applies !== 'both' && rule.applies !== kind) continue;
    const found = rule.match(meta);
    if (found) return found;
  }
  return null;
}

/** The engine that keeps this Secret (a copy PullKey must never write), or null. */
export function secretOwner(meta: OwnedMetadata | undefined): EngineOwner | null {
  return firstMatch(meta, 'secret');
}

/** The engine that owns this workload or ServiceAccount, or null. */
export function workloadOwner(meta: OwnedMetadata | undefined): EngineOwner | null {
  return firstMatch(meta, 'workload');
}

/** The warning for a change to this workload or ServiceAccount, from its own metadata. */
export function workloadChangeWarning(
  kind: string,
  meta: OwnedMetadata | undefined,
): string | undefined {
  return ownedWorkloadWarning(kind, workloadOwner(meta), meta?.annotations?.[ARGO.trackingId]);
}
