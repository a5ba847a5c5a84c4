// Fault controls for the running test cluster (started by up.ts), for fault-injection tests:
//
//   stop / start / restart one kube-apiserver (same port, same etcd, same flags),
//   compact etcd (its JSON gateway, POST /v3/kv/compaction),
//   a loopback TCP latency proxy in front of an API server (with "drop every connection"),
//   stop / start External Secrets Operator (the "engine not reconciling" state).
//
// From TypeScript: import { stopApiServer, startApiServer, compactEtcd, startLatencyProxy } from
// '../cluster/faults.ts'. From a shell (Node 24 runs .ts directly):
//
//   node tests/cluster/faults.ts stop-apiserver alpha
//   node tests/cluster/faults.ts start-apiserver alpha
//   node tests/cluster/faults.ts restart-apiserver alpha [down-seconds]
//   node tests/cluster/faults.ts compact-etcd
//   node tests/cluster/faults.ts proxy alpha <delay-ms>       (runs until Ctrl-C)
//   node tests/cluster/faults.ts stop-eso | start-eso
//
// The API server's command line is read from /proc/<pid>/cmdline when it is stopped and kept in
// <runDir>/kube-apiserver-<cluster>.argv.json, so it restarts with exactly the same flags; the new
// pid goes into cluster.json, so cluster:down still stops it. Node built-ins only.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The few fields of cluster.json (type ClusterState in state.ts) used here. state.ts is not
// imported so that Vitest/tsc (no .ts import extensions) and plain Node can both load this file.
interface ClusterState {
  runDir: string;
  clusters: Record<string, { server: string; caFile: string; adminToken: string }>;
  pids: Record<string, number>;
  eso?: { pid: number; process: string; command: string[]; log: string; kubeconfig: string; healthAddr: string; env?: Record<string, string> } | null;
}
const stateFile = join(dirname(fileURLToPath(import.meta.url)), '.state', 'cluster.json');
function readClusterState(file: string = process.env.PULLKEY_CLUSTER_STATE ?? stateFile): ClusterState {
  if (!existsSync(file)) throw new Error(`No test cluster: ${file} does not exist. Run \`npm run cluster:up\` first.`);
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
}
/** True when the process exists and is not a zombie (as state.ts processAlive). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

export type ClusterName = 'alpha' | 'beta';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function cmdline(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
}

/** Records a new pid in cluster.json, keeping every other field as it was. */
function writePid(file: string, name: string, pid: number): void {
  const full = JSON.parse(readFileSync(file, 'utf8')) as { pids: Record<string, number>; eso?: { process: string; pid: number } | null };
  full.pids[name] = pid;
  if (full.eso?.process === name) full.eso.pid = pid;
  writeFileSync(file, JSON.stringify(full, null, 2), { mode: 0o600 });
}

export interface Resp { status: number; body: string }
/** One HTTP(S) request to a cluster process (cluster:up's readiness GETs use it too). */
export function send(url: string, opts: { method?: string; body?: string; ca?: string; token?: string; timeoutMs?: number } = {}): Promise<Resp> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, {
      method: opts.method ?? 'GET',
      ca: opts.ca,
      headers: {
        ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body ? { 'Content-Type': 'application/json' } : {}),
      },
      timeout: opts.timeoutMs ?? 3000,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

const argvFile = (state: ClusterState, cluster: ClusterName): string => join(state.runDir, `kube-apiserver-${cluster}.argv.json`);

/** Kills one API server (SIGKILL: a crash, connections cut at once) and waits until it is gone. */
export async function stopApiServer(cluster: ClusterName, file: string = process.env.PULLKEY_CLUSTER_STATE ?? stateFile): Promise<{ pid: number }> {
  const state = readClusterState(file);
  const name = `kube-apiserver-${cluster}`;
  const pid = state.pids[name];
  if (!pid || !processAlive(pid)) throw new Error(`${name} is not running (pid ${pid})`);
  writeFileSync(argvFile(state, cluster), JSON.stringify(cmdline(pid)));
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  while (processAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`${name} (pid ${pid}) did not stop`);
    await sleep(50);
  }
  // The port is free once no socket listens on it.
  const port = Number(new URL(state.clusters[cluster]!.server).port);
  await waitUntil(`port ${port} closed`, 10_000, async () => !(await listening(port)));
  return { pid };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${last})` : ''}`);
}

/** Starts the API server again with the flags it had (same port, same etcd); waits for /readyz. */
export async function startApiServer(cluster: ClusterName, file: string = process.env.PULLKEY_CLUSTER_STATE ?? stateFile): Promise<{ pid: number; readyMs: number }> {
  const state = readClusterState(file);
  const name = `kube-apiserver-${cluster}`;
  const old = state.pids[name];
  if (old && processAlive(old)) throw new Error(`${name} is already running (pid ${old})`);
  if (!existsSync(argvFile(state, cluster))) throw new Error(`no saved command line for ${name}: stop it with stopApiServer first`);
  const [cmd, ...args] = JSON.parse(readFileSync(argvFile(state, cluster), 'utf8')) as string[];
  const started = Date.now();
  const out = openSync(join(state.runDir, 'logs', `${name}.log`), 'a');
  const child = spawn(cmd!, args, { detached: true, stdio: ['ignore', out, out] });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  child.unref();
  writePid(file, name, child.pid);
  const info = state.clusters[cluster]!;
  const ca = readFileSync(info.caFile, 'utf8');
  await waitUntil(`${name} /readyz`, 60_000, async () => {
    if (!processAlive(child.pid!)) throw new Error(`${name} exited; see ${join(state.runDir, 'logs', `${name}.log`)}`);
    return (await send(`${info.server}/readyz`, { ca, token: info.adminToken })).status === 200;
  });
  return { pid: child.pid, readyMs: Date.now() - started };
}

/**
 * Waits until the cluster's controllers act again after an API server restart or an etcd
 * compaction: the controller manager's informers relist with their own back-off (tens of seconds
 * on a loaded machine), and a test that runs next and waits for a controller's status write would
 * pay for the fault test before it. A throwaway StatefulSet of 0 replicas is made in `default`,
 * its first status write (observedGeneration 1) awaited, and it is deleted.
 */
export async function controllersBack(cluster: ClusterName, timeoutMs = 170_000, file: string = process.env.PULLKEY_CLUSTER_STATE ?? stateFile): Promise<{ ms: number }> {
  const state = readClusterState(file);
  const info = state.clusters[cluster]!;
  const ca = readFileSync(info.caFile, 'utf8');
  const started = Date.now();
  const name = `controllers-probe-${started.toString(36)}`;
  const base = `${info.server}/apis/apps/v1/namespaces/default/statefulsets`;
  const labels = { 'pullkey.dev/test-probe': 'controllers' };
  const probe = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, labels },
    spec: {
      replicas: 0, serviceName: name, selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'probe', image: 'registry.invalid/probe:0' }] } },
    },
  };
  const made = await send(base, { method: 'POST', body: JSON.stringify(probe), ca, token: info.adminToken });
  if (made.status !== 201) throw new Error(`controllers probe: HTTP ${made.status} ${made.body}`);
  try {
    await waitUntil(`the controller manager of ${cluster} writing a StatefulSet's status`, timeoutMs, async () => {
      const r = await send(`${base}/${name}`, { ca, token: info.adminToken });
      return r.status === 200 && (JSON.parse(r.body) as { status?: { observedGeneration?: number } }).status?.observedGeneration === 1;
    });
  } finally {
    await send(`${base}/${name}`, { method: 'DELETE', ca, token: info.adminToken }).catch(() => undefined);
  }
  return { ms: Date.now() - started };
}

/** stop, wait `downMs`, start. */
export async function restartApiServer(cluster: ClusterName, downMs: number, file?: string): Promise<{ pid: number; readyMs: number }> {
  await stopApiServer(cluster, file);
  await sleep(downMs);
  return startApiServer(cluster, file);
}

function etcdUrl(state: ClusterState): string {
  const pid = state.pids.etcd;
  if (!pid) throw new Error('no etcd pid in cluster.json');
  const argv = cmdline(pid);
  const at = argv.indexOf('--listen-client-urls');
  const url = at >= 0 ? argv[at + 1] : undefined;
  if (!url) throw new Error('etcd has no --listen-client-urls');
  return url.split(',')[0]!;
}

/**
 * Compacts etcd at its current revision (both clusters share it): every older resourceVersion
 * is gone, so a watch or list from one answers 410 Gone ("too old resource version").
 */
export async function compactEtcd(file: string = process.env.PULLKEY_CLUSTER_STATE ?? stateFile): Promise<{ revision: number }> {
  const state = readClusterState(file);
  const url = etcdUrl(state);
  const range = await send(`${url}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: Buffer.from('/').toString('base64'), limit: 1 }) });
  if (range.status !== 200) throw new Error(`etcd range: ${range.status} ${range.body}`);
  const revision = Number((JSON.parse(range.body) as { header: { revision: string } }).header.revision);
  const compaction = await send(`${url}/v3/kv/compaction`, { method: 'POST', body: JSON.stringify({ revision: String(revision), physical: true }), timeoutMs: 30_000 });
  if (compaction.status !== 200) throw new Error(`etcd compaction: ${compaction.status} ${compaction.body}`);
  return { revision };
}

export interface LatencyProxy {
  /** "127.0.0.1:<port>" and the https URL to use in place of the API server's. */
  port: number;
  server: string;
  /** Delay added to every chunk, each way (ms). */
  setDelay(ms: number): void;
  /** Cuts every open connection (new ones are still accepted). */
  dropConnections(): number;
  /** Connections open now. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of an API server that delays every chunk by `delayMs` each way
 * (order kept). TLS passes through untouched; the API server's certificate names 127.0.0.1, so a
 * kubeconfig can point at the proxy with the same CA.
 */
export async function startLatencyProxy(target: string, delayMs = 0): Promise<LatencyProxy> {
  const { hostname, port: targetPort } = new URL(target.includes('://') ? target : `tcp://${target}`);
  let delay = delayMs;
  const open = new Set<Socket>();
  const relay = (from: Socket, to: Socket) => {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      const at = Date.now() + delay;
      chain = chain.then(async () => {
        const wait = at - Date.now();
        if (wait > 0) await sleep(wait);
        if (!to.destroyed) to.write(chunk);
      });
    });
    from.on('end', () => { void chain.then(() => to.end()); });
  };
  const server: Server = createServer((client) => {
    const upstream = connect({ host: hostname, port: Number(targetPort) });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    server: `https://127.0.0.1:${port}`,
    setDelay(ms) { delay = ms; },
    dropConnections() {
      const n = open.size;
      for (const socket of [...open]) socket.destroy();
      return n;
    },
    connections: () => open.size,
    close: () => new Promise((resolve) => {
      for (const socket of [...open]) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

function requireEso(state: ClusterState): NonNullable<ClusterState['eso']> {
  if (!state.eso) throw new Error('External Secrets Operator is not part of this test cluster (cluster.json esoUnavailable says why)');
  return state.eso;
}

/** Stops External Secrets Operator (SIGTERM, SIGKILL after 8 s): ESO objects stay, nothing reconciles them. */
export async function stopEso(file: string = process.env.PULLKEY_CLUSTER_STATE ?? stateFile): Promise<{ pid: number }> {
  const eso = requireEso(readClusterState(file));
  const pid = eso.pid;
  if (!processAlive(pid)) throw new Error(`External Secrets Operator is not running (pid ${pid})`);
  process.kill(pid, 'SIGTERM');
  const killAt = Date.now() + 8_000;
  while (processAlive(pid)) {
    if (Date.now() > killAt) process.kill(pid, 'SIGKILL');
    await sleep(50);
  }
  return { pid };
}

/** Starts External Secrets Operator again with its flags; waits for its /readyz. */
export async function startEso(file: string = process.env.PULLKEY_CLUSTER_STATE ?? stateFile): Promise<{ pid: number; readyMs: number }> {
  const state = readClusterState(file);
  const eso = requireEso(state);
  if (processAlive(eso.pid)) throw new Error(`External Secrets Operator is already running (pid ${eso.pid})`);
  const started = Date.now();
  const [cmd, ...args] = eso.command;
  const from = existsSync(eso.log) ? statSync(eso.log).size : 0;
  const out = openSync(eso.log, 'a');
  const child = spawn(cmd!, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...eso.env, KUBECONFIG: eso.kubeconfig } });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  child.unref();
  writePid(file, eso.process, child.pid);
  await waitUntil('External Secrets Operator /readyz', 60_000, async () => {
    if (!processAlive(child.pid!)) throw new Error(`External Secrets Operator exited; see ${eso.log}`);
    if ((await send(`http://${eso.healthAddr}/healthz`)).status !== 200) return false;
    // As eso.ts esoWorkersStarted: both controllers' workers started (it has no /readyz).
    const started = readFileSync(eso.log).subarray(from).toString('utf8').split('\n').filter((l) => l.includes('Starting workers'));
    return ['"externalsecret"', '"clusterexternalsecret"'].every((c) => started.some((l) => l.includes(c)));
  });
  return { pid: child.pid, readyMs: Date.now() - started };
}

// ------------------------------------------------------------------ CLI
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [command, arg, extra] = process.argv.slice(2);
  const cluster = (arg ?? 'alpha') as ClusterName;
  const run = async (): Promise<void> => {
    switch (command) {
      case 'stop-apiserver':
        console.log(JSON.stringify(await stopApiServer(cluster)));
        break;
      case 'start-apiserver':
        console.log(JSON.stringify(await startApiServer(cluster)));
        break;
      case 'restart-apiserver':
        console.log(JSON.stringify(await restartApiServer(cluster, Number(extra ?? 0) * 1000)));
        break;
      case 'compact-etcd':
        console.log(JSON.stringify(await compactEtcd()));
        break;
      case 'stop-eso':
        console.log(JSON.stringify(await stopEso()));
        break;
      case 'start-eso':
        console.log(JSON.stringify(await startEso()));
        break;
      case 'proxy': {
        const proxy = await startLatencyProxy(readClusterState().clusters[cluster]!.server, Number(extra ?? 0));
        console.log(proxy.server);
        process.on('SIGINT', () => { void proxy.close().then(() => process.exit(0)); });
        break;
      }
      default:
        console.error('usage: node tests/cluster/faults.ts stop-apiserver|start-apiserver|restart-apiserver|compact-etcd|proxy|stop-eso|start-eso [alpha|beta] [seconds|delay-ms]');
        process.exit(2);
    }
  };
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
