/** Why a project registry is not (or is) in sync, in words, for the list and the detail. */
import type { RegistrySync } from '@core/api/contract';

export function syncReasons(sync: RegistrySync): string[] {
  const joined = sync.joined ?? [];
  const missing = sync.missing.filter((namespace) => !joined.includes(namespace));
  const reasons = [
    missing.length ? `missing in ${missing.join(', ')}` : '',
    joined.length ? `joined since the last sync: ${joined.join(', ')}` : '',
    sync.orphaned.length ? `left the project: ${sync.orphaned.join(', ')}` : '',
    sync.stale.length ? `out of date: ${sync.stale.join(', ')}` : '',
  ].filter(Boolean);
  return reasons.length ? reasons : ['every namespace of the project has the same copy'];
}

export function inSync(sync: RegistrySync): boolean {
  return sync.inSync === sync.total && !sync.orphaned.length;
}
