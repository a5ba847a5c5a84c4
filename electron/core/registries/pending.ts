/**
 * "Retry failed" without the renderer keeping the password: the main process keeps the input of
 * an operation that had failures (password included) in memory, keyed by operation id, for a
 * bounded time. After that the user submits the form again.
 */
import { AppError } from '../api/errors';
import type { WriteReport } from '../api/contract';

export const PENDING_TTL_MS = 10 * 60_000;
const MAX_PENDING = 50;

const failed = new Set(['forbidden', 'failed', 'conflict', 'clash', 'not-found', 'cancelled']);

export interface PendingOperations<T> {
  /** Keeps the input when the report has failures; forgets it otherwise. */
  settle(operationId: string, input: T, report: WriteReport): void;
  /** The kept input, or OPERATION_EXPIRED. */
  get(operationId: string): T;
  /** Drops a kept input (its password with it), e.g. once a retry of it has taken over. */
  forget(operationId: string): void;
  size(): number;
  clear(): void;
}

export function createPendingOperations<T>(
  ttlMs = PENDING_TTL_MS,
  now: () => number = Date.now,
): PendingOperations<T> {
  const kept = new Map<string, { input: T; expires: number }>();

  function prune() {
    const time = now();
    for (const [id, entry] of kept) if (entry.expires <= time) kept.delete(id);
  }

  return {
    settle(operationId, input, report) {
      prune();
      kept.delete(operationId);
      if (!report.results.some((result) => failed.has(result.outcome))) return;
      kept.set(operationId, { input, expires: now() + ttlMs });
      while (kept.size > MAX_PENDING) kept.delete(kept.keys().next().value!);
    },
    get(operationId) {
      prune();
      const entry = kept.get(operationId);
      if (!entry) {
        throw new AppError(
          'OPERATION_EXPIRED',
          `This operation is no longer kept (PullKey keeps a failed operation for ${Math.round(ttlMs / 60_000)} minutes, password included): fill in the form again`,
        );
      }
      return entry.input;
    },
    forget(operationId) {
      kept.delete(operationId);
    },
    size() {
      prune();
      return kept.size;
    },
    clear() {
      kept.clear();
    },
  };
}
