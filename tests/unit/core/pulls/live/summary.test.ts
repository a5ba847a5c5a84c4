import { describe, expect, it } from 'vitest';
import type { ContextsList, Events, LatentPull, PullFailure, PullsView } from '@core/api/contract';
import { AppError } from '@core/api/errors';
import type { EventHub } from '@core/api/events';
import type { ClusterService } from '@core/kube/clusters';
import { createPullsService } from '@core/pulls/service';
import { createSummary, summaryEntry } from '@core/pulls/live/summary';

const context = (name: string, usesExecPlugin = false) => ({
  name,
  cluster: name,
  server: 'https://127.0.0.1:1',
  user: name,
  namespace: 'default',
  current: false,
  source: '/kubeconfig',
  usesExecPlugin,
});

describe('"All contexts" summary', () => {
  it('shows a slow and an unreachable context by their state without waiting for them, and never contacts an exec context not in use', async () => {
    const contacted: string[] = [];
    const clusters = {
      session(name: string) {
        contacted.push(name);
        if (name === 'down')
          return Promise.reject(new AppError('CLUSTER_UNREACHABLE', 'connect ECONNREFUSED'));
        return new Promise(() => undefined); // "slow": never answers
      },
    } as unknown as ClusterService;
    const list: ContextsList = {
      contexts: [
        context('slow'),
        context('down'),
        context('exec', true),
        context('exec-used', true),
      ],
      selected: 'exec-used',
      files: [],
      problems: [],
    };
    const pulls = createPullsService({
      clusters,
      events: { emit: () => undefined } as unknown as EventHub,
      contexts: async () => list,
      summaryDeadlineMs: 500,
    });
    const started = Date.now();
    const summary = await pulls.summary();
    const took = Date.now() - started;
    expect(summary.map((entry) => [entry.context, entry.state])).toEqual([
      ['slow', 'timeout'],
      ['down', 'unreachable'],
      ['exec', 'not-checked'],
      ['exec-used', 'timeout'],
    ]);
    expect(summary[1]!.message).toContain('ECONNREFUSED');
    expect(contacted).not.toContain('exec');
    // Contexts are checked concurrently: two hung contexts cost one deadline, not two.
    expect(took).toBeLessThan(900); // one after the other: 1,000 ms or more
    pulls.closeAll();
  });

  it('pushes each context’s line as soon as it is known, long before the slowest one’s deadline', async () => {
    const clusters = {
      session(name: string) {
        if (name === 'down')
          return Promise.reject(new AppError('CLUSTER_UNREACHABLE', 'connect ECONNREFUSED'));
        return new Promise(() => undefined);
      },
    } as unknown as ClusterService;
    const list: ContextsList = {
      contexts: [context('slow'), context('down'), context('exec', true)],
      selected: 'slow',
      files: [],
      problems: [],
    };
    const started = Date.now();
    const pushed: Array<{
      context: string;
      state: string;
      done: number;
      total: number;
      at: number;
    }> = [];
    const pulls = createPullsService({
      clusters,
      events: {
        emit: (event: string, payload: Events['pulls:summary-entry']) => {
          if (event !== 'pulls:summary-entry' || payload.operationId !== 'op-1') return;
          const { entry, done, total } = payload;
          pushed.push({ context: entry.context, state: entry.state, done, total, at: Date.now() });
        },
      } as unknown as EventHub,
      contexts: async () => list,
      summaryDeadlineMs: 800,
    });
    const summary = await pulls.summary({ operationId: 'op-1' });
    expect(pushed.map(({ context, state, done, total }) => [context, state, done, total])).toEqual([
      ['exec', 'not-checked', 1, 3],
      ['down', 'unreachable', 2, 3],
      ['slow', 'timeout', 3, 3],
    ]);
    // The ones known at once are pushed at once, not with the slow context's line.
    expect(pushed[1]!.at - started).toBeLessThan(400);
    expect(summary.map((entry) => entry.context)).toEqual(['slow', 'down', 'exec']);
    pulls.closeAll();
  });

  it('checks only the contexts asked for, an exec-plugin one included when it is named', async () => {
    const viewed: string[] = [];
    const summary = createSummary({
      contexts: async () => ({
        contexts: [context('alpha'), context('exec', true)],
        selected: 'alpha',
        files: [],
        problems: [],
      }),
      view: async (name) => {
        viewed.push(name);
        return { context: name, failing: [], latent: [], freshness: null } as unknown as PullsView;
      },
      tracked: () => false,
      deadlineMs: 1_000,
    });
    const lines = await summary({ only: ['exec'], include: ['exec'] });
    expect(lines.map((line) => [line.context, line.state, line.failing])).toEqual([
      ['exec', 'checked', 0],
    ]);
    expect(viewed).toEqual(['exec']);
  });
});

describe('one context’s summary line', () => {
  const view: PullsView = {
    context: 'alpha',
    scope: 'cluster',
    namespaces: 3,
    failing: [{ id: 'f' } as PullFailure, { id: 'g' } as PullFailure],
    latent: [{ id: 'l' } as LatentPull],
    serverVersion: '1.34',
    reverifyNote: '',
    freshness: { state: 'live', since: null, retryAt: null, error: null },
    updatedAt: '2026-01-01T00:00:00.000Z',
    credentialChecks: { automatic: true, localRegistries: false, notChecked: [] },
  };

  it('counts a checked context’s failing and latent workloads, with its freshness', () => {
    expect(summaryEntry('alpha', view, 10_000)).toEqual({
      context: 'alpha',
      state: 'checked',
      failing: 2,
      latent: 1,
      message: null,
      freshness: view.freshness,
    });
  });

  it('says why a context has no counts, and leaves them unknown (null), never 0', () => {
    const none = { failing: null, latent: null, freshness: null };
    expect(summaryEntry('exec', 'not-checked', 10_000)).toEqual({
      context: 'exec',
      state: 'not-checked',
      message: 'signs in with an exec plugin: checked only when in use (or on Check)',
      ...none,
    });
    expect(summaryEntry('slow', 'timeout', 2_500)).toEqual({
      context: 'slow',
      state: 'timeout',
      message: 'no answer within 2.5 s; still trying',
      ...none,
    });
    expect(summaryEntry('down', { error: new Error('connect ECONNREFUSED') }, 10_000)).toEqual({
      context: 'down',
      state: 'unreachable',
      message: 'connect ECONNREFUSED',
      ...none,
    });
    expect(summaryEntry('odd', { error: 'plain text' }, 10_000).message).toBe('plain text');
  });
});
