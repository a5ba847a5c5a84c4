import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { foldFailing } from '@core/pulls/live/fold';
import { backOff, containerStatus } from '../../../../kit/pods';

const IMAGE = 'registry.example.com/team/app:1.0';
function pod(name: string, failing: boolean): V1Pod {
  return {
    metadata: { name, namespace: 'team1-dev' },
    spec: { containers: [{ name: 'app', image: IMAGE }] },
    status: {
      phase: failing ? 'Pending' : 'Running',
      containerStatuses: [
        containerStatus(
          'app',
          IMAGE,
          failing ? backOff('401 Unauthorized') : { running: {} },
          !failing,
        ),
      ],
    },
  };
}
const fold = (pods: V1Pod[]) =>
  foldFailing({ context: 'alpha', pods, owners: new Map(), secret: () => undefined }).map(
    (item) => item.name,
  );

describe('the fold reads each informer object once, and never serves a stale answer', () => {
  it('sees a pod that starts failing (the informer replaces the object) and one that recovers', () => {
    const pods = [pod('a', false), pod('b', true), pod('c', false)];
    expect(fold(pods)).toEqual(['b']);
    expect(fold(pods)).toEqual(['b']);
    pods[0] = pod('a', true);
    pods[1] = pod('b', false);
    expect(fold(pods)).toEqual(['a']);
  });
});
