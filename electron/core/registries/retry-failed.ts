/**
 * "Retry failed" of a create or a rotate, answered by the main process (the one place for both):
 * an operation with failures is kept (its password included) in memory for a bounded time
 * (`pending.ts`), so the renderer asks for a retry by operation id and never keeps the password.
 * Once a retry has run, it takes over: its own failures are kept under its id, and the original,
 * password included, is not kept any longer than needed.
 */
import type { RotateTarget, WriteReport, WriteResult } from '../api/contract';
import { createPendingOperations, type PendingOperations } from './pending';
import type { CreateInput } from './writes';

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

/** The writes whose failures can be retried (`Created`: what a create answers). */
export interface RetriedWrites<Created extends WriteReport = WriteReport> {
  create(input: CreateInput): Promise<Created>;
  rotateScan(
    host: string,
    username: string,
    contexts: string[],
  ): Promise<{ targets: RotateTarget[]; errors: WriteResult[] }>;
  rotate(input: RotateInput): Promise<WriteReport>;
}

export function createRetryFailed<Created extends WriteReport = WriteReport>(
  writes: RetriedWrites<Created>,
  creates: PendingOperations<CreateInput> = createPendingOperations<CreateInput>(),
  rotations: PendingOperations<RotateInput> = createPendingOperations<RotateInput>(),
) {
  async function create(input: CreateInput): Promise<Created> {
    const report = await writes.create(input);
    // A dry run wrote nothing: nothing to retry.
    if (!input.dryRun) creates.settle(input.operationId, input, report);
    return report;
  }

  /** Creates the kept registry again, in the named namespaces only. */
  async function retryCreate(input: {
    operationId: string;
    retryId: string;
    namespaces: string[];
  }): Promise<Created> {
    const kept = creates.get(input.operationId);
    const report = await create({
      ...kept,
      operationId: input.retryId,
      onlyNamespaces: input.namespaces,
    });
    creates.forget(input.operationId);
    return report;
  }

  async function rotate(input: RotateInput): Promise<WriteReport> {
    const report = await writes.rotate(input);
    rotations.settle(input.operationId, input, report);
    return report;
  }

  /**
   * Retries the named secrets among those operation `operationId` targeted: scanned again (their
   * versions changed, or they no longer hold the login), then written where they still hold it.
   */
  async function retryRotate(input: {
    operationId: string;
    retryId: string;
    secrets: SecretRef[];
  }): Promise<WriteReport> {
    const kept = rotations.get(input.operationId);
    const asked = kept.targets.filter((target) =>
      input.secrets.some((secret) => sameSecret(secret, target)),
    );
    const contexts = [...new Set(asked.map((target) => target.context))];
    const rescan = contexts.length
      ? await writes.rotateScan(kept.host, kept.username, contexts)
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
      ? await writes.rotate({ ...kept, operationId: input.retryId, targets: again })
      : { operationId: input.retryId, results: [], warnings: [] };
    const report = { ...written, results: [...written.results, ...left] };
    rotations.settle(
      input.retryId,
      { ...kept, operationId: input.retryId, targets: asked },
      report,
    );
    rotations.forget(input.operationId);
    return report;
  }

  return {
    create,
    retryCreate,
    rotate,
    retryRotate,
    clear() {
      creates.clear();
      rotations.clear();
    },
  };
}
