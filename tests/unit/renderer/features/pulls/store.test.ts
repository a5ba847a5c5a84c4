// @vitest-environment jsdom
/**
 * The Pull doctor's store: the live list's subscription lives only while the view is open; the
 * open detail is read again after a fix and when its workload's line changes (and says so when
 * the workload has no failing pull any more); "All contexts" shows each context as it answers,
 * unknown counts as unknown, and checks an exec-plugin context on its own when asked.
 */
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PullsSummaryEntry } from '@core/api/contract';
import { ApiCallError } from '@renderer/errors';
import { usePullsStore } from '@renderer/features/pulls/store';
import { failure, installPullsBridge, pullDetail, pullsView, workload } from './pulls-fakes';

const line = (context: string, over: Partial<PullsSummaryEntry> = {}): PullsSummaryEntry => ({
  context,
  state: 'checked',
  failing: 1,
  latent: 0,
  message: null,
  freshness: null,
  ...over,
});

describe('pulls store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('subscribes to pulls:changed while the view is open and releases it on close', async () => {
    const bridge = installPullsBridge({ 'pulls:open': () => pullsView([]) });
    const pulls = usePullsStore();
    await pulls.open('alpha');
    await pulls.open('alpha');
    expect(bridge.subscribers('pulls:changed')).toBe(1);
    bridge.push('pulls:changed', pullsView([failure('m')]));
    expect(pulls.failing).toHaveLength(1);
    await pulls.close();
    expect(bridge.subscribers('pulls:changed')).toBe(0);
    await pulls.open('alpha');
    expect(bridge.subscribers('pulls:changed')).toBe(1);
  });

  it('reads the open detail again after a fix, and when its workload’s line changes only', async () => {
    let missing = true;
    const bridge = installPullsBridge({
      'pulls:open': () => pullsView([failure('secret "shared" missing')]),
      'pulls:detail': () => pullDetail(missing),
    });
    const pulls = usePullsStore();
    await pulls.open('alpha');
    await pulls.openDetail(workload);
    expect(pulls.detail?.copyCandidates).toHaveLength(1);

    // A push that leaves the workload's line as it was does not read the detail again.
    bridge.push('pulls:changed', pullsView([failure('secret "shared" missing')]));
    await flushPromises();
    expect(bridge.called('pulls:detail')).toHaveLength(1);

    // The copy was written: the detail is read again and offers the copy no more.
    missing = false;
    await pulls.reloadDetail();
    expect(bridge.called('pulls:detail')).toHaveLength(2);
    expect(pulls.detail?.copyCandidates).toEqual([]);

    // Its line changed (a teammate's change): read again.
    bridge.push('pulls:changed', pullsView([failure('another reason')]));
    await flushPromises();
    expect(bridge.called('pulls:detail')).toHaveLength(3);
  });

  it('a detail that words its diagnosis more fully than the list is not read again on every push', async () => {
    // The drawer says whose list names the secret (a ServiceAccount's); the list line does not.
    const list = failure('imagePullSecrets names "shared", missing in namespace shop');
    const bridge = installPullsBridge({
      'pulls:open': () => pullsView([list]),
      'pulls:detail': () => {
        const detail = pullDetail(true);
        const message = `the pod names no imagePullSecrets; ServiceAccount default's imagePullSecrets name "shared", missing in namespace shop`;
        return { ...detail, failure: failure(message) };
      },
    });
    const pulls = usePullsStore();
    await pulls.open('alpha');
    await pulls.openDetail(workload);
    for (let push = 0; push < 3; push++) {
      bridge.push('pulls:changed', pullsView([list]));
      await flushPromises();
    }
    expect(bridge.called('pulls:detail')).toHaveLength(1);
  });

  it('says in place that the workload has no failing pull any more, instead of an error', async () => {
    let gone = false;
    installPullsBridge({
      'pulls:detail': () => {
        if (gone) throw new ApiCallError({ code: 'KUBE_NOT_FOUND', message: 'no failing pull' });
        return pullDetail(true);
      },
    });
    const pulls = usePullsStore();
    await pulls.openDetail(workload);
    gone = true;
    await pulls.reloadDetail();
    expect(pulls.detailResolved).toBe(
      'Deployment web has no failing pull now: nothing left to fix here.',
    );
    pulls.closeDetail();
    expect(pulls.detail).toBeNull();
    expect(pulls.detailResolved).toBeNull();
  });

  it('shows each context as it answers, before the slowest one, and unknown counts as null', async () => {
    let finish: (lines: PullsSummaryEntry[]) => void = () => undefined;
    const bridge = installPullsBridge({
      'pulls:summary': () => new Promise((resolve) => (finish = resolve)),
    });
    const pulls = usePullsStore();
    const loading = pulls.loadSummary();
    await Promise.resolve();
    const { operationId } = bridge.called('pulls:summary')[0]!.input as { operationId: string };
    expect(pulls.summarizing).toBe(true);
    const down = line('down', { state: 'unreachable', failing: null, latent: null });
    bridge.push('pulls:summary-entry', {
      operationId: 'someone-else',
      entry: line('x'),
      done: 1,
      total: 9,
    });
    bridge.push('pulls:summary-entry', {
      operationId,
      entry: line('alpha'),
      done: 1,
      total: 3,
    });
    bridge.push('pulls:summary-entry', {
      operationId,
      entry: down,
      done: 2,
      total: 3,
    });
    expect(pulls.summary.map((entry) => entry.context)).toEqual(['alpha', 'down']);
    expect(pulls.summaryProgress).toEqual({ done: 2, total: 3 });
    const slow = line('slow', { state: 'timeout', failing: null, latent: null });
    finish([line('alpha'), down, slow]);
    await loading;
    expect(pulls.summary.map((entry) => [entry.context, entry.failing])).toEqual([
      ['alpha', 1],
      ['down', null],
      ['slow', null],
    ]);
    expect(pulls.summarizing).toBe(false);
    expect(bridge.subscribers('pulls:summary-entry')).toBe(0);
  });

  it('checks one exec-plugin context on its own, updating its line in place', async () => {
    const answers: PullsSummaryEntry[][] = [
      [line('alpha'), line('exec', { state: 'not-checked', failing: null, latent: null })],
      [line('exec', { failing: 2 })],
    ];
    const bridge = installPullsBridge({ 'pulls:summary': () => answers.shift() });
    const pulls = usePullsStore();
    await pulls.loadSummary();
    const checking = pulls.loadSummary({ include: ['exec'], only: ['exec'] });
    expect(pulls.checking).toEqual(['exec']);
    await checking;
    expect(bridge.called('pulls:summary')[1]!.input).toMatchObject({
      include: ['exec'],
      only: ['exec'],
    });
    expect(pulls.summary.map((entry) => [entry.context, entry.state, entry.failing])).toEqual([
      ['alpha', 'checked', 1],
      ['exec', 'checked', 2],
    ]);
    expect(pulls.checking).toEqual([]);
  });
});
