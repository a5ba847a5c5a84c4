import type { CoreV1Event, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { combineFreshness } from '@core/kube/informer-policy';
import { relatedEvents, workloadPods } from '@core/rollout/model';

const owner = (uid: string, kind = 'ReplicaSet') => [
  { apiVersion: 'apps/v1', kind, name: 'x', uid, controller: true },
];
const label = { 'app.kubernetes.io/name': 'web' };
const replicaSet = (name: string, uid: string, deploymentUid: string): V1ReplicaSet => ({
  metadata: { name, uid, labels: label, ownerReferences: owner(deploymentUid, 'Deployment') },
});
const pod = (name: string, uid: string, replicaSetUid?: string): V1Pod => ({
  metadata: {
    name,
    uid,
    labels: label,
    ...(replicaSetUid ? { ownerReferences: owner(replicaSetUid) } : {}),
  },
});

describe('workloadPods: by ownership, never by the shared name label', () => {
  // Two Helm releases: Deployments "web" (uid d1) and "web-canary" (uid d2) share the label.
  const replicaSets = [replicaSet('web-1', 'rs1', 'd1'), replicaSet('web-canary-1', 'rs2', 'd2')];
  const pods = [
    pod('web-1-aaaaa', 'p1', 'rs1'),
    pod('web-canary-1-bbbbb', 'p2', 'rs2'),
    pod('web-bare', 'p3'), // same label, no owner
  ];

  it("a Deployment's pods are those of the ReplicaSets it controls", () => {
    const own = workloadPods({ kind: 'Deployment', name: 'web', uid: 'd1', replicaSets, pods });
    expect(own.pods.map((p) => p.metadata?.name)).toEqual(['web-1-aaaaa']);
    expect(own.replicaSets).toEqual(['web-1']);
    const other = workloadPods({
      kind: 'Deployment',
      name: 'web-canary',
      uid: 'd2',
      replicaSets,
      pods,
    });
    expect(other.pods.map((p) => p.metadata?.name)).toEqual(['web-canary-1-bbbbb']);
  });

  it('a missing Deployment has no pods; a Pod is its name (and uid when given)', () => {
    expect(
      workloadPods({ kind: 'Deployment', name: 'web', uid: null, replicaSets, pods }).pods,
    ).toEqual([]);
    expect(
      workloadPods({ kind: 'Pod', name: 'web-bare', uid: null, replicaSets, pods }).pods.map(
        (p) => p.metadata?.uid,
      ),
    ).toEqual(['p3']);
    expect(
      workloadPods({ kind: 'Pod', name: 'web-bare', uid: 'other', replicaSets, pods }).pods,
    ).toEqual([]);
  });

  it("ReplicaSet events are the Deployment's own ReplicaSets', not every name with its prefix", () => {
    const event = (kind: string, name: string): CoreV1Event => ({
      metadata: {},
      involvedObject: { kind, name },
    });
    const events = [event('ReplicaSet', 'web-1'), event('ReplicaSet', 'web-canary-1')];
    expect(
      relatedEvents({
        kind: 'Deployment',
        name: 'web',
        pods: [],
        events,
        replicaSets: ['web-1'],
      }).map((e) => e.involvedObject.name),
    ).toEqual(['web-1']);
  });
});

describe('combineFreshness', () => {
  it('is the worst part: stale over reconnecting over live', () => {
    const live = { state: 'live', since: null, retryAt: null, error: null } as const;
    const reconnecting = {
      state: 'reconnecting',
      since: '2026-01-01T10:00:00.000Z',
      retryAt: '2026-01-01T10:00:04.000Z',
      error: 'refused',
    } as const;
    expect(combineFreshness([live, live])).toEqual(live);
    expect(combineFreshness([live, reconnecting])).toEqual(reconnecting);
    expect(combineFreshness([reconnecting, { ...live, state: 'stale', since: 'x' }]).state).toBe(
      'stale',
    );
  });
});
