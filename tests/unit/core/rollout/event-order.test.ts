import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { compareEvents } from '@core/diagnosis/events';
import { foldRollout } from '@core/rollout/model';
import { barePodRollout } from './rollout-fakes';

const event = (
  reason: string,
  times: { eventTime?: string; lastTimestamp?: string },
  resourceVersion: string,
): CoreV1Event => ({
  metadata: { name: `${reason}-${resourceVersion}`, resourceVersion },
  involvedObject: { kind: 'Pod', name: 'web' },
  reason,
  message: reason,
  ...(times.eventTime ? { eventTime: new Date(times.eventTime) } : {}),
  ...(times.lastTimestamp ? { lastTimestamp: new Date(times.lastTimestamp) } : {}),
});

describe('rollout events in time order', () => {
  // The scheduler writes microseconds, the kubelet whole seconds: within one second the
  // kubelet's "Pulling" (10:00:00) must not come before the scheduler's "Scheduled" (10:00:00.9).
  const events = [
    event('Failed', { lastTimestamp: '2026-11-26T10:00:01Z' }, '14'),
    event('Pulling', { lastTimestamp: '2026-11-26T10:00:00Z' }, '12'),
    event('BackOff', { lastTimestamp: '2026-11-26T10:00:01Z' }, '15'),
    event('Scheduled', { eventTime: '2026-11-26T10:00:00.900000Z' }, '11'),
    event('Pulling', { lastTimestamp: '2026-11-26T10:00:01Z' }, '13'),
  ];

  it('sorts by second, then by where the reason falls in a pod life, then as written', () => {
    expect([...events].sort(compareEvents).map((e) => e.metadata?.name)).toEqual([
      'Scheduled-11',
      'Pulling-12',
      'Pulling-13',
      'Failed-14',
      'BackOff-15',
    ]);
  });

  it('the rollout view lists them in that order', () => {
    const view = foldRollout(
      barePodRollout({
        name: 'web',
        image: 'localhost:5000/team/hello:1.0',
        pods: [{ metadata: { name: 'web', uid: 'u' } }],
        events,
      }),
    );
    expect(view.events.map((e) => e.reason)).toEqual([
      'Scheduled',
      'Pulling',
      'Pulling',
      'Failed',
      'BackOff',
    ]);
  });
});
