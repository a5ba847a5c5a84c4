import { describe, expect, it } from 'vitest';
import type { RotateTarget, WriteReport } from '../../../../electron/core/api/contract';
import {
  createRotationRetry,
  type RotateInput,
} from '../../../../electron/core/registries/rotate-retry';

const target = (context: string, namespace: string, resourceVersion = '1'): RotateTarget => ({
  context,
  namespace,
  name: 'regcred',
  key: 'registry.example.com',
  resourceVersion,
});
const ref = ({ context, namespace, name }: RotateTarget) => ({ context, namespace, name });

/** A rotation whose writes fail for the contexts in `failing`, and whose scan finds `found`. */
function fakeRotation(found: RotateTarget[], failing: Set<string>) {
  const rotations: RotateInput[] = [];
  const scans: string[][] = [];
  return {
    rotations,
    scans,
    rotateScan: (_host: string, _username: string, contexts: string[]) => {
      scans.push(contexts);
      return Promise.resolve({
        targets: found.filter((t) => contexts.includes(t.context)),
        errors: [],
      });
    },
    rotate: (input: RotateInput): Promise<WriteReport> => {
      rotations.push(input);
      return Promise.resolve({
        operationId: input.operationId,
        results: input.targets.map((t) => ({
          ...ref(t),
          outcome: failing.has(t.context) ? ('conflict' as const) : ('updated' as const),
        })),
        warnings: [],
      });
    },
  };
}

const input = (targets: RotateTarget[]): RotateInput => ({
  operationId: 'op-1',
  host: 'registry.example.com',
  username: 'alice',
  password: 'new-password',
  targets,
});

describe('rotate "Retry failed" in the main process', () => {
  it('writes the kept password again into the failed secrets still holding the login', async () => {
    const failedOne = target('a/b', 'c');
    const lookalike = target('a', 'b/c');
    const gone = target('d', 'e');
    const rescanned = target('a/b', 'c', '2');
    const rotation = fakeRotation([rescanned, lookalike], new Set(['a/b', 'd']));
    const retries = createRotationRetry(rotation);
    await retries.rotate(input([failedOne, lookalike, gone]));

    const report = await retries.retry({
      operationId: 'op-1',
      retryId: 'op-2',
      secrets: [ref(failedOne), ref(gone)],
    });
    expect(rotation.scans.at(-1)).toEqual(['a/b', 'd']);
    expect(rotation.rotations.at(-1)).toEqual({ ...input([rescanned]), operationId: 'op-2' });
    expect(report.operationId).toBe('op-2');
    expect(report.results).toEqual([
      { ...ref(failedOne), outcome: 'conflict' },
      {
        ...ref(gone),
        outcome: 'conflict',
        message: 'no longer holds alice@registry.example.com: not written',
      },
    ]);
    // The retry took over: the original (its password with it) is no longer kept; the retry's own
    // failures are, under its id.
    await expect(
      retries.retry({ operationId: 'op-1', retryId: 'op-3', secrets: [ref(failedOne)] }),
    ).rejects.toMatchObject({ code: 'OPERATION_EXPIRED' });
    await retries.retry({ operationId: 'op-2', retryId: 'op-3', secrets: [ref(failedOne)] });
  });

  it('never writes a secret the operation did not target, and forgets a rotate without failures', async () => {
    const one = target('a', 'x');
    const rotation = fakeRotation([one, target('a', 'other')], new Set());
    const retries = createRotationRetry(rotation);
    await retries.rotate(input([one]));
    await expect(
      retries.retry({ operationId: 'op-1', retryId: 'op-2', secrets: [ref(one)] }),
    ).rejects.toMatchObject({ code: 'OPERATION_EXPIRED' });

    const failing = fakeRotation([one, target('a', 'other')], new Set(['a']));
    const kept = createRotationRetry(failing);
    await kept.rotate(input([one]));
    await kept.retry({
      operationId: 'op-1',
      retryId: 'op-2',
      secrets: [ref(target('a', 'other'))],
    });
    expect(failing.rotations).toHaveLength(1);
    expect(failing.scans).toEqual([]);
  });
});
