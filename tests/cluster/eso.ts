// External Secrets Operator (ESO) on ONE of the two test clusters, so that "with ESO" and
// "without ESO" are both real. Used by up.ts (startEso) and down.ts (settleEsoNamespaces).
//
// build.sh builds the controller from the Go module proxy (tests/cluster/eso/go.mod, v0.20.4)
// and links its folder into the bin dir as `eso/` (bin/external-secrets, crds/bundle.yaml,
// version). Here: the release's CRDs are applied with server-side apply, then the controller
// runs as a process with KUBECONFIG (it has no working --kubeconfig flag), metrics and health on
// loopback ports, leader election off, every namespace watched. Node built-ins only.
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { processAlive, type ClusterState, type EsoInfo } from './state.ts';

/** Which cluster runs ESO: PULLKEY_ESO_CLUSTER=alpha (default) | beta | none. */
export function esoCluster(): 'alpha' | 'beta' | null {
  const v = process.env.PULLKEY_ESO_CLUSTER ?? 'alpha';
  if (v === 'none') return null;
  if (v !== 'alpha' && v !== 'beta') throw new Error(`PULLKEY_ESO_CLUSTER=${v}: use alpha, beta or none`);
  return v;
}

/** Why ESO cannot run from this bin dir, or null when it can. */
export function esoMissing(binDir: string): string | null {
  if (esoCluster() === null) return 'PULLKEY_ESO_CLUSTER=none';
  const dir = join(binDir, 'eso');
  if (!existsSync(join(dir, 'bin', 'external-secrets')) || !existsSync(join(dir, 'crds', 'bundle.yaml'))) {
    return `${dir} has no External Secrets Operator build (run tests/cluster/build.sh; it builds tests/cluster/eso/)`;
  }
  return null;
}

interface EsoStart {
  binDir: string;
  runDir: string;
  cluster: 'alpha' | 'beta';
  server: string;
  caFile: string;
  adminToken: string;
  /** the user kubeconfig of cluster.json, and its admin context of `cluster` */
  kubeconfig: string;
  context: string;
  /** up.ts's process starter (log in logs/<name>.log, pid recorded, killed on failure) */
  start: (name: string, cmd: string, args: string[], env?: Record<string, string>) => ChildProcess;
  freePorts: (n: number) => Promise<number[]>;
  waitFor: (what: string, timeoutMs: number, check: () => Promise<boolean>) => Promise<void>;
  log: (msg: string) => void;
  /** environment besides KUBECONFIG (fake-ecr.ts esoAwsEnv) */
  env?: Record<string, string>;
}

/** The key of ESO's process in cluster.json `pids`. */
export const esoProcess = 'external-secrets';

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * True once the log shows the ExternalSecret and ClusterExternalSecret controllers' workers
 * started (their caches synced). It registers no readiness check (/readyz is 404) and its
 * /healthz answers before that. faults.ts has the same check (it cannot import this file).
 */
function esoWorkersStarted(logText: string): boolean {
  const started = logText.split('\n').filter((l) => l.includes('Starting workers'));
  return ['"externalsecret"', '"clusterexternalsecret"'].every((c) => started.some((l) => l.includes(c)));
}

/** Applies ESO's CRDs to `o.cluster` and starts its controller; resolves once it is ready. */
export async function startEso(o: EsoStart): Promise<EsoInfo> {
  const dir = join(o.binDir, 'eso');
  const crds = join(dir, 'crds', 'bundle.yaml');
  const version = readFileSync(join(dir, 'version'), 'utf8').trim();
  // async: up.ts waits for the other processes meanwhile
  const kubectl = (args: string[]) => promisify(execFile)(join(o.binDir, 'kubectl'), ['--kubeconfig', o.kubeconfig, '--context', o.context, ...args], {
    encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024,
  });
  // Server-side apply: the bundle's CRDs are too big for client-side apply's annotation.
  await kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager', 'pullkey-test-cluster', '-f', crds]);
  await kubectl(['wait', '--for', 'condition=Established', '--timeout', '60s', '-f', crds]);
  o.log(`ESO ${version} CRDs established on ${o.cluster}`);

  // Its own kubeconfig (KUBECONFIG): the cluster admin, like the chart's broad ClusterRole.
  const kubeconfig = join(o.runDir, 'pki', `eso-${o.cluster}.kubeconfig`);
  writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'eso',
    clusters: [{ name: o.cluster, cluster: { server: o.server, 'certificate-authority': o.caFile } }],
    users: [{ name: 'eso', user: { token: o.adminToken } }],
    contexts: [{ name: 'eso', context: { cluster: o.cluster, user: 'eso' } }],
  }, null, 2), { mode: 0o600 });

  const [metricsPort, healthPort] = await o.freePorts(2);
  const metricsAddr = `127.0.0.1:${metricsPort}`;
  const healthAddr = `127.0.0.1:${healthPort}`;
  const command = [
    join(dir, 'bin', 'external-secrets'),
    `--metrics-addr=${metricsAddr}`, `--live-addr=${healthAddr}`,
    '--enable-leader-election=false', '--concurrent=2', '--loglevel=info',
  ];
  const log = join(o.runDir, 'logs', `${esoProcess}.log`);
  const child = o.start(esoProcess, command[0]!, command.slice(1), { ...o.env, KUBECONFIG: kubeconfig });
  await o.waitFor(`External Secrets Operator on ${o.cluster} (health ${healthAddr}, workers started)`, 90_000,
    async () => (await httpStatus(`http://${healthAddr}/healthz`)) === 200 && esoWorkersStarted(readFileSync(log, 'utf8')));
  o.log(`External Secrets Operator ${version} running on ${o.cluster} (pid ${child.pid})`);
  return {
    cluster: o.cluster, context: o.context, version, pid: child.pid!, process: esoProcess,
    log, kubeconfig, metricsAddr, healthAddr, crds, command, env: o.env ?? {},
  };
}

/**
 * cluster:down stops ESO last: a project namespace deleted shortly before (a test's clean-up) is
 * Terminating until ESO removes its `externalsecrets.external-secrets.io/ces-*` finalizers, and
 * with ESO stopped it would hang there. Waits (at most `timeoutMs`) until no namespace of the
 * ESO cluster is Terminating, while every process still runs; returns the ones left.
 */
export async function settleEsoNamespaces(s: ClusterState, timeoutMs = 30_000): Promise<string[]> {
  if (!s.eso) return [];
  const { server, caFile, adminToken } = s.clusters[s.eso.cluster];
  const ca = readFileSync(caFile, 'utf8');
  const terminating = (): Promise<string[]> => new Promise((resolve) => {
    const req = httpsRequest(`${server}/api/v1/namespaces`, { ca, headers: { Authorization: `Bearer ${adminToken}` }, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => {
        try {
          const list = JSON.parse(body) as { items: { metadata: { name: string }; status?: { phase?: string } }[] };
          resolve(list.items.filter((n) => n.status?.phase === 'Terminating').map((n) => n.metadata.name));
        } catch {
          resolve([]);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve([])); // the API server is gone: nothing to wait for
    req.end();
  });
  // Without ESO running (a test stopped it) the finalizers stay: report, do not wait.
  const deadline = processAlive(s.pids[s.eso.process] ?? s.eso.pid) ? Date.now() + timeoutMs : 0;
  let left = await terminating();
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    left = await terminating();
  }
  return left;
}
