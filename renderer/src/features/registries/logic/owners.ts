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
