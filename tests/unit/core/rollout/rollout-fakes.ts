import type { V1Pod } from '@kubernetes/client-node';
import type { RolloutInput } from '@core/rollout/model';

/** Pod `hello-1` (container `hello`, pull secret `broken`) waiting for `image` with `waiting`. */
export const podWaitingOnBrokenSecret = (
  image: string,
  waiting: { reason: string; message: string },
): V1Pod => ({
  metadata: { name: 'hello-1', uid: 'u1' },
  spec: { containers: [{ name: 'hello', image }], imagePullSecrets: [{ name: 'broken' }] },
  status: {
    phase: 'Pending',
    containerStatuses: [
      { name: 'hello', image, imageID: '', ready: false, restartCount: 0, state: { waiting } },
    ],
  },
});

/** What foldRollout reads for one bare Pod that exists (one desired; no matching secrets, no failed pulls). */
export const barePodRollout = (
  over: Pick<RolloutInput, 'name' | 'image' | 'pods' | 'events'> & Partial<RolloutInput>,
): RolloutInput => ({
  id: 'r',
  context: 'c',
  namespace: 'n',
  kind: 'Pod',
  desired: 1,
  exists: true,
  matchingSecrets: () => [],
  failureTimes: () => [],
  ...over,
});
