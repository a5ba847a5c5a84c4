/**
 * The revert watch: the written field is read again until it no longer holds what PullKey wrote;
 * then one report names the owner, the last writer (managedFields) and the time, and the watch
 * ends. A field that stays is never reported; a watch ends by itself.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RevertWatchTarget } from '@core/api/contract';
import { createEventHub } from '@core/api/events';
import { AppError } from '@core/api/errors';
import type { KubeSession } from '@core/kube/session';
import { clock, revertReport } from '@core/ownership/revert-check';
import { createRevertWatches } from '@core/ownership/revert-watch';

const target: RevertWatchTarget = {
  context: 'alpha',
  namespace: 'team1',
  kind: 'Deployment',
  name: 'web',
  path: '/spec/template/spec/imagePullSecrets',
  written: [{ name: 'regcred' }],
  before: null,
  owner: 'Helm release team1/shop',
};
const since = new Date('2026-12-07T12:00:00Z');
const object = (secrets: unknown, managedFields: object[] = []) => ({
  metadata: { managedFields },
  spec: { template: { spec: { imagePullSecrets: secrets } } },
});

describe('revertReport', () => {
  it('is null while the field holds what was written (key order aside)', () => {
    expect(revertReport(target, object([{ name: 'regcred' }]), new Date(), since)).toBeNull();
  });

  it("names the owner, the last writer and the writer's time when the field is put back", () => {
    const report = revertReport(
      target,
      object(undefined, [
        { manager: 'pullkey', time: '2026-12-07T12:00:01Z' },
        { manager: 'stand-in-owner', time: '2026-12-07T12:03:15Z' },
        { manager: 'kube-controller-manager', time: '2026-12-07T11:00:00Z' },
        // A controller's status write after it never counts (it cannot change the spec).
        { manager: 'kube-controller-manager', time: '2026-12-07T12:03:16Z', subresource: 'status' },
      ]),
      new Date('2026-12-07T12:03:20Z'),
      since,
    )!;
    expect(report.putBack).toBe(true);
    expect(report.manager).toBe('stand-in-owner');
    expect(report.at).toBe('2026-12-07T12:03:15.000Z');
    expect(report.summary).toBe(
      `Deployment team1/web: reverted by Helm release team1/shop (field manager stand-in-owner) at ${clock(report.at)}`,
    );
  });

  it('says "changed again" when the field holds something else', () => {
    const report = revertReport(target, object([{ name: 'other' }]), new Date(), since)!;
    expect(report.putBack).toBe(false);
    expect(report.summary).toContain('changed again');
  });
});

describe('createRevertWatches', () => {
  afterEach(() => vi.useRealTimers());

  function watches(reads: Array<object | Error>) {
    const events = createEventHub();
    const seen: unknown[] = [];
    events.listen((_event, payload) => seen.push(payload));
    const read = vi.fn(() => {
      const next = reads.length > 1 ? reads.shift()! : reads[0]!;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    });
    const session = {
      call: <T>(request: () => Promise<T>) => request(),
      apps: { readNamespacedDeployment: read },
    } as unknown as KubeSession;
    return {
      seen,
      read,
      watch: createRevertWatches(() => Promise.resolve(session), events, { everyMs: 1000 }),
    };
  }

  it('reports once when the field is put back, then stops reading', async () => {
    vi.useFakeTimers();
    const { seen, read, watch } = watches([object([{ name: 'regcred' }]), object(undefined)]);
    const { id, seconds } = watch.start(target, 60);
    expect(seconds).toBe(60);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toMatchObject([{ id, putBack: true }]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('reports nothing when the field stays, and ends when its time is up', async () => {
    vi.useFakeTimers();
    const { seen, read, watch } = watches([object([{ name: 'regcred' }])]);
    watch.start(target, 5);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual([]);
    expect(read).toHaveBeenCalledTimes(4);
  });

  it('ends without a report when the object is gone', async () => {
    vi.useFakeTimers();
    const { seen, read, watch } = watches([new AppError('KUBE_NOT_FOUND', 'gone')]);
    watch.start(target, 60);
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual([]);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
