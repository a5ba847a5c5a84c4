import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { AppError } from '@core/api/errors';
import { createClusterReads } from '@core/pulls/live/cluster-reads';
import { LOOKUP_TTL_MS } from '@core/pulls/live/retry-rules';
import type { Tracker } from '@core/pulls/live/tracker';

/** A tracker whose secrets informer holds `seen`; reads by name answer with `answer()`. */
function fakeTracker(seen: V1Secret[], answer: () => Promise<V1Secret>) {
  const reads: string[] = [];
  const t = {
    secrets: {
      get: (namespace: string, name: string) =>
        seen.find((s) => s.metadata?.namespace === namespace && s.metadata?.name === name),
    },
    lookups: new Map(),
    session: {
      call: <T>(request: () => Promise<T>) => request(),
      core: {
        readNamespacedSecret: ({ name, namespace }: { name: string; namespace: string }) => {
          reads.push(`${namespace}/${name}`);
          return answer();
        },
      },
    },
  } as unknown as Tracker;
  return { t, reads };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const secret = (name: string): V1Secret => ({
  metadata: { name, namespace: 'team1-dev' },
  type: 'Opaque',
});

describe('a pull secret read by name (not in the informer)', () => {
  it('is read once in the background, kept as "missing" when not found, and the view refolded', async () => {
    let clock = 1_000;
    const changed: Tracker[] = [];
    const reads = createClusterReads(
      () => clock,
      (t) => changed.push(t),
    );
    const { t, reads: asked } = fakeTracker([], () =>
      Promise.reject(new AppError('KUBE_NOT_FOUND', 'secrets "gone" not found')),
    );
    expect(reads.secretOf(t, 'team1-dev', 'gone')).toBeUndefined();
    expect(reads.secretOf(t, 'team1-dev', 'gone')).toBeUndefined(); // under way: not read twice
    await settle();
    expect(asked).toEqual(['team1-dev/gone']);
    expect(changed).toEqual([t]);
    clock += LOOKUP_TTL_MS - 1;
    expect(reads.secretOf(t, 'team1-dev', 'gone')).toBe('missing');
    expect(asked).toHaveLength(1);
    clock += 1;
    expect(reads.secretOf(t, 'team1-dev', 'gone')).toBe('missing'); // shown while read again
    await settle();
    expect(asked).toHaveLength(2);
  });

  it('keeps a secret of another type as read, and never reads one the informer holds', async () => {
    const other = secret('opaque');
    const held = secret('held');
    const reads = createClusterReads(
      () => 0,
      () => undefined,
    );
    const { t, reads: asked } = fakeTracker([held], () => Promise.resolve(other));
    expect(reads.secretOf(t, 'team1-dev', 'held')).toBe(held);
    expect(reads.secretOf(t, 'team1-dev', 'opaque')).toBeUndefined();
    await settle();
    expect(reads.secretOf(t, 'team1-dev', 'opaque')).toBe(other);
    expect(asked).toEqual(['team1-dev/opaque']);
  });

  it('keeps no answer from a failed read (forbidden, unreachable): the next fold reads again', async () => {
    const changed: Tracker[] = [];
    const reads = createClusterReads(
      () => 0,
      (t) => changed.push(t),
    );
    const { t, reads: asked } = fakeTracker([], () =>
      Promise.reject(new AppError('CLUSTER_FORBIDDEN', 'secrets "x" is forbidden')),
    );
    expect(reads.secretOf(t, 'team1-dev', 'x')).toBeUndefined();
    await settle();
    expect(t.lookups.size).toBe(0);
    expect(changed).toEqual([t]);
    expect(reads.secretOf(t, 'team1-dev', 'x')).toBeUndefined();
    await settle();
    expect(asked).toEqual(['team1-dev/x', 'team1-dev/x']);
  });
});
