/**
 * Pure: when the Pull doctor shows an answer it keeps and when it asks again — a secret read by
 * name (one the informer does not hold), and a registry's answer to the laptop's check of a
 * running pod's credential.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { CheckVerdict } from './credential-checks';

/** A secret read by name (not in the informer) is read again after this long. */
export const LOOKUP_TTL_MS = 30_000;
/** A check that got no answer (unreachable, TLS) is asked again after this long. */
export const UNKNOWN_TTL_MS = 5 * 60_000;

/** A secret read by name: the answer ('missing': not found) and when, or a read under way. */
export type LookupEntry = { value: V1Secret | 'missing'; at: number } | 'pending';
/** A registry check: the verdict and when, or a check under way. */
export type CheckEntry = { verdict: CheckVerdict; at: number } | 'pending';

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

/**
 * Whether a check needs no asking: under way, or answered. "ok" and "rejected" stand (the key
 * holds the secret's resourceVersion, so a changed secret is a new check); "unknown" (no answer)
 * is asked again once older than its TTL.
 */
export function checkSettled(entry: CheckEntry | undefined, now: number): boolean {
  if (!entry) return false;
  if (entry === 'pending') return true;
  return !(entry.verdict.state === 'unknown' && now - entry.at > UNKNOWN_TTL_MS);
}

/** The registry's answer a check got; undefined while never asked or under way. */
export function verdictOf(entry: CheckEntry | undefined): CheckVerdict | undefined {
  return entry && entry !== 'pending' ? entry.verdict : undefined;
}
