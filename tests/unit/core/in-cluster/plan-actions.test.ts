import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlannedObject } from '../../../../electron/core/eso/manifests';
import type { KubeSession } from '../../../../electron/core/kube/session';

const live = new Map<string, Record<string, unknown>>();
const dryRuns: string[] = [];
let refuse = false;
const key = (o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`;

vi.mock('../../../../electron/core/in-cluster/kube-objects', () => ({
  readOrNull: (_session: unknown, ref: PlannedObject) =>
    Promise.resolve(live.get(key(ref)) ?? null),
  apply: (_session: unknown, object: PlannedObject, dryRun: boolean) => {
    if (!dryRun) throw new Error('only dry runs in a preview');
    dryRuns.push(key(object));
    if (refuse) return Promise.reject(new Error('forbidden'));
    const was = live.get(key(object))!;
    // What the server answers: the live object with the applied fields over it, a new time.
    return Promise.resolve({
      ...was,
      ...object,
      metadata: {
        ...(was.metadata as object),
        ...object.metadata,
        managedFields: [{ time: 'now' }],
      },
    });
  },
}));

const { plannedActions } = await import('../../../../electron/core/in-cluster/plan-actions');

const session = {} as KubeSession;
const ns: PlannedObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'src' } };
const sa: PlannedObject = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'sa', namespace: 'src', labels: { a: '1' } },
};
const role = (names: string[]): PlannedObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'r', namespace: 'src' },
  rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: names }],
});
const stored = (object: PlannedObject) =>
  live.set(key(object), {
    ...object,
    metadata: {
      ...object.metadata,
      uid: 'u',
      resourceVersion: '7',
      managedFields: [{ time: 'then' }],
    },
  });

beforeEach(() => {
  live.clear();
  dryRuns.length = 0;
  refuse = false;
});

describe('plannedActions', () => {
  it('nothing there → create everything, no dry run', async () => {
    expect(await plannedActions(session, [ns, sa, role(['a'])])).toEqual([
      'create',
      'create',
      'create',
    ]);
    expect(dryRuns).toEqual([]);
  });

  it('a second keep: every object as written → unchanged (the Namespace is never applied)', async () => {
    for (const object of [ns, sa, role(['a'])]) stored(object);
    expect(await plannedActions(session, [ns, sa, role(['a'])])).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(dryRuns).toEqual(['ServiceAccount/sa', 'Role/r']);
  });

  it('a Role that must name one more source → update; the rest unchanged', async () => {
    for (const object of [ns, sa, role(['a'])]) stored(object);
    expect(await plannedActions(session, [ns, sa, role(['a', 'b'])])).toEqual([
      'unchanged',
      'unchanged',
      'update',
    ]);
  });

  it('a dry run the server refuses → update (the write says why)', async () => {
    stored(sa);
    refuse = true;
    expect(await plannedActions(session, [sa])).toEqual(['update']);
  });
});
