// @vitest-environment jsdom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PullkeyBridge, RolloutView } from '@core/api/contract';
import { useNotificationsStore } from '@renderer/stores/notifications';
import { useRolloutStore, type WorkloadRef } from '@renderer/features/rollout/store';

const refOf = (name: string): WorkloadRef => ({
  context: 'alpha',
  namespace: 'team1-dev',
  kind: 'Deployment',
  name,
});
const viewOf = (name: string): RolloutView => ({
  id: `alpha/team1-dev/Deployment/${name}`,
  ...refOf(name),
  image: 'localhost:5000/team/hello:1.0',
  desired: 1,
  ready: 0,
  state: 'progressing',
  pods: [],
  events: [],
  updatedAt: '2026-12-06T10:00:00Z',
});

/** A bridge whose `rollout:open` answers only when the test says so. */
function deferredBridge() {
  const answers = new Map<string, (result: unknown) => void>();
  const invoke = vi.fn(
    (channel: string, input: { name: string }) =>
      new Promise((resolve) => {
        if (channel === 'rollout:open') answers.set(input.name, resolve);
        else resolve({ ok: true, value: {} });
      }),
  );
  window.pullkey = {
    invoke,
    subscribe: () => () => undefined,
  } as unknown as PullkeyBridge;
  return answers;
}

describe('rollout store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('an answer for a workload the user has left never replaces the one now open', async () => {
    const answers = deferredBridge();
    const rollout = useRolloutStore();
    const slow = rollout.open(refOf('slow'));
    const fast = rollout.open(refOf('fast'));
    answers.get('fast')!({ ok: true, value: viewOf('fast') });
    await fast;
    answers.get('slow')!({ ok: true, value: viewOf('slow') });
    await slow;
    expect(rollout.view?.name).toBe('fast');
  });

  it('a failure of a workload the user has left is not reported', async () => {
    const answers = deferredBridge();
    const rollout = useRolloutStore();
    const notifications = useNotificationsStore();
    const report = vi.spyOn(notifications, 'reportError');
    const left = rollout.open(refOf('left'));
    const now = rollout.open(refOf('now'));
    answers.get('left')!({
      ok: false,
      error: { code: 'CLUSTER_UNREACHABLE', message: 'the cluster did not answer' },
    });
    await left;
    answers.get('now')!({ ok: true, value: viewOf('now') });
    await now;
    expect(report).not.toHaveBeenCalled();
    expect(rollout.view?.name).toBe('now');
  });
});
