/**
 * "Retry failed" of "Update password everywhere", answered by the main process: a rotate with
 * failures is kept (new password included) for a bounded time, so the renderer asks for a retry
 * by operation id and never keeps the password.
 */
import type { RotateTarget, WriteReport, WriteResult } from '../api/contract';
import { createPendingOperations } from './pending';

export interface RotateInput {
  operationId: string;
  host: string;
  username: string;
  password: string;
  targets: RotateTarget[];
}

type SecretRef = Pick<RotateTarget, 'context' | 'namespace' | 'name'>;

/** A secret across contexts: compared by its three parts, never by a joined string. */
const sameSecret = (a: SecretRef, b: SecretRef) =>
  a.context === b.context && a.namespace === b.namespace && a.name === b.name;

export interface Rotation {
  rotateScan(
    host: string,
    username: string,
    contexts: string[],
  ): Promise<{ targets: RotateTarget[]; errors: WriteResult[] }>;
  rotate(input: RotateInput): Promise<WriteReport>;
}

export function createRotationRetry(
  rotation: Rotation,
  pending = createPendingOperations<RotateInput>(),
) {
  async function rotate(input: RotateInput): Promise<WriteReport> {
    const report = await rotation.rotate(input);
    pending.settle(input.operationId, input, report);
    return report;
  }

  /**
   * Retries the named secrets among those operation `operationId` targeted: scanned again (their
   * versions changed, or they no longer hold the login), then written where they still hold it.
   */
  async function retry(input: {
    operationId: string;
    retryId: string;
    secrets: SecretRef[];
  }): Promise<WriteReport> {
    const kept = pending.get(input.operationId);
    const asked = kept.targets.filter((target) =>
      input.secrets.some((secret) => sameSecret(secret, target)),
    );
    const contexts = [...new Set(asked.map((target) => target.context))];
    const rescan = contexts.length
      ? await rotation.rotateScan(kept.host, kept.username, contexts)
      : { targets: [], errors: [] };
    const again = rescan.targets.filter((target) => asked.some((seen) => sameSecret(seen, target)));
    const left: WriteResult[] = asked
      .filter((target) => !again.some((found) => sameSecret(found, target)))
      .map((target) => {
        const base = { context: target.context, namespace: target.namespace, name: target.name };
        // This secret's own verdict (an engine's copy), else its context's (unreachable, …).
        const scanError =
          rescan.errors.find((error) => sameSecret(error, target)) ??
          rescan.errors.find((error) => error.context === target.context && !error.name);
        return scanError
          ? { ...base, outcome: scanError.outcome, message: scanError.message }
          : {
              ...base,
              outcome: 'conflict' as const,
              message: `no longer holds ${kept.username}@${kept.host}: not written`,
            };
      });
    const written = again.length
      ? await rotation.rotate({ ...kept, operationId: input.retryId, targets: again })
      : { operationId: input.retryId, results: [], warnings: [] };
    const report = { ...written, results: [...written.results, ...left] };
    pending.settle(input.retryId, { ...kept, operationId: input.retryId, targets: asked }, report);
    // The retry took over (its own failures are kept under its id): the original, new password
    // included, is not kept any longer than needed.
    pending.forget(input.operationId);
    return report;
  }

  return { rotate, retry, clear: () => pending.clear() };
}
