/**
 * A pod's timeline as the rollout view shows it: each step done, or the pull step failed (a
 * "Pulling" event only says the kubelet started; a failed pull must not read as a success).
 */
import type { RolloutPod, RolloutStepName } from '@core/api/contract';

export interface TimelineStep {
  step: RolloutStepName;
  at: string;
  detail: string;
  state: 'done' | 'failed';
}

const PULL_FAILURE = /ErrImagePull|ImagePullBackOff|InvalidImageName|ErrImageNeverPull/;

/** The kubelet's reason for a failed pull (the diagnosis says why), or null while none failed. */
export function pullFailure(pod: Pick<RolloutPod, 'waiting' | 'diagnosis'>): string | null {
  if (pod.waiting && (pod.diagnosis || PULL_FAILURE.test(pod.waiting.reason)))
    return pod.waiting.reason;
  return pod.diagnosis ? 'the pull failed' : null;
}

export function timeline(pod: Pick<RolloutPod, 'steps' | 'waiting' | 'diagnosis'>): TimelineStep[] {
  const steps: TimelineStep[] = pod.steps.map((step) => ({ ...step, state: 'done' }));
  const failure = pullFailure(pod);
  if (!failure || steps.some((step) => step.step === 'Pulled')) return steps;
  const failed = { detail: `failed (${failure})`, state: 'failed' as const };
  const pulling = steps.findIndex((step) => step.step === 'Pulling');
  if (pulling >= 0) steps[pulling] = { ...steps[pulling]!, ...failed };
  else steps.push({ step: 'Pulling', at: '', ...failed });
  return steps;
}
