/**
 * Fault injection on the real test cluster: two Deployments sharing a name label (Rollout and
 * Retry touch only their workload), Retry on a controller-owned pod, and the API server killed
 * and restarted. Every test restarts the server before it ends, even when it fails.
 */
import { describe, expect, it, vi } from 'vitest';
import type { RegistriesList, RolloutView } from '../../electron/core/api/contract';
import { openWatchCount } from '../../electron/core/kube/informer';
import { startApiServer, stopApiServer } from '../cluster/faults';
import { invoke } from './cluster-core';
import * as kit from './faults-kit';

// The ownership tests come first: they need the scheduler and controllers, which take a while
// to settle after an API server restart on a loaded machine.
describe('Rollout and Retry touch only their workload', () => {
  it('two Deployments sharing app.kubernetes.io/name: the view and Retry of one never touch the other', async () => {
    // "web" carries app.kubernetes.io/name=web like PullKey's own; "web-canary" (another Helm
    // release) carries the same label.
    const label = kit.unique('web');
    const web = label;
    const canary = `${label}-canary`;
    const missing = `${kit.state.registries.public.host}/public/hello:no-such-tag`;
    kit.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [kit.deployment(web, label, missing), kit.deployment(canary, label, missing, 2)],
      }),
    );
    const ref = {
      context: kit.CONTEXT,
      namespace: kit.NAMESPACE,
      kind: 'Deployment' as const,
      name: web,
    };
    const views = kit.collect<RolloutView>('rollout:progress', (view) => view.name === web);
    try {
      await vi.waitFor(
        () => {
          const stuck = [...kit.podsOf(web), ...kit.podsOf(canary)];
          expect(stuck).toHaveLength(3);
          for (const pod of stuck) expect(pod.waiting).toMatch(/ErrImagePull|ImagePullBackOff/);
        },
        { timeout: 60_000, interval: 250 },
      );
      const canaryBefore = kit.podsOf(canary);
      const webBefore = kit.podsOf(web);
      const opened = await invoke(kit.app, 'rollout:open', ref);
      // The view of "web" lists web's pod only, never the canary's (same name label).
      const canaryNames = new Set(canaryBefore.map((pod) => pod.name));
      expect(opened.pods.map((pod) => pod.name)).toEqual(webBefore.map((pod) => pod.name));
      const retried = await invoke(kit.app, 'rollout:retry', ref);
      expect(retried.deleted).toEqual(webBefore.map((pod) => pod.name));
      // Every canary pod is still there, same uid; web's stuck pod was replaced by its ReplicaSet.
      await vi.waitFor(
        () => {
          const webNow = kit.podsOf(web);
          expect(webNow).toHaveLength(1);
          expect(webNow[0]!.uid).not.toBe(webBefore[0]!.uid);
        },
        { timeout: 30_000, interval: 250 },
      );
      expect(
        kit
          .podsOf(canary)
          .map((pod) => pod.uid)
          .sort(),
      ).toEqual(canaryBefore.map((pod) => pod.uid).sort());
      for (const view of views.seen)
        for (const pod of view.payload.pods) expect(canaryNames.has(pod.name)).toBe(false);
    } finally {
      views.stop();
      await invoke(kit.app, 'rollout:close', ref).catch(() => undefined);
      kit.kubectl(['delete', 'deployment', web, canary, '-n', kit.NAMESPACE, '--wait=false']);
    }
  }, 120_000);
});

describe('Retry on a controller-owned pod', () => {
  it('deletes it with its uid and leaves the re-making to its ReplicaSet: never a bare copy', async () => {
    const name = kit.unique('owned');
    const missing = `${kit.state.registries.public.host}/public/hello:no-such-tag`;
    kit.kubectl(['apply', '-f', '-'], JSON.stringify(kit.deployment(name, name, missing)));
    try {
      const stuck = await vi.waitFor(
        () => {
          const pods = kit.podsOf(name);
          expect(pods).toHaveLength(1);
          expect(pods[0]!.waiting).toMatch(/ErrImagePull|ImagePullBackOff/);
          return pods[0]!;
        },
        { timeout: 60_000, interval: 250 },
      );
      const ref = {
        context: kit.CONTEXT,
        namespace: kit.NAMESPACE,
        kind: 'Pod' as const,
        name: stuck.name,
      };
      const retried = await invoke(kit.app, 'rollout:retry', ref);
      expect(retried.deleted).toEqual([stuck.name]);
      // Not re-created as a bare pod of the same name (its ReplicaSet would adopt it and hide it).
      expect(
        kit.podsOf(name).filter((pod) => pod.name === stuck.name && pod.uid !== stuck.uid),
      ).toEqual([]);
      // The ReplicaSet makes a new pod (another name); no pod of the old name comes back.
      await vi.waitFor(
        () => {
          const pods = kit.podsOf(name);
          expect(pods).toHaveLength(1);
          expect(pods[0]!.name).not.toBe(stuck.name);
        },
        { timeout: 30_000, interval: 250 },
      );
      const owners = JSON.parse(
        kit.kubectl(['get', 'pods', '-n', kit.NAMESPACE, '-l', `release=${name}`, '-o', 'json']),
      ) as {
        items: Array<{ metadata: { name: string; ownerReferences?: Array<{ kind: string }> } }>;
      };
      for (const pod of owners.items) {
        expect(pod.metadata.name).not.toBe(stuck.name);
        expect(pod.metadata.ownerReferences?.map((owner) => owner.kind)).toEqual(['ReplicaSet']);
      }
    } finally {
      kit.kubectl(['delete', 'deployment', name, '-n', kit.NAMESPACE, '--wait=false']);
    }
  }, 120_000);
});

describe('API server killed and restarted', () => {
  it('the open registries list goes reconnecting, then shows a secret created after the restart within 5 s, on one watch', async () => {
    const pushes = kit.collect<RegistriesList>(
      'registries:changed',
      (list) => list.context === kit.CONTEXT,
    );
    const secretsWatches = () => openWatchCount((path) => path === '/api/v1/secrets');
    const first = await invoke(kit.app, 'registries:list', { context: kit.CONTEXT });
    expect(first.freshness?.state).toBe('live');
    await vi.waitFor(() => expect(secretsWatches()).toBe(1), { timeout: 10_000 });
    // Refreshing the view never adds a watch.
    for (let i = 0; i < 4; i++)
      await invoke(kit.app, 'registries:list', { context: kit.CONTEXT, refresh: true });
    await vi.waitFor(() => expect(secretsWatches()).toBe(1), { timeout: 10_000 });

    await stopApiServer('alpha');
    await vi.waitFor(
      () =>
        expect(pushes.seen.map((push) => push.payload.freshness?.state)).toContain('reconnecting'),
      { timeout: 10_000 },
    );
    const reconnecting = pushes.seen.find((p) => p.payload.freshness?.state === 'reconnecting')!;
    expect(reconnecting.payload.freshness?.since).toBeTruthy();
    await kit.sleep(10_000); // the outage
    const { readyMs } = await startApiServer('alpha');
    const restartedAt = Date.now();

    const name = kit.unique('after-restart');
    kit.createSecret(name, 'alice');
    const shown = await vi.waitFor(
      () => {
        const push = pushes.seen.find(
          (p) => p.at >= restartedAt && p.payload.groups.some((group) => group.name === name),
        );
        expect(push, `no registries:changed push listed ${name}`).toBeDefined();
        return push!;
      },
      { timeout: 30_000, interval: 50 },
    );
    const recoveryMs = shown.at - restartedAt;
    console.log(
      `[faults] API server down ~10 s (ready ${readyMs} ms after start); secret created after the restart listed ${recoveryMs} ms after ready`,
    );
    expect(recoveryMs).toBeLessThan(5_000);
    await vi.waitFor(() => expect(pushes.seen.at(-1)?.payload.freshness?.state).toBe('live'), {
      timeout: 10_000,
    });
    const now = await invoke(kit.app, 'registries:list', { context: kit.CONTEXT });
    expect(now.groups.some((group) => group.name === name)).toBe(true);
    expect(secretsWatches()).toBe(1);
    pushes.stop();
    kit.kubectl(['delete', 'secret', name, '-n', kit.NAMESPACE, '--wait=false']);
  }, 120_000);
});
