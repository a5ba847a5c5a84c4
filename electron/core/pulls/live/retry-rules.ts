/**
 * Pure: when the Pull doctor shows an answer it keeps and when it asks again — a secret read by
 * name (one the informer does not hold), and a registry's answer to the laptop's check of a
 * running pod's credential.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { CheckVerdict } from '../checks/credential-checks';

/** A secret read by name (not in the informer) is read again after this long. */
export const LOOKUP_TTL_MS = 30_000;
/** A check that got no answer (unreachable, TLS) is asked again after this long. */
export const UNKNOWN_TTL_MS = 5 * 60_000;
/** An accepted credential is asked again after this long (the registry may change its mind). */
export const OK_TTL_MS = 30 * 60_000;
/** A rejected credential waits this long before it is asked again, doubling each time... */
export const REJECTED_BACKOFF_MS = 5 * 60_000;
/** ...up to this (each ask of a rejected password is one more failed login on the registry). */
export const REJECTED_BACKOFF_MAX_MS = 6 * 60 * 60_000;

/** A secret read by name: the answer ('missing': not found) and when, or a read under way. */
export type LookupEntry = { value: V1Secret | 'missing'; at: number } | 'pending';

/** A registry check of one credential: its last answer (kept while asked again) and when. */
export interface CheckEntry {
  verdict?: CheckVerdict | undefined;
  at: number;
  /** Rejections in a row: the back-off before the next ask doubles with each. */
  rejections: number;
  pending: boolean;
}

/**
 * What a secret read by name shows now, and whether to read it: never read, or read longer ago
 * than the TTL (the old answer is still shown meanwhile); a read under way is not started twice.
 */
export function lookupDecision(
  entry: LookupEntry | undefined,
  now: number,
): { value: V1Secret | 'missing' | undefined; read: boolean } {
  if (entry === 'pending') return { value: undefined, read: false };
  if (!entry) return { value: undefined, read: true };
  return { value: entry.value, read: now - entry.at >= LOOKUP_TTL_MS };
}

/** How long a rejected credential waits, after `rejections` rejections in a row. */
export function rejectedBackoff(rejections: number): number {
  return Math.min(REJECTED_BACKOFF_MS * 2 ** Math.max(0, rejections - 1), REJECTED_BACKOFF_MAX_MS);
}

/**
 * Whether a credential is to be asked now: never asked, or its answer is old enough — "unknown"
 * after its TTL, "ok" after its TTL, "rejected" after the back-off (a changed password is another
 * credential, asked at once). Never twice at the same time.
 */
export function checkDue(entry: CheckEntry | undefined, now: number): boolean {
  if (!entry) return true;
  if (entry.pending) return false;
  const age = now - entry.at;
  switch (entry.verdict?.state) {
    case undefined:
      return true;
    case 'ok':
      return age > OK_TTL_MS;
    case 'unknown':
      return age > UNKNOWN_TTL_MS;
    case 'rejected':
      return age >= rejectedBackoff(entry.rejections);
  }
}
