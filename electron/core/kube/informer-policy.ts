/**
 * Pure: the decisions of an informer (list, then watch from the list's resourceVersion, relist on
 * 410 Gone or an ERROR event, reconnect with jittered exponential back-off) and the freshness it
 * reports. No I/O here; `informer.ts` drives it.
 */
import type { Freshness } from '../api/contract';

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 30_000;
/** A watch that ends sooner than this without any event counts as a failed attempt. */
export const SHORT_WATCH_MS = 1_000;

/**
 * Delay before attempt `attempt` (0-based) after a failure: 0.5 s doubling to 30 s, each
 * jittered to 80–120 % (never above the cap) so many clients do not reconnect in step.
 */
export function backoffDelay(attempt: number, random: number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.min(BACKOFF_MAX_MS, Math.round(base * (0.8 + 0.4 * random)));
}

export interface WatchObject {
  kind?: string;
  code?: number;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string };
}

/** What an informer tells its event listeners, in the order it happened. */
export type InformerEvent<T> =
  | { type: 'list-start' }
  | { type: 'listed' }
  | { type: 'upserted'; object: T }
  | { type: 'deleted'; object: T };

export type WatchDecision =
  | { action: 'upsert'; resourceVersion: string | null }
  | { action: 'delete'; resourceVersion: string | null }
  | { action: 'bookmark'; resourceVersion: string | null }
  /** An ERROR event (410 Gone after compaction, or any other): drop the watch and list again. */
  | { action: 'relist'; gone: boolean }
  | { action: 'ignore' };

/** What to do with one watch event. An ERROR (a Status object) is never stored as an object. */
export function decideWatchEvent(type: string, object: WatchObject | undefined): WatchDecision {
  if (type === 'ERROR') return { action: 'relist', gone: object?.code === 410 };
  const resourceVersion = object?.metadata?.resourceVersion ?? null;
  if (type === 'BOOKMARK') return { action: 'bookmark', resourceVersion };
  if (!object || object.kind === 'Status' || !object.metadata?.name) return { action: 'ignore' };
  if (type === 'ADDED' || type === 'MODIFIED') return { action: 'upsert', resourceVersion };
  if (type === 'DELETED') return { action: 'delete', resourceVersion };
  return { action: 'ignore' };
}

/** True for a 410 Gone answer (the resourceVersion is too old: etcd compacted it). */
export function isGone(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const record = error as { statusCode?: unknown; code?: unknown; status?: unknown };
  return record.statusCode === 410 || record.code === 410 || record.status === 410;
}

/** True when the watch ended because nothing arrived for the client's inactivity timeout. */
export function isTimeout(error: unknown): boolean {
  return (
    !!error && typeof error === 'object' && (error as { name?: unknown }).name === 'TimeoutError'
  );
}

export interface WatchEnd {
  /** The error the watch ended with; null for a clean close by the server. */
  error: unknown;
  /** An ERROR event or 410 asked for a relist. */
  relist: boolean;
  /** Events (including bookmarks) received on this watch. */
  received: number;
  /** How long the watch was open, ms. */
  openMs: number;
}

export interface NextStep {
  /** list again (the resourceVersion is unusable) or watch again from the last one. */
  next: 'list' | 'watch';
  delayMs: number;
  /** The attempt counter after this step (0 = healthy). */
  attempt: number;
  /** The stream broke: the data is no longer live until the next watch opens. */
  failure: boolean;
}

/** After a watch ends: relist on 410/ERROR, reconnect at once after a normal close, else back off. */
export function afterWatchEnd(end: WatchEnd, attempt: number, random: number): NextStep {
  const gone = end.relist || isGone(end.error);
  const healthy =
    end.received > 0 || end.openMs >= SHORT_WATCH_MS || (isTimeout(end.error) && end.openMs > 0);
  const clean = end.error === null || end.error === undefined || isTimeout(end.error);
  if (clean && healthy)
    return { next: gone ? 'list' : 'watch', delayMs: 0, attempt: 0, failure: false };
  if (gone && healthy) return { next: 'list', delayMs: 0, attempt: 0, failure: false };
  const base = healthy ? 0 : attempt;
  return {
    next: gone ? 'list' : 'watch',
    delayMs: backoffDelay(base, random),
    attempt: base + 1,
    failure: true,
  };
}

/** True when the server's port refused the connection (it is down, not slow): worth probing. */
export function isRefused(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === 'ECONNREFUSED') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** While waiting longer than this after a refused connection, probe the port every second. */
export const PROBE_AFTER_MS = 1_000;

/** After a failed list: back off and list again. */
export function afterListFailure(attempt: number, random: number): NextStep {
  return {
    next: 'list',
    delayMs: backoffDelay(attempt, random),
    attempt: attempt + 1,
    failure: true,
  };
}

export interface FreshnessInput {
  /** The watch stream is open. */
  live: boolean;
  /** When the data stopped being live (first failure of this outage). */
  downSince: number | null;
  /** When the next attempt is due, if one is waiting. */
  retryAt: number | null;
  lastError: string | null;
  /** No watch runs (read without one, or stopped after a failure that retrying cannot fix). */
  unwatched?: boolean;
}

/** live; reconnecting (with the next retry time); stale (since when) when nothing will retry. */
export function freshnessOf(input: FreshnessInput): Freshness {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  if (input.unwatched)
    return { state: 'stale', since: iso(input.downSince), retryAt: null, error: input.lastError };
  // Live while the watch is open, and between a normal close and its reconnect (no gap).
  if (input.live || input.downSince === null)
    return { state: 'live', since: null, retryAt: null, error: null };
  return {
    state: 'reconnecting',
    since: iso(input.downSince),
    retryAt: iso(input.retryAt),
    error: input.lastError,
  };
}

/** The freshness of a view built from several informers: the worst of them. */
export function combineFreshness(parts: Freshness[]): Freshness {
  const rank = { live: 0, reconnecting: 1, stale: 2 } as const;
  let worst: Freshness = { state: 'live', since: null, retryAt: null, error: null };
  for (const part of parts) {
    if (rank[part.state] > rank[worst.state]) worst = part;
    else if (part.state === worst.state && part.since && worst.since && part.since < worst.since)
      worst = { ...worst, since: part.since };
  }
  return worst;
}

/** The error's message with its causes (fetch failed: connect ECONNREFUSED …). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    // A thrown non-Error is described as JavaScript would print it.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    const message = current instanceof Error ? current.message : String(current);
    if (message && !parts.includes(message)) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ') || 'connection closed';
}
