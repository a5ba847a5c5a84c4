import { describe, expect, it } from 'vitest';
import type { RolloutPod } from '@core/api/contract';
import { timeline } from '@renderer/features/rollout/logic/timeline';

const scheduled = { step: 'Scheduled' as const, at: '2026-11-26T10:00:00Z', detail: 'assigned' };
const pulling = { step: 'Pulling' as const, at: '2026-11-26T10:00:01Z', detail: '' };
const diagnosis: RolloutPod['diagnosis'] = {
  kind: 'credentials-rejected',
  message: 'the registry rejected the credentials',
  host: 'localhost:5000',
  secrets: ['regcred'],
};

describe('rollout timeline', () => {
  it('marks "Pulling" failed when the pull failed, never done', () => {
    const steps = timeline({
      steps: [scheduled, pulling],
      waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' },
      diagnosis,
    });
    expect(steps.map((step) => [step.step, step.state])).toEqual([
      ['Scheduled', 'done'],
      ['Pulling', 'failed'],
    ]);
    expect(steps[1]?.detail).toBe('failed (ImagePullBackOff)');
  });

  it('adds a failed pull step when the kubelet failed before reporting "Pulling"', () => {
    const steps = timeline({
      steps: [scheduled],
      waiting: { reason: 'ErrImagePull', message: '' },
      diagnosis: null,
    });
    expect(steps.at(-1)).toMatchObject({ step: 'Pulling', state: 'failed' });
  });

  it('leaves a pull in progress or done as it is', () => {
    expect(
      timeline({ steps: [scheduled, pulling], waiting: null, diagnosis: null }).map(
        (step) => step.state,
      ),
    ).toEqual(['done', 'done']);
    const pulled = { step: 'Pulled' as const, at: '2026-11-26T10:00:02Z', detail: '' };
    expect(
      timeline({
        steps: [scheduled, pulling, pulled],
        waiting: { reason: 'CrashLoopBackOff', message: '' },
        diagnosis: null,
      }).every((step) => step.state === 'done'),
    ).toBe(true);
  });
});
