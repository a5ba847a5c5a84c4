import { describe, expect, it } from 'vitest';
import type { RotateTarget, WriteReport } from '@core/api/contract';
import { createRetryFailed, type RotateInput } from '@core/registries/retry-failed';
import type { CreateInput } from '@core/registries/writes';

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
    create: (): Promise<WriteReport> => Promise.reject(new Error('not a create test')),
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
    const retries = createRetryFailed(rotation);
    await retries.rotate(input([failedOne, lookalike, gone]));

    const report = await retries.retryRotate({
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
      retries.retryRotate({ operationId: 'op-1', retryId: 'op-3', secrets: [ref(failedOne)] }),
    ).rejects.toMatchObject({ code: 'OPERATION_EXPIRED' });
    await retries.retryRotate({ operationId: 'op-2', retryId: 'op-3', secrets: [ref(failedOne)] });
  });

  it('never writes a secret the operation did not target, and forgets a rotate without failures', async () => {
    const one = target('a', 'x');
    const rotation = fakeRotation([one, target('a', 'other')], new Set());
    const retries = createRetryFailed(rotation);
    await retries.rotate(input([one]));
    await expect(
      retries.retryRotate({ operationId: 'op-1', retryId: 'op-2', secrets: [ref(one)] }),
    ).rejects.toMatchObject({ code: 'OPERATION_EXPIRED' });

    const failing = fakeRotation([one, target('a', 'other')], new Set(['a']));
    const kept = createRetryFailed(failing);
    await kept.rotate(input([one]));
    await kept.retryRotate({
      operationId: 'op-1',
      retryId: 'op-2',
      secrets: [ref(target('a', 'other'))],
    });
    expect(failing.rotations).toHaveLength(1);
    expect(failing.scans).toEqual([]);
  });
});

/** Creates that fail in the namespaces of `failing`. */
function fakeCreates(failing: Set<string>) {
  const creates: CreateInput[] = [];
  return {
    creates,
    create: (input: CreateInput): Promise<WriteReport> => {
      creates.push(input);
      const namespaces =
        input.onlyNamespaces ?? (input.scope.kind === 'namespace' ? [input.scope.namespace] : []);
      return Promise.resolve({
        operationId: input.operationId,
        results: namespaces.map((namespace) => ({
          context: input.context,
          namespace,
          name: input.name,
          outcome: failing.has(namespace) ? ('failed' as const) : ('created' as const),
        })),
        warnings: [],
      });
    },
    rotateScan: () => Promise.reject(new Error('not a rotate test')),
    rotate: () => Promise.reject(new Error('not a rotate test')),
  };
}

const createInput: CreateInput = {
  context: 'alpha',
  operationId: 'op-1',
  name: 'regcred',
  scope: { kind: 'project', project: 'team1', projectKind: 'pullkey' },
  host: 'registry.example.com',
  username: 'alice',
  password: 'kept-password',
};

describe('create "Retry failed" in the main process', () => {
  it('creates the kept registry again in the named namespaces, then forgets the original', async () => {
    const writes = fakeCreates(new Set(['team1-qa']));
    const retries = createRetryFailed(writes);
    await retries.create({ ...createInput, onlyNamespaces: ['team1-dev', 'team1-qa'] });

    const report = await retries.retryCreate({
      operationId: 'op-1',
      retryId: 'op-2',
      namespaces: ['team1-qa'],
    });
    expect(writes.creates.at(-1)).toEqual({
      ...createInput,
      operationId: 'op-2',
      onlyNamespaces: ['team1-qa'],
    });
    expect(report.results).toMatchObject([{ namespace: 'team1-qa', outcome: 'failed' }]);
    await expect(
      retries.retryCreate({ operationId: 'op-1', retryId: 'op-3', namespaces: ['team1-qa'] }),
    ).rejects.toMatchObject({ code: 'OPERATION_EXPIRED' });
    // The retry's own failures are kept under its id.
    await retries.retryCreate({ operationId: 'op-2', retryId: 'op-3', namespaces: ['team1-qa'] });
    expect(writes.creates).toHaveLength(3);
  });

  it('keeps nothing of a create without failures, and nothing after clear()', async () => {
    const retries = createRetryFailed(fakeCreates(new Set()));
    await retries.create({ ...createInput, scope: { kind: 'namespace', namespace: 'a' } });
    await expect(
      retries.retryCreate({ operationId: 'op-1', retryId: 'op-2', namespaces: ['a'] }),
    ).rejects.toMatchObject({ code: 'OPERATION_EXPIRED' });

    const failing = createRetryFailed(fakeCreates(new Set(['a'])));
    await failing.create({ ...createInput, scope: { kind: 'namespace', namespace: 'a' } });
    failing.clear();
    await expect(
      failing.retryCreate({ operationId: 'op-1', retryId: 'op-2', namespaces: ['a'] }),
    ).rejects.toMatchObject({ code: 'OPERATION_EXPIRED' });
  });
});
