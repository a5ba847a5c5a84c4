import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { stuckOnPull } from '../../../../electron/core/rollout/retry';

const pod = (name: string, reason: string | null, deleting = false): V1Pod => ({
  metadata: { name, ...(deleting ? { deletionTimestamp: new Date() } : {}) },
  status: {
    containerStatuses: [
      {
        name: 'sidecar',
        image: 'busybox',
        imageID: '',
        ready: true,
        restartCount: 0,
        state: { running: {} },
      },
      {
        name: 'app',
        image: 'reg.example/app:1',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: reason ? { waiting: { reason } } : { running: {} },
      },
    ],
  },
});

describe('stuckOnPull', () => {
  it('takes pods whose container waits on a failed pull, also beside a running sidecar', () => {
    const pods = [
      pod('backoff', 'ImagePullBackOff'),
      pod('failed', 'ErrImagePull'),
      pod('crash', 'CrashLoopBackOff'),
      pod('running', null),
      pod('going', 'ImagePullBackOff', true),
    ];
    expect(stuckOnPull(pods).map((each) => each.metadata?.name)).toEqual(['backoff', 'failed']);
  });
});
