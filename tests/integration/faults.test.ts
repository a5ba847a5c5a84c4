/**
 * Fault injection on the real test cluster: API server killed and restarted, etcd compaction
 * + watch expiry, an API server lost in the middle of a 200-namespace write, and two
 * Deployments sharing a name label. These tests stop cluster alpha's API server; the
 * integration project runs its files one at a time (fileParallelism: false), and every test
 * restarts the server before it ends, even when it fails.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../electron/core';
import type { RegistriesList, RolloutView, WriteResult } from '../../electron/core/api/contract';
import { openWatchCount } from '../../electron/core/kube/informer';
import { compactEtcd, startApiServer, startLatencyProxy, stopApiServer } from '../cluster/faults';
import { processAlive, type ClusterState } from '../cluster/state';
import { clusterState, invoke, startCore, tempDir, writeJson } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';
import { projectNamespacesList } from '../cluster/manifests';
import { kubectlSync } from '../kit/kubectl';

const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
let state: ClusterState;
let app: Core;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${++seq}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const kubectl = kubectlSync(() => state, { context: CONTEXT, timeoutMs: 120_000 });

/** Starts alpha's API server again if a test left it stopped. */
async function ensureApiServer() {
  const pid = clusterState().pids['kube-apiserver-alpha'];
  if (!pid || !processAlive(pid)) await startApiServer('alpha');
}

/** Collects the payloads of one push event. */
function collect<T>(event: string, keep: (payload: T) => boolean = () => true) {
  const seen: Array<{ at: number; payload: T }> = [];
  const stop = app.events.listen((name, payload) => {
    if (name === event && keep(payload as T)) seen.push({ at: Date.now(), payload: payload as T });
  });
  return { seen, stop };
}

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  app = await startCore([state.kubeconfig]);
});
afterEach(ensureApiServer, 120_000);
afterAll(async () => {
  await ensureApiServer();
  await app?.close();
});

// The ownership tests come first: they need the scheduler and controllers, which take a while
// to settle after an API server restart on a loaded machine.
describe('Rollout and Retry touch only their workload', () => {
  it('two Deployments sharing app.kubernetes.io/name: the view and Retry of one never touch the other', async () => {
    // "web" carries app.kubernetes.io/name=web like PullKey's own; "web-canary" (another Helm
    // release) carries the same label.
    const label = unique('web');
    const web = label;
    const canary = `${label}-canary`;
    const missing = `${state.registries.public.host}/public/hello:no-such-tag`;
    kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [deployment(web, label, missing), deployment(canary, label, missing, 2)],
      }),
    );
    const ref = { context: CONTEXT, namespace: NAMESPACE, kind: 'Deployment' as const, name: web };
    const views = collect<RolloutView>('rollout:progress', (view) => view.name === web);
    try {
      await vi.waitFor(
        () => {
          const stuck = [...podsOf(web), ...podsOf(canary)];
          expect(stuck).toHaveLength(3);
          for (const pod of stuck) expect(pod.waiting).toMatch(/ErrImagePull|ImagePullBackOff/);
        },
        { timeout: 60_000, interval: 250 },
      );
      const canaryBefore = podsOf(canary);
      const webBefore = podsOf(web);
      const opened = await invoke(app, 'rollout:open', ref);
      // The view of "web" lists web's pod only, never the canary's (same name label).
      const canaryNames = new Set(canaryBefore.map((pod) => pod.name));
      expect(opened.pods.map((pod) => pod.name)).toEqual(webBefore.map((pod) => pod.name));
      const retried = await invoke(app, 'rollout:retry', ref);
      expect(retried.deleted).toEqual(webBefore.map((pod) => pod.name));
      // Every canary pod is still there, same uid; web's stuck pod was replaced by its ReplicaSet.
      await vi.waitFor(
        () => {
          const webNow = podsOf(web);
          expect(webNow).toHaveLength(1);
          expect(webNow[0]!.uid).not.toBe(webBefore[0]!.uid);
        },
        { timeout: 30_000, interval: 250 },
      );
      expect(
        podsOf(canary)
          .map((pod) => pod.uid)
          .sort(),
      ).toEqual(canaryBefore.map((pod) => pod.uid).sort());
      for (const view of views.seen)
        for (const pod of view.payload.pods) expect(canaryNames.has(pod.name)).toBe(false);
    } finally {
      views.stop();
      await invoke(app, 'rollout:close', ref).catch(() => undefined);
      kubectl(['delete', 'deployment', web, canary, '-n', NAMESPACE, '--wait=false']);
    }
  }, 120_000);
});

describe('Retry on a controller-owned pod', () => {
  it('deletes it with its uid and leaves the re-making to its ReplicaSet: never a bare copy', async () => {
    const name = unique('owned');
    const missing = `${state.registries.public.host}/public/hello:no-such-tag`;
    kubectl(['apply', '-f', '-'], JSON.stringify(deployment(name, name, missing)));
    try {
      const stuck = await vi.waitFor(
        () => {
          const pods = podsOf(name);
          expect(pods).toHaveLength(1);
          expect(pods[0]!.waiting).toMatch(/ErrImagePull|ImagePullBackOff/);
          return pods[0]!;
        },
        { timeout: 60_000, interval: 250 },
      );
      const ref = {
        context: CONTEXT,
        namespace: NAMESPACE,
        kind: 'Pod' as const,
        name: stuck.name,
      };
      const retried = await invoke(app, 'rollout:retry', ref);
      expect(retried.deleted).toEqual([stuck.name]);
      // Not re-created as a bare pod of the same name (its ReplicaSet would adopt it and hide it).
      expect(
        podsOf(name).filter((pod) => pod.name === stuck.name && pod.uid !== stuck.uid),
      ).toEqual([]);
      // The ReplicaSet makes a new pod (another name); no pod of the old name comes back.
      await vi.waitFor(
        () => {
          const pods = podsOf(name);
          expect(pods).toHaveLength(1);
          expect(pods[0]!.name).not.toBe(stuck.name);
        },
        { timeout: 30_000, interval: 250 },
      );
      const owners = JSON.parse(
        kubectl(['get', 'pods', '-n', NAMESPACE, '-l', `release=${name}`, '-o', 'json']),
      ) as {
        items: Array<{ metadata: { name: string; ownerReferences?: Array<{ kind: string }> } }>;
      };
      for (const pod of owners.items) {
        expect(pod.metadata.name).not.toBe(stuck.name);
        expect(pod.metadata.ownerReferences?.map((owner) => owner.kind)).toEqual(['ReplicaSet']);
      }
    } finally {
      kubectl(['delete', 'deployment', name, '-n', NAMESPACE, '--wait=false']);
    }
  }, 120_000);
});

describe('API server killed and restarted', () => {
  it('the open registries list goes reconnecting, then shows a secret created after the restart within 5 s, on one watch', async () => {
    const pushes = collect<RegistriesList>(
      'registries:changed',
      (list) => list.context === CONTEXT,
    );
    const secretsWatches = () => openWatchCount((path) => path === '/api/v1/secrets');
    const first = await invoke(app, 'registries:list', { context: CONTEXT });
    expect(first.freshness?.state).toBe('live');
    await vi.waitFor(() => expect(secretsWatches()).toBe(1), { timeout: 10_000 });
    // Refreshing the view never adds a watch.
    for (let i = 0; i < 4; i++)
      await invoke(app, 'registries:list', { context: CONTEXT, refresh: true });
    await vi.waitFor(() => expect(secretsWatches()).toBe(1), { timeout: 10_000 });

    await stopApiServer('alpha');
    await vi.waitFor(
      () =>
        expect(pushes.seen.map((push) => push.payload.freshness?.state)).toContain('reconnecting'),
      { timeout: 10_000 },
    );
    const reconnecting = pushes.seen.find((p) => p.payload.freshness?.state === 'reconnecting')!;
    expect(reconnecting.payload.freshness?.since).toBeTruthy();
    await sleep(10_000); // the outage
    const { readyMs } = await startApiServer('alpha');
    const restartedAt = Date.now();

    const name = unique('after-restart');
    kubectl([
      'create',
      'secret',
      'docker-registry',
      name,
      '-n',
      NAMESPACE,
      `--docker-server=${state.registries.basic.host}`,
      '--docker-username=alice',
      '--docker-password=not-a-real-one',
    ]);
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
    const now = await invoke(app, 'registries:list', { context: CONTEXT });
    expect(now.groups.some((group) => group.name === name)).toBe(true);
    expect(secretsWatches()).toBe(1);
    pushes.stop();
    kubectl(['delete', 'secret', name, '-n', NAMESPACE, '--wait=false']);
  }, 120_000);
});

describe('a slow network that drops connections (latency proxy)', () => {
  it('a watch cut by the network resumes by itself behind 150 ms of latency, and the open view still updates', async () => {
    const proxy = await startLatencyProxy(state.clusters.alpha.server, 150);
    const kubeconfig = JSON.parse(await readFile(state.kubeconfig, 'utf8')) as {
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
    const name = unique('behind-proxy');
    try {
      const first = await invoke(slow, 'registries:list', { context: CONTEXT });
      expect(first.freshness?.state).toBe('live');
      await vi.waitFor(() => expect(proxy.connections()).toBeGreaterThan(0), { timeout: 10_000 });
      const cut = proxy.dropConnections();
      expect(cut).toBeGreaterThan(0);
      // The cut watch resumes by itself (from its resourceVersion: nothing is missed).
      await vi.waitFor(() => expect(proxy.connections()).toBeGreaterThan(0), { timeout: 10_000 });
      const createdAt = Date.now();
      kubectl([
        'create',
        'secret',
        'docker-registry',
        name,
        '-n',
        NAMESPACE,
        `--docker-server=${state.registries.basic.host}`,
        '--docker-username=bob',
        '--docker-password=not-a-real-one',
      ]);
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
      kubectl(['delete', 'secret', name, '-n', NAMESPACE, '--ignore-not-found', '--wait=false']);
    }
  }, 90_000);
});

/** A Deployment made with kubectl, labelled app.kubernetes.io/name=<label>. */
function deployment(name: string, label: string, image: string, replicas = 1) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE, labels: { 'app.kubernetes.io/name': label } },
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': label, release: name } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': label, release: name } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
}

function podsOf(release: string): Array<{ name: string; uid: string; waiting: string }> {
  const list = JSON.parse(
    kubectl(['get', 'pods', '-n', NAMESPACE, '-l', `release=${release}`, '-o', 'json']),
  ) as {
    items: Array<{
      metadata: { name: string; uid: string; deletionTimestamp?: string };
      status?: { containerStatuses?: Array<{ state?: { waiting?: { reason?: string } } }> };
    }>;
  };
  return list.items
    .filter((pod) => !pod.metadata.deletionTimestamp)
    .map((pod) => ({
      name: pod.metadata.name,
      uid: pod.metadata.uid,
      waiting: pod.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? '',
    }));
}

describe('etcd compaction and watch expiry', () => {
  it("the open rollout view gets no phantom pod and still receives the pod's next event", async () => {
    const name = unique('compacted');
    const image = `${state.registries.public.host}/public/hello:1.0`;
    kubectl(['apply', '-f', '-'], JSON.stringify(deployment(name, name, image)));
    const ref = { context: CONTEXT, namespace: NAMESPACE, kind: 'Deployment' as const, name };
    const views = collect<RolloutView>('rollout:progress', (view) => view.name === name);
    try {
      await invoke(app, 'rollout:open', ref);
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
      const [pod] = podsOf(name);
      const message = `probe after compaction ${unique('m')}`;
      const sentAt = Date.now();
      kubectl(
        ['create', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `${pod!.name}.${unique('probe')}`, namespace: NAMESPACE },
          involvedObject: {
            apiVersion: 'v1',
            kind: 'Pod',
            name: pod!.name,
            namespace: NAMESPACE,
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
      await invoke(app, 'rollout:close', ref).catch(() => undefined);
      await ensureApiServer();
      kubectl(['delete', 'deployment', name, '-n', NAMESPACE, '--wait=false']);
    }
  }, 300_000);
});

describe('API server lost in the middle of a 200-namespace project write', () => {
  it('reports every namespace, leaves no half-written secret, and Retry failed completes all 200', async () => {
    const project = unique('p-bulk');
    const namespaces = Array.from(
      { length: 200 },
      (_, i) => `${project}-${String(i).padStart(3, '0')}`,
    );
    kubectl(['apply', '-f', '-'], JSON.stringify(projectNamespacesList(project, namespaces)));
    const secret = unique('bulk');
    const login = state.registries.basic.users.find((user) => user.username === 'alice')!;
    const input = {
      context: CONTEXT,
      name: secret,
      scope: { kind: 'project', project, projectKind: 'pullkey' },
      host: state.registries.basic.host,
      username: login.username,
      password: login.password,
      skipVerify: true,
    };
    try {
      await vi.waitFor(
        async () => {
          const list = await invoke(app, 'namespaces:list', { context: CONTEXT, refresh: true });
          expect(list.namespaces.filter((ns) => ns.name.startsWith(`${project}-`))).toHaveLength(
            200,
          );
        },
        { timeout: 30_000, interval: 500 },
      );
      const operationId = unique('op');
      let killing: Promise<unknown> | null = null;
      const progress = collect<{ operationId: string; done: number }>(
        'registries:progress',
        (event) => event.operationId === operationId,
      );
      const stopKill = app.events.listen((name, payload) => {
        const event = payload as { operationId: string; done: number };
        if (name === 'registries:progress' && event.operationId === operationId && event.done >= 50)
          killing ??= stopApiServer('alpha');
      });
      const report = await invoke(app, 'registries:create', {
        ...input,
        operationId,
      });
      stopKill();
      progress.stop();
      await Promise.resolve(killing);
      const byOutcome = (results: WriteResult[]) =>
        results.reduce<Record<string, number>>((counts, result) => {
          counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
          return counts;
        }, {});
      console.log(
        `[faults] 200-namespace write with the API server killed after ~50: ${JSON.stringify(byOutcome(report.results))}`,
      );
      expect(report.results.map((result) => result.namespace).sort()).toEqual(namespaces);
      expect(killing).not.toBeNull();
      const failed = report.results.filter((result) => result.outcome !== 'created');
      expect(failed.length).toBeGreaterThan(0);
      for (const result of failed) {
        expect(result.outcome).toBe('failed');
        expect(result.message).toMatch(/connection lost/i);
      }
      await startApiServer('alpha');

      // kubectl checks each namespace: the secret is absent or whole, never half-written.
      const expected = Buffer.from(
        JSON.stringify({
          auths: {
            [state.registries.basic.host]: {
              username: login.username,
              password: login.password,
              auth: Buffer.from(`${login.username}:${login.password}`).toString('base64'),
            },
          },
        }),
      ).toString('base64');
      const written = () =>
        (
          JSON.parse(
            kubectl([
              'get',
              'secrets',
              '-A',
              '--field-selector',
              `metadata.name=${secret}`,
              '-o',
              'json',
            ]),
          ) as {
            items: Array<{
              metadata: { namespace: string };
              type: string;
              data: Record<string, string>;
            }>;
          }
        ).items;
      const afterKill = written();
      for (const item of afterKill) {
        expect(item.type).toBe('kubernetes.io/dockerconfigjson');
        expect(item.data['.dockerconfigjson']).toBe(expected);
      }

      const retry = await invoke(app, 'registries:create', {
        ...input,
        operationId: unique('op'),
        onlyNamespaces: failed.map((result) => result.namespace),
      });
      console.log(
        `[faults] Retry failed after the restart: ${JSON.stringify(byOutcome(retry.results))}`,
      );
      for (const result of retry.results)
        expect(['created', 'unchanged']).toContain(result.outcome);
      const all = written();
      expect(all.map((item) => item.metadata.namespace).sort()).toEqual(namespaces);
      for (const item of all) expect(item.data['.dockerconfigjson']).toBe(expected);
    } finally {
      await ensureApiServer();
      // Out of the project at once (deleting 200 namespaces takes the controller a while), so
      // later tests on this cluster do not see the project.
      kubectl([
        'label',
        'namespace',
        '-l',
        `pullkey.dev/project=${project}`,
        'pullkey.dev/project-',
      ]);
      kubectl(['delete', 'namespace', ...namespaces, '--wait=false', '--ignore-not-found']);
    }
  }, 300_000);
});
