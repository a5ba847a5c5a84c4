// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import type { RolloutPod } from '@core/api/contract';
import PullDiagnosis from '@renderer/features/rollout/components/PullDiagnosis.vue';

const pod: RolloutPod = {
  name: 'web-abc',
  phase: 'Pending',
  ready: false,
  steps: [],
  nextRetryAt: null,
  waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' },
  diagnosis: {
    kind: 'no-credentials',
    message: 'no credentials for localhost:5000',
    host: 'localhost:5000',
    secrets: [],
  },
};

const shown = (retryIn: number | null) =>
  mount(PullDiagnosis, {
    props: { pod, retryIn, retrying: false },
    global: { plugins: [PrimeVue] },
  }).text();

describe('PullDiagnosis: when the kubelet retries', () => {
  it('counts down while the back-off runs', () => {
    expect(shown(12)).toContain('The kubelet retries in 12 s.');
  });

  it('says the retry is due once the countdown is over, never "in 0 s"', () => {
    const text = shown(0);
    expect(text).toContain('The kubelet is due to retry now.');
    expect(text).not.toContain('retries in 0 s');
  });

  it('says nothing of a retry it cannot time', () => {
    expect(shown(null)).not.toMatch(/retr(y|ies) (in|now)/);
  });
});
