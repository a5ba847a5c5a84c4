/**
 * The Pull doctor against the real test cluster: workloads made with kubectl (not PullKey) whose
 * image needs credentials they lack show up with the right diagnosis; a running workload whose
 * pull secret is deleted is listed as a latent problem; a restricted user is served from
 * per-namespace watches; the summary never contacts an exec-plugin context not in use.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { PullsView } from '../../electron/core/api/contract';
import type { ClusterState } from '../cluster/state';
import { clusterState, invoke, startCore } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';

const run = promisify(execFile);
let state: ClusterState;
let app: Core;
const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const suffix = Date.now().toString(36);
const made: string[][] = [];

async function kubectl(args: string[], input?: string, context = CONTEXT): Promise<string> {
  const child = run(state.kubectl, [
    '--kubeconfig',
    state.kubeconfig,
    '--context',
    context,
    ...args,
  ]);
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return (await child).stdout;
}

/** Opens the Pulls view of a context and waits until `done(view)` holds. */
async function pullsUntil(context: string, done: (view: PullsView) => boolean, what: string) {
  let last: PullsView | null = null;
  let stop: () => void = () => undefined;
  const reached = new Promise<PullsView>((resolve) => {
    stop = app.events.listen((event, payload) => {
      const view = payload as PullsView;
      if (event !== 'pulls:changed' || view.context !== context) return;
      last = view;
      if (done(view)) resolve(view);
    });
  });
  try {
    const first = await invoke(app, 'pulls:open', { context });
    last = first;
    if (done(first)) return first;
    return await Promise.race([
      reached,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`${what} not reached: ${JSON.stringify(last).slice(0, 2000)}`)),
          45_000,
        ),
      ),
    ]);
  } finally {
    stop();
  }
}

beforeAll(() => {
  requirePrivateKeyring();
  state = clusterState();
});
beforeAll(async () => {
  app = await startCore([state.kubeconfig]);
});
afterAll(async () => {
  for (const args of made.reverse())
    await kubectl(['delete', '--ignore-not-found', '--wait=false', '-n', NAMESPACE, ...args]).catch(
      () => undefined,
    );
  await app?.close();
});

describe('Pull doctor', () => {
  it('lists a kubectl Deployment whose image needs credentials it lacks, with the diagnosis', async () => {
    const name = `nocred-${suffix}`;
    const image = `${state.registries.basic.host}/team/hello:1.0`;
    await kubectl(['create', 'deployment', name, '-n', NAMESPACE, `--image=${image}`]);
    made.push(['deployment', name]);
    const view = await pullsUntil(
      CONTEXT,
      (current) => current.failing.some((item) => item.name === name),
      'failing deployment',
    );
    const item = view.failing.find((candidate) => candidate.name === name)!;
    expect(item).toMatchObject({
      kind: 'Deployment',
      namespace: NAMESPACE,
      containers: [expect.objectContaining({ image })],
      diagnosis: { kind: 'no-credentials', host: state.registries.basic.host },
    });
    expect(item.pods).toHaveLength(1);
    expect(item.pods[0]).toMatch(new RegExp(`^${name}-`));
    expect(view.scope).toBe('cluster');
    expect(view.freshness.state).toBe('live');

    const detail = await invoke(app, 'pulls:detail', {
      context: CONTEXT,
      namespace: NAMESPACE,
      kind: 'Deployment',
      name,
    });
    expect(detail.sources).toMatchObject({ serviceAccount: 'default', imagePullSecrets: [] });
    expect(detail.report).toContain(`Deployment ${NAMESPACE}/${name}`);
    for (const user of state.registries.basic.users)
      expect(detail.report).not.toContain(user.password);
  });

  it('lists a running workload whose pull secret was deleted under latent problems', async () => {
    const name = `latent-${suffix}`;
    const secret = `latent-cred-${suffix}`;
    const registry = state.registries.basic;
    const alice = registry.users.find((user) => user.username === 'alice')!;
    await kubectl([
      'create',
      'secret',
      'docker-registry',
      secret,
      '-n',
      NAMESPACE,
      `--docker-server=${registry.host}`,
      `--docker-username=${alice.username}`,
      `--docker-password=${alice.password}`,
    ]);
    made.push(['secret', secret]);
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: NAMESPACE },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            imagePullSecrets: [{ name: secret }],
            containers: [{ name: 'app', image: `${registry.host}/team/hello:1.0` }],
          },
        },
      },
    };
    await kubectl(['apply', '-f', '-'], JSON.stringify(manifest));
    made.push(['deployment', name]);
    await kubectl([
      'wait',
      '-n',
      NAMESPACE,
      `deployment/${name}`,
      '--for=condition=Available',
      '--timeout=60s',
    ]);
    const before = await invoke(app, 'pulls:open', { context: CONTEXT });
    expect(before.latent.some((item) => item.name === name)).toBe(false);

    await kubectl(['delete', 'secret', secret, '-n', NAMESPACE]);
    const view = await pullsUntil(
      CONTEXT,
      (current) => current.latent.some((item) => item.name === name),
      'latent deployment',
    );
    const item = view.latent.find((candidate) => candidate.name === name)!;
    expect(item).toMatchObject({ kind: 'Deployment', missingSecrets: [secret] });
    expect(item.message).toMatch(/^will fail when rescheduled/);
    expect(view.reverifyNote).toContain(state.kubernetesVersion);
    expect(view.failing.some((candidate) => candidate.name === name)).toBe(false);
  });

  it('serves a user who may not list pods cluster-wide from per-namespace watches', async () => {
    const view = await invoke(app, 'pulls:open', { context: 'alpha-dev' });
    expect(view.scope).toBe('namespaces');
    expect(view.namespaces).toBeGreaterThan(0);
    await invoke(app, 'pulls:close', { context: 'alpha-dev' });
  });

  it('summarises every context without contacting the exec-plugin context not in use', async () => {
    const summary = await invoke(app, 'pulls:summary', {});
    const byName = new Map(summary.map((entry) => [entry.context, entry]));
    expect(byName.get('alpha-exec')).toMatchObject({ state: 'not-checked' });
    expect(byName.get(CONTEXT)).toMatchObject({ state: 'checked' });
    expect(byName.get(CONTEXT)!.failing).toBeGreaterThan(0);
    expect(byName.get('beta-admin')).toMatchObject({ state: 'checked' });
  });
});
