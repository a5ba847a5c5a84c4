/**
 * What the benchmarks share (tests/bench/*.bench.ts): the context's client configuration, timing
 * helpers, the physical limit (one raw HTTPS GET), and a core on the test cluster with an invoke
 * that throws on an error result.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpsRequest, type Agent } from 'node:https';
import path from 'node:path';
import { KubeConfig, type CoreV1Api } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import { createCore, type CoreOptions } from '../../electron/core';
import type { Result } from '../../electron/core/api/contract';
import type { ClusterState } from '../cluster/state';
import { kubectlAsync } from './kubectl';

export function kubeConfigOf(state: ClusterState, context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(state.kubeconfig);
  kc.setCurrentContext(context);
  return kc;
}

/** kubectl on the context, its whole output read (lists of thousands of objects). */
export function benchKubectl(state: ClusterState, context: string) {
  const run = kubectlAsync(state, { context, maxBuffer: 512 * 1024 * 1024 });
  return (...args: string[]) => run(args);
}

/**
 * Seeds `count` namespaces named `nameOf(i)`, labelled `pullkey-bench=1` (one that exists is
 * kept), 32 at a time, each filled by `fill` once it is there.
 */
export async function seedBenchNamespaces(
  core: CoreV1Api,
  count: number,
  nameOf: (index: number) => string,
  fill: (namespace: string, index: number) => Promise<void>,
): Promise<void> {
  const limit = pLimit(32);
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      limit(async () => {
        const name = nameOf(index);
        await core
          .createNamespace({ body: { metadata: { name, labels: { 'pullkey-bench': '1' } } } })
          .catch(() => undefined);
        await fill(name, index);
      }),
    ),
  );
}

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
}

/**
 * The physical limit: one raw HTTPS GET of `apiPath` with the context's CA and credentials (no
 * kubectl process start), body read whole; resolves with its size in bytes. Node's global agent
 * keeps its connection unless `agent` is given.
 */
export async function rawGet(kc: KubeConfig, apiPath: string, agent?: Agent): Promise<number> {
  const cluster = kc.getCurrentCluster()!;
  const user = kc.getCurrentUser();
  const ca = cluster.caFile ? await readFile(cluster.caFile) : undefined;
  const clientCert =
    user?.certFile && user.keyFile
      ? { cert: await readFile(user.certFile), key: await readFile(user.keyFile) }
      : {};
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      new URL(`${cluster.server}${apiPath}`),
      {
        ca,
        ...(agent ? { agent } : {}),
        headers: {
          Accept: 'application/json',
          ...(user?.token ? { Authorization: `Bearer ${user.token}` } : {}),
        },
        ...clientCert,
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(bytes) : reject(new Error(`raw GET: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A core on the test cluster's kubeconfig (settings in the run dir) and a throwing invoke. */
export function benchCore(state: ClusterState, extra: Partial<CoreOptions> = {}) {
  const app = createCore({
    host: { name: 'bench', version: '0' },
    settingsDir: path.join(state.runDir, 'bench-settings'),
    kubeconfig: [state.kubeconfig],
    watchKubeconfig: false,
    ...extra,
  });
  const invoke = async <T>(channel: string, input?: unknown): Promise<T> => {
    const result = (await app.router.handle(channel, input)) as Result<T>;
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  return { app, invoke };
}

/** `registries:create` of a project registry (PullKey's project kind) for bench.example.com. */
export function projectRegistryInput(
  context: string,
  project: string,
  name: string,
  operationId: string,
) {
  return {
    context,
    operationId,
    name,
    scope: { kind: 'project', project, projectKind: 'pullkey' },
    host: 'bench.example.com',
    username: 'u',
    password: 'p',
    skipVerify: true,
  };
}

/** Writes tests/bench/results/<name>.json and prints where, with what was met. */
export async function writeResults(name: string, results: { met: unknown }) {
  const out = path.resolve(import.meta.dirname, `../bench/results/${name}.json`);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults: ${out}\n${JSON.stringify(results.met)}`);
}

/** Runs a benchmark's main; the process exits 0 when it is done, 1 (after the error) when not. */
export function runMain(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
