import { describe, expect, it } from 'vitest';
import type { ContextsList } from '@core/api/contract';
import { AppError } from '@core/api/errors';
import type { EventHub } from '@core/api/events';
import type { ClusterService } from '@core/kube/clusters';
import { createPullsService } from '@core/pulls/service';

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
