/**
 * Pure: a registry write across namespaces as one previewed write (`RegistryFanOut`): each
 * namespace's outcome said as its change (dry run: what would change, with the version read;
 * write: what was written, with the version written), and the whole change in one text.
 */
import type { FanOutTarget, RegistryFanOut, WriteOutcome, WriteResult } from '../api/contract';

/** What a target's write answers: its outcome, and the version it read or wrote. */
export type TargetResult = WriteResult & { resourceVersion?: string | null | undefined };

const WRITES = new Set<WriteOutcome>(['created', 'updated', 'deleted']);
const PLANNED: Partial<Record<WriteOutcome, string>> = {
  created: 'create',
  updated: 'update',
  deleted: 'delete',
  unchanged: 'leave unchanged',
};

/** One line: "team-a: create secret regcred" (dry run) or "team-a: created secret regcred". */
function targetLine(result: WriteResult, dryRun: boolean): string {
  const where = result.namespace;
  const verb = dryRun ? (PLANNED[result.outcome] ?? result.outcome) : result.outcome;
  const known = dryRun ? result.outcome in PLANNED : WRITES.has(result.outcome);
  const line = known
    ? `${where}: ${verb} secret ${result.name}`
    : `${where}: ${verb}: secret ${result.name}`;
  return result.message ? `${line} (${result.message})` : line;
}

/** A target's result as its previewed write. */
export function fanOutTarget(result: TargetResult, dryRun: boolean): FanOutTarget {
  return {
    namespace: result.namespace,
    name: result.name,
    preview: targetLine(result, dryRun),
    written: !dryRun && WRITES.has(result.outcome),
    resourceVersion: result.resourceVersion ?? null,
  };
}

/** The report of a fan-out write, and the whole change (one line per namespace). */
export function fanOutAnswer(
  operationId: string,
  answered: TargetResult[],
  warnings: string[],
  dryRun: boolean,
): RegistryFanOut {
  const targets = answered.map((result) => fanOutTarget(result, dryRun));
  const results = answered.map(({ resourceVersion: _version, ...result }) => result);
  return {
    operationId,
    results,
    warnings,
    preview: targets.map((target) => target.preview).join('\n'),
    written: targets.some((target) => target.written),
    resourceVersion: null,
    targets,
  };
}
