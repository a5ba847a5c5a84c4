import { describe, expect, it } from 'vitest';
import type { ContextsList, LatentPull, PullFailure, PullsView } from '@core/api/contract';
import { AppError } from '@core/api/errors';
import type { EventHub } from '@core/api/events';
import type { ClusterService } from '@core/kube/clusters';
import { createPullsService } from '@core/pulls/service';
import { summaryEntry } from '@core/pulls/summary';

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

  it('says why a context has no counts: not contacted, no answer in time, or the error', () => {
    const none = { failing: 0, latent: 0, freshness: null };
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
