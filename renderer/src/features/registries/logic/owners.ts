import type { EngineOwner, RegistryGroup } from '@core/api/contract';

/** The copies of a group that an in-cluster engine keeps (PullKey never writes those). */
export function ownedCopies(
  group: RegistryGroup,
): Array<{ namespace: string; owner: EngineOwner }> {
  return group.copies.flatMap((copy) =>
    copy.owner ? [{ namespace: copy.namespace, owner: copy.owner }] : [],
  );
}

/** The list's badge: "Kept by External Secrets (ExternalSecret team1/pull)", or how many. */
export function ownerBadge(group: RegistryGroup): string | null {
  const owned = ownedCopies(group);
  const [first] = owned;
  if (!first) return null;
  if (
    owned.length === group.copies.length &&
    owned.every((each) => each.owner.badge === first.owner.badge)
  )
    return first.owner.badge;
  return owned.length === 1
    ? `${first.owner.badge} in ${first.namespace}`
    : `${owned.length} of ${group.copies.length} copies kept by engines`;
}

/** The detail's sentence for one copy: who keeps it, where the source is, what a change meets. */
export function ownerSentence(owner: EngineOwner): string {
  const where = owner.sourceWritable
    ? `Its source is ${owner.source}, a secret in this cluster.`
    : `Its source is ${owner.source}, outside what PullKey changes.`;
  return `${owner.badge}. ${where} ${owner.revert} PullKey does not edit, rotate, sync or delete this copy: change its source.`;
}

/**
 * The list's filter by owner: null (all), "none" (kept by PullKey or nobody: no copy an engine
 * keeps, and not a source External Secrets reads), "source" (the source Secret of a registry kept
 * in the cluster: PullKey keeps it for External Secrets), "engine" (any copy an engine keeps), or
 * one engine's name ("External Secrets").
 */
export type OwnerFilter = null | 'none' | 'source' | 'engine' | `engine:${string}`;

export function matchesOwner(group: RegistryGroup, filter: OwnerFilter): boolean {
  if (!filter) return true;
  if (filter === 'source') return !!group.keptSource;
  const owned = ownedCopies(group);
  if (filter === 'none') return owned.length === 0 && !group.keptSource;
  if (filter === 'engine') return owned.length > 0;
  const engineName = filter.slice('engine:'.length);
  return owned.some((each) => each.owner.engineName === engineName);
}

/**
 * The filter's choices: the two kinds, the sources kept for External Secrets when the list has
 * one, then each engine that keeps a copy in the list.
 */
export function ownerFilterOptions(
  groups: RegistryGroup[],
): Array<{ label: string; value: Exclude<OwnerFilter, null> }> {
  const engines = [
    ...new Set(groups.flatMap((group) => ownedCopies(group).map((each) => each.owner.engineName))),
  ].sort();
  return [
    { label: 'Kept by PullKey or nobody', value: 'none' },
    ...(groups.some((group) => group.keptSource)
      ? [{ label: 'Source kept for External Secrets', value: 'source' as const }]
      : []),
    { label: 'Kept by an engine', value: 'engine' },
    ...engines.map((name) => ({ label: `Kept by ${name}`, value: `engine:${name}` as const })),
  ];
}
