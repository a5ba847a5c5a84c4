/**
 * Fault injection on the real test cluster: a slow network that drops connections (latency
 * proxy), and etcd compaction + watch expiry.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RegistriesList, RolloutView } from '../../electron/core/api/contract';
import { compactEtcd, startApiServer, startLatencyProxy, stopApiServer } from '../cluster/faults';
import { invoke, startCore, tempDir, writeJson } from './cluster-core';
import * as kit from './faults-kit';

describe('a slow network that drops connections (latency proxy)', () => {
  it('a watch cut by the network resumes by itself behind 150 ms of latency, and the open view still updates', async () => {
    const proxy = await startLatencyProxy(kit.state.clusters.alpha.server, 150);
    const kubeconfig = JSON.parse(await readFile(kit.state.kubeconfig, 'utf8')) as {
      clusters: Array<{ name: string; cluster: { server: string } }>;
    };
    for (const cluster of kubeconfig.clusters)
      if (cluster.name === 'alpha') cluster.cluster.server = proxy.server;
    const file = await writeJson(path.join(await tempDir(), 'kubeconfig'), kubeconfig);
    const slow = await startCore([file]);
    const pushes: Array<{ at: number; list: RegistriesList }> = [];
    const stop = slow.events.listen((event, payload) => {
      if (event === 'registries:changed')
        pushes.push({ at: Date.now(), list: payload as RegistriesList });
    });
    const name = kit.unique('behind-proxy');
    try {
      const first = await invoke(slow, 'registries:list', { context: kit.CONTEXT });
      expect(first.freshness?.state).toBe('live');
      await vi.waitFor(() => expect(proxy.connections()).toBeGreaterThan(0), { timeout: 10_000 });
      const cut = proxy.dropConnections();
      expect(cut).toBeGreaterThan(0);
      // The cut watch resumes by itself (from its resourceVersion: nothing is missed).
      await vi.waitFor(() => expect(proxy.connections()).toBeGreaterThan(0), { timeout: 10_000 });
      const createdAt = Date.now();
      kit.createSecret(name, 'bob');
      const shown = await vi.waitFor(
        () => {
          const push = pushes.find((p) => p.list.groups.some((group) => group.name === name));
          expect(push).toBeDefined();
          return push!;
        },
        { timeout: 15_000, interval: 50 },
      );
      console.log(
        `[faults] behind a 150 ms proxy, after its connections were cut: kubectl change shown ${shown.at - createdAt} ms after kubectl started`,
      );
      expect(pushes.at(-1)?.list.freshness?.state).toBe('live');
    } finally {
      stop();
      await slow.close();
      await proxy.close();
      kit.kubectl([
        'delete',
        'secret',
        name,
        '-n',
        kit.NAMESPACE,
        '--ignore-not-found',
        '--wait=false',
      ]);
    }
  }, 90_000);
});

describe('etcd compaction and watch expiry', () => {
  it("the open rollout view gets no phantom pod and still receives the pod's next event", async () => {
    const name = kit.unique('compacted');
    const image = `${kit.state.registries.public.host}/public/hello:1.0`;
    kit.kubectl(['apply', '-f', '-'], JSON.stringify(kit.deployment(name, name, image)));
    const ref = {
      context: kit.CONTEXT,
      namespace: kit.NAMESPACE,
      kind: 'Deployment' as const,
      name,
    };
    const views = kit.collect<RolloutView>('rollout:progress', (view) => view.name === name);
    try {
      await invoke(kit.app, 'rollout:open', ref);
      // Its pod (ready or not: the scheduler may still be backing off from an earlier restart).
      await vi.waitFor(() => expect(views.seen.at(-1)?.payload.pods).toHaveLength(1), {
        timeout: 150_000,
        interval: 100,
      });
      // Watch expiry: the server goes away, etcd compacts every revision the view has seen,
      // and the watches come back on a server whose oldest resourceVersion is newer (410 Gone).
      await stopApiServer('alpha');
      await compactEtcd();
      await startApiServer('alpha');
      await compactEtcd();
      const before = views.seen.length;
      // The pod's next event, written with kubectl: it needs only the API server (the test
      // cluster's scheduler and controllers come back from a restart at client-go's pace).
      const [pod] = kit.podsOf(name);
      const message = `probe after compaction ${kit.unique('m')}`;
      const sentAt = Date.now();
      kit.kubectl(
        ['create', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `${pod!.name}.${kit.unique('probe')}`, namespace: kit.NAMESPACE },
          involvedObject: {
            apiVersion: 'v1',
            kind: 'Pod',
            name: pod!.name,
            namespace: kit.NAMESPACE,
            uid: pod!.uid,
          },
          reason: 'Pulled',
          message,
          type: 'Normal',
          count: 1,
          firstTimestamp: new Date().toISOString(),
          lastTimestamp: new Date().toISOString(),
          source: { component: 'pullkey-fault-test' },
        }),
      );
      const arrived = await vi.waitFor(
        () => {
          const push = views.seen.find((view) =>
            view.payload.events.some((event) => event.message === message),
          );
          expect(
            push,
            JSON.stringify(views.seen.at(-1)?.payload, null, 1)?.slice(0, 1500),
          ).toBeDefined();
          return push!;
        },
        { timeout: 30_000, interval: 100 },
      );
      console.log(
        `[faults] after compaction + restart: the pod's next event reached the open view ${arrived.at - sentAt} ms after kubectl started`,
      );
      expect(arrived.payload.pods.map((p) => p.name)).toEqual([pod!.name]);
      expect(views.seen.length).toBeGreaterThan(before);
      const phantoms = views.seen.flatMap((view) => view.payload.pods.filter((pod) => !pod.name));
      expect(phantoms).toEqual([]);
      expect(views.seen.at(-1)?.payload.freshness?.state).toBe('live');
    } finally {
      views.stop();
      await invoke(kit.app, 'rollout:close', ref).catch(() => undefined);
      await kit.ensureApiServer();
      kit.kubectl(['delete', 'deployment', name, '-n', kit.NAMESPACE, '--wait=false']);
    }
  }, 300_000);
});
