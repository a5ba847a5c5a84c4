/**
 * Cancel of a delete and of a sync in the middle, on the real test cluster behind the latency
 * proxy (tests/cluster/faults.ts), with a 20-namespace PullKey project: Cancel is asked through
 * `registries:cancel` when the first namespace is done, while the other writes are still on the
 * slow wire. Those under way finish; those not started are reported "cancelled" and kubectl
 * shows them untouched; a cancel after the end changes nothing and the next run completes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../electron/core';
import type { RegistryCopy, WriteReport, WriteResult } from '../../electron/core/api/contract';
import { startLatencyProxy, type LatencyProxy } from '../cluster/faults';
import type { ClusterState } from '../cluster/state';
import { clusterState, invoke, startCore, tempDir, writeJson } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';
import { projectNamespacesList } from '../cluster/manifests';
import { kubectlSync, secretHolders } from '../kit/kubectl';
import { registryUser } from '../kit/manifests';

const CONTEXT = 'alpha-admin';
/** The write kit runs 16 namespaces at once: 20 leave 4 waiting when Cancel lands. */
const COUNT = 20;
const DELAY_MS = 60;
const id = Date.now().toString(36);
const project = `cx-${id}`;
const namespaces = Array.from(
  { length: COUNT },
  (_, at) => `${project}-${String(at).padStart(2, '0')}`,
);

let state: ClusterState;
/** The core, its alpha API server behind the latency proxy (no delay outside the cancelled runs). */
let app: Core;
let proxy: LatencyProxy;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${id}-${++seq}`;

const kubectl = kubectlSync(() => state, { context: CONTEXT, timeoutMs: 120_000 });
/** The namespaces holding a secret of that name, per kubectl. */
const holders = (name: string) => secretHolders(kubectl, name);
const where = (results: WriteResult[], outcome: string) =>
  results
    .filter((result) => result.outcome === outcome)
    .map((result) => result.namespace)
    .sort();

/** The references a delete or a sync takes of the copies listed (each at the version read). */
const copyRefs = (copies: RegistryCopy[]) =>
  copies.map(({ namespace, name, uid, resourceVersion }) => ({
    namespace,
    name,
    uid,
    resourceVersion,
  }));

async function createRegistry(name: string, only?: string[]) {
  const login = registryUser(state.registries.basic);
  const report = await invoke(app, 'registries:create', {
    context: CONTEXT,
    operationId: unique('op-create'),
    name,
    scope: { kind: 'project', project, projectKind: 'pullkey' },
    host: state.registries.basic.host,
    username: login.username,
    password: login.password,
    skipVerify: true,
    ...(only ? { onlyNamespaces: only } : {}),
  });
  expect(where(report.results, 'created')).toEqual(only ?? namespaces);
}

async function groupOf(core: Core, name: string) {
  const list = await invoke(core, 'registries:list', { context: CONTEXT, refresh: true });
  const group = list.groups.find((each) => each.name === name && each.scope.kind === 'project');
  if (!group) throw new Error(`no project registry ${name}`);
  return group;
}

interface CancelledRun {
  report: WriteReport;
  answer: unknown;
  firstMs: number;
  totalMs: number;
}

/**
 * Runs `request` and cancels it (through the router, from the progress event) when its first
 * namespace is done. Returns the report, the cancel's answer and the timings.
 */
async function cancelledAtFirst(
  operationId: string,
  request: () => Promise<WriteReport>,
): Promise<CancelledRun> {
  const asked: { answer?: Promise<unknown> } = {};
  let firstAt = 0;
  const started = Date.now();
  const stop = app.events.listen((event, payload) => {
    if (event !== 'registries:progress' || asked.answer) return;
    if ((payload as { operationId: string }).operationId !== operationId) return;
    firstAt = Date.now();
    asked.answer = invoke(app, 'registries:cancel', { operationId });
  });
  try {
    const report = await request();
    return {
      report,
      answer: await asked.answer,
      firstMs: firstAt - started,
      totalMs: Date.now() - started,
    };
  } finally {
    stop();
  }
}

/**
 * A run cancelled at its first namespace, checked: the cancel was taken, every namespace of
 * `expected` has an outcome, and each cancelled one names the context and the registry `name`.
 * Returns the namespaces `done` (deleted or created) and those cancelled.
 */
function cancelledRunOutcomes(
  run: CancelledRun,
  done: 'deleted' | 'created',
  expected: string[],
  name: string,
) {
  expect(run.answer).toEqual({ cancelled: true });
  expect(run.report.results.map((result) => result.namespace).sort()).toEqual(expected);
  for (const result of run.report.results.filter((each) => each.outcome === 'cancelled'))
    expect(result).toMatchObject({
      context: CONTEXT,
      name,
      message: 'cancelled before it started',
    });
  return {
    done: where(run.report.results, done),
    cancelled: where(run.report.results, 'cancelled'),
  };
}

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  kubectl(['apply', '-f', '-'], JSON.stringify(projectNamespacesList(project, namespaces)));
  // Cluster alpha behind the latency proxy (same CA: the serving certificate names 127.0.0.1).
  proxy = await startLatencyProxy(state.clusters.alpha.server, 0);
  const kubeconfig = JSON.parse(await readFile(state.kubeconfig, 'utf8')) as {
    clusters: Array<{ name: string; cluster: { server: string } }>;
  };
  for (const cluster of kubeconfig.clusters)
    if (cluster.name === 'alpha') cluster.cluster.server = proxy.server;
  app = await startCore([await writeJson(path.join(await tempDir(), 'kubeconfig'), kubeconfig)]);
  await vi.waitFor(
    async () => {
      const list = await invoke(app, 'namespaces:list', { context: CONTEXT, refresh: true });
      expect(list.namespaces.filter((ns) => ns.name.startsWith(`${project}-`))).toHaveLength(COUNT);
    },
    { timeout: 30_000, interval: 500 },
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
  await proxy?.close();
  if (!state) return;
  // Out of the project at once (the namespace controller takes a while to delete them).
  kubectl(['label', 'namespace', '-l', `pullkey.dev/project=${project}`, 'pullkey.dev/project-']);
  kubectl(['delete', 'namespace', ...namespaces, '--wait=false', '--ignore-not-found']);
});

describe('Cancel in the middle of a 20-namespace write, behind a slow network', () => {
  it('a delete: 16 under way are deleted, the 4 waiting stay and are reported "cancelled"', async () => {
    const name = unique('del');
    await createRegistry(name);
    const group = await groupOf(app, name);
    const copies = copyRefs(group.copies);
    expect(copies).toHaveLength(COUNT);

    proxy.setDelay(DELAY_MS);
    const operationId = unique('op-del');
    const run = await cancelledAtFirst(operationId, () =>
      invoke(app, 'registries:delete', { context: CONTEXT, operationId, copies }),
    );
    proxy.setDelay(0);
    const { report } = run;
    console.log(
      `[cancel] delete of ${COUNT} behind ${DELAY_MS} ms: first done after ${run.firstMs} ms, cancelled run ended after ${run.totalMs} ms: ${where(report.results, 'deleted').length} deleted, ${where(report.results, 'cancelled').length} cancelled`,
    );
    // Every copy has an outcome, each one named.
    const { done: deleted, cancelled } = cancelledRunOutcomes(run, 'deleted', namespaces, name);
    expect(deleted).toHaveLength(16);
    expect(cancelled).toHaveLength(4);
    // kubectl: the cancelled copies are still there, the deleted ones are gone.
    expect(holders(name)).toEqual(cancelled);

    // A cancel after the end changes nothing; the next delete (the copies left) completes.
    await invoke(app, 'registries:cancel', { operationId });
    const rest = copyRefs((await groupOf(app, name)).copies);
    expect(rest.map((copy) => copy.namespace).sort()).toEqual(cancelled);
    const again = await invoke(app, 'registries:delete', {
      context: CONTEXT,
      operationId: unique('op-del'),
      copies: rest,
    });
    expect(where(again.results, 'deleted')).toEqual(cancelled);
    expect(holders(name)).toEqual([]);
  }, 180_000);

  it('a sync: 16 copies under way are created, the 2 waiting namespaces stay without one', async () => {
    const name = unique('sync');
    // Chosen for two namespaces only: the 18 others count as joined since, created when confirmed.
    const chosen = namespaces.slice(0, 2);
    const joined = namespaces.slice(2);
    await createRegistry(name, chosen);
    const group = await groupOf(app, name);
    expect(group.sync?.joined?.sort()).toEqual(joined);
    const input = {
      context: CONTEXT,
      name,
      project,
      projectKind: 'pullkey' as const,
      confirmJoined: joined,
      copies: copyRefs(group.copies),
    };

    proxy.setDelay(DELAY_MS);
    const operationId = unique('op-sync');
    const run = await cancelledAtFirst(operationId, () =>
      invoke(app, 'registries:sync', { ...input, operationId }),
    );
    proxy.setDelay(0);
    const { report } = run;
    console.log(
      `[cancel] sync creating ${joined.length} copies behind ${DELAY_MS} ms: first done after ${run.firstMs} ms, cancelled run ended after ${run.totalMs} ms: ${where(report.results, 'created').length} created, ${where(report.results, 'cancelled').length} cancelled`,
    );
    const { done: created, cancelled } = cancelledRunOutcomes(run, 'created', joined, name);
    expect(created).toHaveLength(16);
    expect(cancelled).toHaveLength(2);
    expect(holders(name)).toEqual([...chosen, ...created].sort());
    // The list says what is left to do: the cancelled namespaces are still missing a copy.
    const after = await groupOf(app, name);
    expect(after.sync?.missing.sort()).toEqual(cancelled);

    // A cancel after the end changes nothing; syncing again completes the project.
    await invoke(app, 'registries:cancel', { operationId });
    const again = await invoke(app, 'registries:sync', {
      ...input,
      operationId: unique('op-sync'),
      copies: copyRefs(after.copies),
    });
    expect(where(again.results, 'created')).toEqual(cancelled);
    expect(holders(name)).toEqual(namespaces);
  }, 180_000);
});
