/**
 * A project registry kept by External Secrets (issue 22) against PullKey's laptop write, in the
 * same run, on cluster alpha (the one with ESO; npm run bench -- in-cluster):
 *  - 200 namespaces: from the opt-in write (`inCluster:keep`) until the open view says every
 *    namespace holds a Ready copy (checked with kubectl), vs `registries:create` of a project
 *    registry in the same 200 namespaces
 *  - an ESO object's change → the `inCluster:changed` push: a child ExternalSecret's status
 *    patched (Ready=False, a new reason) and Sync now's force-sync annotation set with kubectl
 * The namespaces are deleted while ESO runs (its ces-* finalizers) and the time is reported.
 * Writes tests/bench/results/in-cluster.json. Not a test: it prints figures and ratios.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { CoreV1Api } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { InClusterView, KeptRegistry, WriteReport } from '../../electron/core/api/contract';
import { readClusterState } from '../cluster/state';
import * as bench from '../kit/bench';
import { dockerRegistrySecretArgs, keptProjectCleanupArgs } from '../kit/manifests';

const CONTEXT = 'alpha-admin';
const NAMESPACES = Number(process.env.BENCH_ESO_NAMESPACES ?? 200);
const PROBES = 5;
const state = readClusterState();
const id = Date.now().toString(36);
const project = `esob-${id}`;
const sourceNamespace = `esob-src-${id}`;
const members = Array.from({ length: NAMESPACES }, (_, i) => `esob-${id}-${i}`);
const kept = 'esoreg';
const laptop = 'laptopreg';

const core = bench.kubeConfigOf(state, CONTEXT).makeApiClient(CoreV1Api);
const kubectl = bench.benchKubectl(state, CONTEXT);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadavg = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(' ');

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>) {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(500);
  }
}

async function createNamespaces() {
  const limit = pLimit(16);
  await Promise.all(
    [sourceNamespace, ...members].map((name) =>
      limit(() => core.createNamespace({ body: { metadata: { name } } })),
    ),
  );
}

/** kubectl's count of Ready ExternalSecrets named `id` and of copies ESO owns. */
async function kubectlCounts(esId: string) {
  const es = JSON.parse(await kubectl('get', 'externalsecrets', '-A', '-o', 'json')) as {
    items: Array<{
      metadata: { name: string; namespace: string };
      status?: { conditions?: Array<{ type: string; status: string }> };
    }>;
  };
  const ready = es.items.filter(
    (item) =>
      item.metadata.name === esId &&
      item.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  ).length;
  const secrets = JSON.parse(
    await kubectl('get', 'secrets', '-A', '-l', `pullkey.dev/project=${project}`, '-o', 'json'),
  ) as {
    items: Array<{ metadata: { name: string; ownerReferences?: Array<{ kind: string }> } }>;
  };
  const owned = secrets.items.filter(
    (s) =>
      s.metadata.name === kept &&
      s.metadata.ownerReferences?.some((r) => r.kind === 'ExternalSecret'),
  ).length;
  return { ready, owned };
}

async function cleanUp() {
  const started = performance.now();
  // ESO must run: it removes its finalizers from the project's namespaces.
  for (const args of keptProjectCleanupArgs(project, '120s'))
    await kubectl(...args).catch((error: unknown) => console.error(error));
  await kubectl(
    'delete',
    'namespace',
    sourceNamespace,
    ...members,
    '--ignore-not-found',
    '--wait=false',
  );
  const left = await until('namespaces deleted', 600_000, async () => {
    const names = (await kubectl('get', 'namespaces', '-o', 'name'))
      .split('\n')
      .filter((line) => line.includes(`esob-${id}`) || line.includes(sourceNamespace));
    return names.length === 0 ? 0 : null;
  }).catch(() => -1);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    left === 0
      ? `clean-up: ${NAMESPACES + 1} namespaces gone in ${seconds.toFixed(1)} s (ESO running)`
      : `clean-up: namespaces still there after ${seconds.toFixed(0)} s`,
  );
  return { seconds, complete: left === 0 };
}

async function main() {
  const cluster = state.clusters.alpha;
  if (!state.eso || !cluster) throw new Error('External Secrets Operator is not on cluster alpha');
  console.log(`load average ${loadavg()}; creating ${NAMESPACES} namespaces on ${CONTEXT}…`);
  await createNamespaces();
  const { app, invoke } = bench.benchCore(state, {
    inClusterStoreServer: (context) =>
      context.startsWith('alpha')
        ? { url: cluster.server, caPem: readFileSync(cluster.caFile, 'utf8') }
        : undefined,
  });
  const waitForView = (ok: (row: KeptRegistry) => boolean, timeoutMs: number) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`the view did not change within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = app.events.listen((event, payload) => {
        if (event !== 'inCluster:changed') return;
        const view = payload as InClusterView;
        const row = view.kept.find((k) => k.name === kept && k.project.id === project);
        if (row && ok(row)) {
          clearTimeout(timer);
          stop();
          resolve(performance.now());
        }
      });
    });

  try {
    await invoke('projects:create', { context: CONTEXT, name: project, namespaces: members });
    // The registry's one laptop copy, as PullKey writes it: ESO adopts it, writes the 199 others.
    const basic = state.registries.basic;
    await kubectl(...dockerRegistrySecretArgs(members[0]!, kept, basic.host, basic.users[0]!));
    await kubectl(
      'label',
      'secret',
      kept,
      '-n',
      members[0]!,
      'app.kubernetes.io/managed-by=pullkey',
      `pullkey.dev/project=${project}`,
    );
    await invoke('inCluster:open', { context: CONTEXT });

    // 1. Kept by ESO: the opt-in write until every namespace holds a Ready copy.
    const input = {
      context: CONTEXT,
      project: { kind: 'pullkey' as const, id: project },
      name: kept,
      sourceNamespace,
      refreshInterval: '1h',
    };
    const preview = await invoke<{ resourceVersion: string | null }>('inCluster:keep', {
      ...input,
      dryRun: true,
    });
    const allKept = waitForView(
      (row) => row.state === 'kept' && row.kept === NAMESPACES && row.total === NAMESPACES,
      600_000,
    );
    const keepStarted = performance.now();
    const [writeMs, written] = await bench.timed(() =>
      invoke<{ id: string }>('inCluster:keep', {
        ...input,
        resourceVersion: preview.resourceVersion ?? undefined,
      }),
    );
    const keptAt = await allKept;
    const esoMs = keptAt - keepStarted;
    const counts = await kubectlCounts(written.id);
    console.log(
      `kept by ESO: ${NAMESPACES}/${NAMESPACES} Ready copies ${(esoMs / 1000).toFixed(1)} s after the opt-in (its write ${writeMs.toFixed(0)} ms); kubectl: ${counts.ready} Ready ExternalSecrets, ${counts.owned} owned copies`,
    );

    // 2. The laptop write of a project registry in the same 200 namespaces.
    const [laptopMs, report] = await bench.timed(() =>
      invoke<WriteReport>(
        'registries:create',
        bench.projectRegistryInput(CONTEXT, project, laptop, 'bench-laptop'),
      ),
    );
    const created = report.results.filter((result) => result.outcome === 'created').length;
    console.log(
      `laptop write: ${created} copies in ${(laptopMs / 1000).toFixed(1)} s; ESO / laptop = ${(esoMs / laptopMs).toFixed(1)}×`,
    );

    // 3. An ESO object's change → the inCluster:changed push.
    const statusMs: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const namespace = members[(i * 37) % NAMESPACES]!;
      const reason = `BenchProbe${i}`;
      const seen = waitForView(
        (row) => row.namespaces.some((n) => n.namespace === namespace && n.reason === reason),
        10_000,
      ).catch(() => null);
      await kubectl(
        'patch',
        'externalsecret',
        written.id,
        '-n',
        namespace,
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({
          status: {
            conditions: [
              {
                type: 'Ready',
                status: 'False',
                reason,
                message: 'bench probe',
                lastTransitionTime: new Date().toISOString(),
              },
            ],
          },
        }),
      );
      const returnedAt = performance.now();
      const seenAt = await seen;
      if (seenAt === null) console.log(`  status ${i}: not seen (ESO rewrote it first?)`);
      else statusMs.push(Math.max(0, seenAt - returnedAt));
      if (seenAt !== null)
        console.log(`  status ${i}: pushed ${(seenAt - returnedAt).toFixed(0)} ms after kubectl`);
    }
    const syncMs: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const value = new Date(Date.now() + i).toISOString();
      const seen = waitForView((row) => row.syncRequestedAt === value, 10_000).catch(() => null);
      await kubectl(
        'annotate',
        'clusterexternalsecret',
        written.id,
        '--overwrite',
        `external-secrets.io/force-sync=${value}`,
      );
      const returnedAt = performance.now();
      const seenAt = await seen;
      if (seenAt !== null) syncMs.push(Math.max(0, seenAt - returnedAt));
      console.log(
        `  force-sync ${i}: ${seenAt === null ? 'not seen' : `pushed ${(seenAt - returnedAt).toFixed(0)} ms after kubectl`}`,
      );
      await sleep(300);
    }
    const statusMedian = statusMs.length ? bench.median(statusMs) : null;
    const syncMedian = syncMs.length ? bench.median(syncMs) : null;
    const allChanges = [...statusMs, ...syncMs];
    const maxMs = allChanges.length ? Math.max(...allChanges) : null;
    console.log(
      `status → view: median ${statusMedian?.toFixed(0)} ms (${statusMs.length}/${PROBES} seen), force-sync → view: median ${syncMedian?.toFixed(0)} ms (${syncMs.length}/${PROBES}); max ${maxMs?.toFixed(0)} ms (target ≤ 1 s); load average ${loadavg()}`,
    );
    await invoke('inCluster:close', { context: CONTEXT });
    await app.close();
    const cleanup = await cleanUp();

    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.versions.node, loadavg: os.loadavg() },
      scale: { namespaces: NAMESPACES },
      eso: {
        readyMs: esoMs,
        keepWriteMs: writeMs,
        kubectlReady: counts.ready,
        kubectlOwnedCopies: counts.owned,
      },
      laptop: { ms: laptopMs, created },
      ratioEsoToLaptop: esoMs / laptopMs,
      change: { statusMs, syncMs, statusMedianMs: statusMedian, syncMedianMs: syncMedian, maxMs },
      cleanup,
      targets: { changeMsMax: 1000 },
      met: {
        allReady: counts.ready === NAMESPACES && counts.owned === NAMESPACES,
        change: maxMs !== null && maxMs <= 1000 && allChanges.length === 2 * PROBES,
        cleanup: cleanup.complete,
      },
    };
    await bench.writeResults('in-cluster', results);
  } catch (error) {
    await app.close().catch(() => undefined);
    await cleanUp();
    throw error;
  }
}

bench.runMain(main);
