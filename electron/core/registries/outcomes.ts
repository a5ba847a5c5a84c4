import type { WriteOutcome, WriteResult } from '../api/contract';
import { isAppError } from '../api/errors';

/** A failed write as a per-namespace result: forbidden, conflict, not found, or failed. */
export function failureResult(
  context: string,
  namespace: string,
  name: string,
  error: unknown,
): WriteResult {
  const code = isAppError(error) ? error.code : 'INTERNAL';
  const text = error instanceof Error ? error.message : String(error);
  // The server went away mid-operation: say so, so "Retry failed" is the obvious next step.
  const message = code === 'CLUSTER_UNREACHABLE' ? `connection lost: ${text}` : text;
  const outcome: WriteOutcome =
    code === 'CLUSTER_FORBIDDEN'
      ? 'forbidden'
      : code === 'KUBE_CONFLICT'
        ? 'conflict'
        : code === 'KUBE_NOT_FOUND'
          ? 'not-found'
          : 'failed';
  return { context, namespace, name, outcome, message };
}
