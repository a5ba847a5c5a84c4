import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { foldFailing } from '@core/pulls/live/fold';

/** A failing pod as the informer's raw list and watch give it: timestamps are strings. */
function wirePod(name: string, created: string, notReadySince?: string): V1Pod {
  const pod = {
    metadata: { name, namespace: 'team1-dev', uid: `uid-${name}`, creationTimestamp: created },
    spec: { containers: [{ name: 'app', image: 'registry.example.com:5000/team/app:1.0' }] },
    status: {
      phase: 'Pending',
      conditions: notReadySince
        ? [{ type: 'Ready', status: 'False', lastTransitionTime: notReadySince }]
        : [],
      containerStatuses: [
        {
          name: 'app',
          image: 'registry.example.com:5000/team/app:1.0',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
        },
      ],
    },
  };
  // The wire JSON is what client-node types with Dates.
  return pod as unknown as V1Pod;
}

const fold = (pod: V1Pod) =>
  foldFailing({ context: 'alpha', pods: [pod], owners: new Map(), secret: () => undefined });

describe('pull failures from wire JSON', () => {
  it('reads since in the same ISO form as from client-node’s Dates', () => {
    expect(fold(wirePod('a', '2026-11-28T05:00:00Z'))[0]?.since).toBe('2026-11-28T05:00:00.000Z');
    expect(fold(wirePod('b', '2026-11-28T05:00:00Z', '2026-11-28T06:30:00Z'))[0]?.since).toBe(
      '2026-11-28T06:30:00.000Z',
    );
  });
});
