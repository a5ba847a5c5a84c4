/** What changed elsewhere in the copies an edit found changed (resourceVersion conflict). */
import type { RegistryCopy, RegistryGroup } from '@core/api/contract';

function entryChanges(seen: RegistryCopy, now: RegistryCopy): string[] {
  const changes: string[] = [];
  for (const before of seen.entries) {
    const after = now.entries.find((entry) => entry.key === before.key);
    if (!after) changes.push(`${before.key} removed`);
    else if (after.username !== before.username)
      changes.push(`${before.key} user ${before.username} → ${after.username}`);
    else if ((after.email ?? '') !== (before.email ?? ''))
      changes.push(`${before.key} email changed`);
  }
  for (const after of now.entries) {
    if (!seen.entries.some((entry) => entry.key === after.key)) changes.push(`${after.key} added`);
  }
  if (!changes.length && seen.contentHash !== now.contentHash)
    changes.push('the password or another field of the login changed');
  if (!changes.length) changes.push('labels or annotations changed; the logins are the same');
  return changes;
}

/** One line per conflicted namespace, comparing the copy the user saw with the one now live. */
export function conflictChanges(
  seen: RegistryGroup,
  now: RegistryGroup | null,
  namespaces: string[],
): string[] {
  return namespaces.map((namespace) => {
    const before = seen.copies.find((copy) => copy.namespace === namespace);
    const after = now?.copies.find((copy) => copy.namespace === namespace);
    if (!after) return `${namespace}: the secret was deleted`;
    if (!before || before.resourceVersion === after.resourceVersion)
      return `${namespace}: changed elsewhere (reload to see how)`;
    return `${namespace}: ${entryChanges(before, after).join('; ')}`;
  });
}
