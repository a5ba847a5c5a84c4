import { execFileSync } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { ClusterState } from '../cluster/state';
import { clusterState, invoke, invokeRaw, startCore, tempDir, writeJson } from './cluster-core';
import { kubectlSync } from '../kit/kubectl';

let state: ClusterState;
const cores: Core[] = [];
async function core(kubeconfig: string[], watch = false) {
  const created = await startCore(kubeconfig, watch);
  cores.push(created);
  return created;
}

const kubectl = (context: string, ...args: string[]) => kubectlSync(state, { context })(args);

beforeAll(() => {
  state = clusterState();
});
afterAll(async () => {
  await Promise.all(cores.map((created) => created.close()));
});

describe('contexts on the real control plane', () => {
  it('connects the seeded contexts, each reporting the real server version', async () => {
    const app = await core([state.kubeconfig]);
    for (const context of ['alpha-admin', 'alpha-dev', 'beta-admin', 'alpha-exec']) {
      const status = await invoke(app, 'cluster:status', { context });
      expect(status, context).toMatchObject({
        reachable: true,
        version: state.kubernetesVersion,
        error: null,
      });
    }
  });

  it('merges two kubeconfig files with kubectl’s rules, relative CA paths included', async () => {
    const dir = await tempDir();
    await copyFile(state.clusters.alpha.caFile, path.join(dir, 'alpha-ca.crt'));
    const first = await writeJson(path.join(dir, 'first.json'), {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'alpha',
          cluster: { server: state.clusters.alpha.server, 'certificate-authority': 'alpha-ca.crt' },
        },
      ],
      users: [{ name: 'admin', user: { token: state.clusters.alpha.adminToken } }],
      contexts: [{ name: 'work', context: { cluster: 'alpha', user: 'admin' } }],
    });
    const second = await writeJson(path.join(dir, 'second.json'), {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'other',
      clusters: [{ name: 'alpha', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'admin', user: { token: 'ignored' } }],
      contexts: [
        { name: 'work', context: { cluster: 'beta', user: 'admin' } },
        { name: 'other', context: { cluster: 'alpha', user: 'admin', namespace: 'sandbox' } },
      ],
    });
    const app = await core([first, second]);
    const list = await invoke(app, 'contexts:list');
    expect(list.contexts.map((context) => [context.name, context.source, context.current])).toEqual(
      [
        ['other', second, true],
        ['work', first, false],
      ],
    );
    expect(list.problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('cluster "alpha" is already defined'),
      expect.stringContaining('user "admin" is already defined'),
      expect.stringContaining('context "work" is already defined'),
    ]);
    // "work" uses the first file's cluster (alpha) with its relative CA, and the first user.
    await expect(invoke(app, 'cluster:status', { context: 'work' })).resolves.toMatchObject({
      version: state.kubernetesVersion,
    });
    // "other" comes from the second file but uses cluster "alpha" of the FIRST file.
    await expect(invoke(app, 'cluster:status', { context: 'other' })).resolves.toMatchObject({
      version: state.kubernetesVersion,
    });
  });

  it('shows a context added to a watched file within a second, without restart', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'config.json');
    const config = JSON.parse(execFileSync('cat', [state.kubeconfig], { encoding: 'utf8' })) as {
      contexts: Array<{ name: string; context: Record<string, string> }>;
    };
    await writeJson(file, config);
    const app = await core([file], true);
    await invoke(app, 'contexts:list');
    const events: string[][] = [];
    app.events.listen((event, payload) => {
      if (event === 'contexts:changed')
        events.push((payload as { contexts: Array<{ name: string }> }).contexts.map((c) => c.name));
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    config.contexts.push({
      name: 'added-later',
      context: { cluster: 'alpha', user: 'alpha-admin' },
    });
    await writeJson(file, config);
    await expect
      .poll(() => events.at(-1)?.includes('added-later'), { timeout: 1_000, interval: 20 })
      .toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('namespaces, permissions and projects', () => {
  it('lists every namespace for the admin, with the Rancher projects', async () => {
    const app = await core([state.kubeconfig]);
    const list = await invoke(app, 'namespaces:list', { context: 'alpha-admin' });
    expect(list.scope).toBe('cluster');
    expect(list.namespaces.map((namespace) => namespace.name)).toEqual(
      expect.arrayContaining(['default', 'sandbox', 'team1-dev', 'team1-staging', 'team2-app']),
    );
    expect(list.projects).toEqual(
      expect.arrayContaining([
        {
          kind: 'rancher',
          id: 'p-team1',
          clusterId: 'c-alpha',
          namespaces: ['team1-dev', 'team1-staging'],
        },
        { kind: 'rancher', id: 'p-team2', clusterId: 'c-alpha', namespaces: ['team2-app'] },
      ]),
    );
    const sandbox = list.namespaces.find((namespace) => namespace.name === 'sandbox')!;
    expect(sandbox.access).toEqual({
      secrets: { list: true, create: true, update: true },
      deployments: { create: true, update: true },
    });
  });

  it('knows what alpha-dev may do: edit team1-*, not team2-app', async () => {
    const app = await core([state.kubeconfig]);
    const first = await invoke(app, 'namespaces:list', { context: 'alpha-dev' });
    expect(first.scope).toBe('partial');
    expect(first.note).toMatch(/may not list all namespaces/);
    expect(first.namespaces.map((namespace) => namespace.name)).toContain('team1-dev');
    await invoke(app, 'namespaces:remember', { context: 'alpha-dev', namespace: 'team1-staging' });
    const list = await invoke(app, 'namespaces:remember', {
      context: 'alpha-dev',
      namespace: 'team2-app',
    });
    const access = Object.fromEntries(
      list.namespaces.map((namespace) => [namespace.name, namespace.access]),
    );
    for (const name of ['team1-dev', 'team1-staging']) {
      expect(access[name], name).toEqual({
        secrets: { list: true, create: true, update: true },
        deployments: { create: true, update: true },
      });
    }
    expect(access['team2-app']).toEqual({
      secrets: { list: false, create: false, update: false },
      deployments: { create: false, update: false },
    });
    // Independent check with kubectl.
    expect(
      kubectl('alpha-dev', 'auth', 'can-i', 'create', 'secrets', '-n', 'team1-staging').trim(),
    ).toBe('yes');
    expect(() =>
      kubectl('alpha-dev', 'auth', 'can-i', 'create', 'secrets', '-n', 'team2-app'),
    ).toThrow();
  });

  it('creates, renames and dissolves a PullKey project, live, and reports 403 per namespace', async () => {
    const app = await core([state.kubeconfig]);
    await invoke(app, 'namespaces:list', { context: 'alpha-admin' });
    const pushed: string[][] = [];
    app.events.listen((event, payload) => {
      if (event === 'namespaces:changed') {
        const list = payload as { projects: Array<{ kind: string; id: string }> };
        pushed.push(
          list.projects
            // Other files' projects may exist on the shared cluster meanwhile: only this test's.
            .filter((project) => project.kind === 'pullkey' && project.id.startsWith('it-'))
            .map((project) => project.id),
        );
      }
    });

    const created = await invoke(app, 'projects:create', {
      context: 'alpha-admin',
      name: 'it-web',
      namespaces: ['sandbox', 'team2-app'],
    });
    expect(created.results).toEqual([
      { namespace: 'sandbox', outcome: 'updated' },
      { namespace: 'team2-app', outcome: 'updated' },
    ]);
    expect(
      kubectl('alpha-admin', 'get', 'ns', '-l', 'pullkey.dev/project=it-web', '-o', 'name')
        .trim()
        .split('\n'),
    ).toEqual(['namespace/sandbox', 'namespace/team2-app']);
    await expect.poll(() => pushed.at(-1), { timeout: 2_000 }).toEqual(['it-web']);

    const renamed = await invoke(app, 'projects:rename', {
      context: 'alpha-admin',
      from: 'it-web',
      to: 'it-site',
    });
    expect(renamed.results.map((result) => result.outcome)).toEqual(['updated', 'updated']);
    const dissolved = await invoke(app, 'projects:dissolve', {
      context: 'alpha-admin',
      name: 'it-site',
    });
    expect(dissolved.results.map((result) => result.outcome)).toEqual(['updated', 'updated']);
    expect(
      kubectl(
        'alpha-admin',
        'get',
        'ns',
        '-l',
        'pullkey.dev/project in (it-web,it-site)',
        '-o',
        'name',
      ).trim(),
    ).toBe('');

    // alpha-dev may not label namespaces at all: every namespace reports forbidden.
    const dev = await invoke(app, 'projects:create', {
      context: 'alpha-dev',
      name: 'dev-try',
      namespaces: ['team1-dev', 'team2-app'],
    });
    expect(dev.results.map((result) => result.outcome)).toEqual(['forbidden', 'forbidden']);
  });

  it('sees a namespace created and deleted with kubectl appear and disappear live', async () => {
    const app = await core([state.kubeconfig]);
    await invoke(app, 'namespaces:list', { context: 'beta-admin' });
    let latest: string[] = [];
    app.events.listen((event, payload) => {
      if (event === 'namespaces:changed')
        latest = (payload as { namespaces: Array<{ name: string }> }).namespaces.map((n) => n.name);
    });
    kubectl('beta-admin', 'create', 'namespace', 'it-live');
    await expect.poll(() => latest.includes('it-live'), { timeout: 3_000 }).toBe(true);
    kubectl('beta-admin', 'delete', 'namespace', 'it-live', '--wait=true', '--timeout=60s');
    await expect.poll(() => latest.includes('it-live'), { timeout: 10_000 }).toBe(false);
  });
});

describe('authentication', () => {
  it('runs a slow exec plugin off the event loop: other calls keep answering in under 50 ms', async () => {
    process.env.PULLKEY_EXEC_DELAY_MS = '2000';
    try {
      const app = await core([state.kubeconfig]);
      await invoke(app, 'contexts:list');
      const started = Date.now();
      const status = invoke(app, 'cluster:status', { context: 'alpha-exec' });
      const latencies: number[] = [];
      while (Date.now() - started < 1_800) {
        const t0 = performance.now();
        await invoke(app, 'contexts:list');
        latencies.push(performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await expect(status).resolves.toMatchObject({ version: state.kubernetesVersion });
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
      const worst = Math.max(...latencies);
      console.log(
        `exec plugin 2 s: ${latencies.length} contexts:list calls meanwhile, worst ${worst.toFixed(1)} ms`,
      );
      // Not blocked for the plugin's 2 s: the 50 ms target itself is measured in tests/bench (exec.bench.ts).
      expect(worst).toBeLessThan(1_000);
    } finally {
      delete process.env.PULLKEY_EXEC_DELAY_MS;
    }
  });

  it('tells each connection failure apart in plain words', async () => {
    const dir = await tempDir();
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const alpha = state.clusters.alpha;
    const file = await writeJson(path.join(dir, 'broken.json'), {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'ok', cluster: { server: alpha.server, 'certificate-authority': alpha.caFile } },
        { name: 'closed', cluster: { server: `https://127.0.0.1:${closedPort}` } },
        { name: 'untrusted', cluster: { server: alpha.server } },
      ],
      users: [
        { name: 'bad-token', user: { token: 'not-a-token' } },
        { name: 'dev', user: { token: alpha.devToken } },
        {
          name: 'no-plugin',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: 'pullkey-no-such-plugin',
            },
          },
        },
        {
          name: 'failing-plugin',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: state.execPlugin,
              env: [{ name: 'PULLKEY_EXEC_FAIL', value: '1' }],
            },
          },
        },
      ],
      contexts: [
        { name: 'unreachable', context: { cluster: 'closed', user: 'dev' } },
        { name: 'tls', context: { cluster: 'untrusted', user: 'dev' } },
        { name: 'unauthorized', context: { cluster: 'ok', user: 'bad-token' } },
        { name: 'forbidden', context: { cluster: 'ok', user: 'dev', namespace: 'team2-app' } },
        { name: 'plugin-missing', context: { cluster: 'ok', user: 'no-plugin' } },
        { name: 'plugin-fails', context: { cluster: 'ok', user: 'failing-plugin' } },
      ],
    });
    await writeFile(path.join(dir, 'unused'), '');
    const app = await core([file]);
    const errorOf = async (context: string) =>
      (await invoke(app, 'cluster:status', { context })).error;

    expect(await errorOf('unreachable')).toMatchObject({
      code: 'CLUSTER_UNREACHABLE',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    expect(await errorOf('tls')).toMatchObject({ code: 'CLUSTER_TLS' });
    expect(await errorOf('unauthorized')).toMatchObject({
      code: 'CLUSTER_UNAUTHORIZED',
      message: expect.stringContaining('401'),
    });
    expect(await errorOf('plugin-missing')).toMatchObject({
      code: 'AUTH_PLUGIN_NOT_FOUND',
      message: expect.stringContaining('"pullkey-no-such-plugin"'),
    });
    expect(await errorOf('plugin-fails')).toMatchObject({ code: 'AUTH_PLUGIN_FAILED' });

    // 403: the dev user may read its namespace list no further than its roles allow.
    const session = await app.clusters.session('forbidden');
    await expect(
      session.call(() => session.core.listNamespacedSecret({ namespace: 'team2-app' })),
    ).rejects.toMatchObject({
      code: 'CLUSTER_FORBIDDEN',
      message: expect.stringContaining('cannot list resource "secrets"'),
    });
    const raw = await invokeRaw(app, 'cluster:status', { context: 'nope' });
    expect(raw).toMatchObject({ ok: false, error: { code: 'CONTEXT_NOT_FOUND' } });
  });
});
