// @vitest-environment jsdom
/**
 * The Pull doctor's store: the live list's subscription lives only while the view is open; the
 * open detail is read again after a fix and when its workload's line changes (and says so when
 * the workload has no failing pull any more); "All contexts" shows each context as it answers,
 * unknown counts as unknown, and checks an exec-plugin context on its own when asked; the fixes'
 * calls (fix 2 is one back-end write; dry run, then the version previewed).
 */
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PullsSummaryEntry } from '@core/api/contract';
import { ApiCallError } from '@renderer/errors';
import { usePullsStore } from '@renderer/features/pulls/store';
import {
  failure,
  installPullsBridge,
  noCredentialsDetail,
  pullDetail,
  pullsView,
  workload,
} from './pulls-fakes';

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

  it('fix 2 is one back-end write: the dry run, then the write at the version it read', async () => {
    const bridge = installPullsBridge({ 'pulls:attach-registry': () => ({}) });
    const pulls = usePullsStore();
    const detail = noCredentialsDetail();
    const chosen = {
      host: 'r.example',
      username: 'alice',
      secret: 'r-example',
      target: 'service-account' as const,
    };
    await pulls.attachRegistry({ detail, ...chosen }, null);
    await pulls.attachRegistry({ detail, ...chosen }, '42');
    // The detail's workload and ServiceAccount, then what the user chose.
    const base = {
      context: 'alpha',
      namespace: 'shop',
      kind: 'Deployment',
      name: 'web',
      serviceAccount: 'builder',
      ...chosen,
    };
    expect(bridge.called('pulls:attach-registry').map((call) => call.input)).toEqual([
      { ...base, dryRun: true },
      { ...base, resourceVersion: '42', dryRun: false },
    ]);
    // No other channel: the sequence (create, then attach) runs in the back end.
    expect(bridge.calls.map((call) => call.channel)).toEqual([
      'pulls:attach-registry',
      'pulls:attach-registry',
    ]);
  });

  it('a bare Pod is not attached to, and only Deployments and Pods get their pods recreated', async () => {
    const bridge = installPullsBridge({ 'rollout:retry': () => ({ deleted: ['web-1'] }) });
    const pulls = usePullsStore();
    const pod = pullDetail(false);
    pod.ref = { ...workload, kind: 'Pod' };
    expect(() =>
      pulls.attachRegistry(
        { detail: pod, host: 'r', username: 'a', secret: 's', target: 'workload' },
        null,
      ),
    ).toThrow(/bare Pod/);
    expect(() => pulls.recreatePods({ ...workload, kind: 'StatefulSet' })).toThrow(
      /StatefulSet pods are recreated by deleting them/,
    );
    await expect(pulls.recreatePods(workload)).resolves.toEqual({ deleted: ['web-1'] });
    expect(bridge.called('rollout:retry').map((call) => call.input)).toEqual([workload]);
    expect(bridge.called('pulls:attach-registry')).toHaveLength(0);
  });

  it('the rewrite fix: the dry run sends no version, the write the one previewed', async () => {
    const bridge = installPullsBridge({});
    const pulls = usePullsStore();
    await pulls.rewriteSecret(workload, 'handmade', null);
    await pulls.rewriteSecret(workload, 'handmade', { resourceVersion: '5' });
    expect(bridge.called('pulls:rewrite-secret').map((call) => call.input)).toEqual([
      { context: 'alpha', namespace: 'shop', name: 'handmade', dryRun: true },
      {
        context: 'alpha',
        namespace: 'shop',
        name: 'handmade',
        resourceVersion: '5',
        dryRun: false,
      },
    ]);
  });

  it('a detail read that answers after the drawer closed is dropped', async () => {
    let answer: (detail: ReturnType<typeof pullDetail>) => void = () => undefined;
    installPullsBridge({ 'pulls:detail': () => new Promise((resolve) => (answer = resolve)) });
    const pulls = usePullsStore();
    const reading = pulls.openDetail(workload);
    await Promise.resolve();
    pulls.closeDetail();
    answer(pullDetail(true));
    await reading;
    expect(pulls.detail).toBeNull();
  });

  it('saved logins for fix 2 are those of the failing host only', async () => {
    installPullsBridge({
      'vault:logins': () => [
        { host: 'r.example', username: 'alice' },
        { host: 'other.example', username: 'bob' },
      ],
    });
    await expect(usePullsStore().savedLogins('r.example')).resolves.toEqual([
      { host: 'r.example', username: 'alice' },
    ]);
  });
});
