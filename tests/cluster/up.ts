// cluster:up — starts the test control plane and registries on loopback.
//
//   node tests/cluster/up.ts            (npm run cluster:up)
//
// Builds (or reuses) the binaries with build.sh, then starts: one etcd (two
// key prefixes), cluster alpha (kube-apiserver, kube-controller-manager,
// kube-scheduler, pullkey-kubelet node alpha-node-1), cluster beta (the same,
// node beta-node-1), three docker-registry instances
// (basic, token + pullkey-tokenserver, public), seeds namespaces, RBAC and
// images, waits until ready and writes tests/cluster/.state/cluster.json
// (format: state.ts). Prints the path of cluster.json on its last line.
//
// Environment: PULLKEY_CLUSTER_BIN (use this bin dir, skip build.sh),
// PULLKEY_KUBELET_BACKOFF_SECONDS / PULLKEY_KUBELET_BACKOFF_MAX_SECONDS (image
// pull back-off of the simulated kubelet; default 10 / 300 like a kubelet).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { lookup } from 'node:dns/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esoCluster, esoMissing, startEso } from './eso.ts';
import { clusterAlive, stateDir, stateFile, type ClusterInfo, type ClusterState, type PullFaults, type RegistryInfo, type RegistryUser } from './state.ts';

const here = dirname(fileURLToPath(import.meta.url));
const t0 = Date.now();
const log = (msg: string): void => {
  process.stderr.write(`[cluster:up +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);
};

// ------------------------------------------------------------------ already up?
if (existsSync(stateFile)) {
  try {
    const old = JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterState;
    if (clusterAlive(old)) {
      log('the test cluster is already up (run `npm run cluster:down` to stop it)');
      console.log(stateFile);
      process.exit(0);
    }
    log('stale cluster.json (its processes are gone): stopping leftovers and starting anew');
    for (const pid of Object.values(old.pids)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    if (old.runDir && old.runDir.startsWith(tmpdir())) rmSync(old.runDir, { recursive: true, force: true });
  } catch { /* unreadable: overwrite */ }
  rmSync(stateFile, { force: true });
}

// ------------------------------------------------------------------ binaries
function buildOrReuse(): string {
  if (process.env.PULLKEY_CLUSTER_BIN) return process.env.PULLKEY_CLUSTER_BIN;
  log('build.sh (does nothing when the binaries are current)');
  const out = execFileSync('bash', [join(here, 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = out.trim().split('\n');
  return lines[lines.length - 1];
}
const binDir = buildOrReuse();
const bin = (name: string): string => join(binDir, name);
for (const b of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'pullkey-kubelet', 'pullkey-tokenserver', 'pullkey-util']) {
  if (!existsSync(bin(b))) throw new Error(`${bin(b)} is missing: run tests/cluster/build.sh`);
}
const registryBin = '/usr/bin/docker-registry';
if (!existsSync(registryBin)) throw new Error(`${registryBin} is missing: run tests/cluster/install-deps.sh (Debian package docker-registry)`);

// ------------------------------------------------------------------ helpers
const runDir = mkdtempSync(join(tmpdir(), 'pullkey-cluster-'));
const logDir = join(runDir, 'logs');
const pki = join(runDir, 'pki');
mkdirSync(logDir, { recursive: true });
const pids: Record<string, number> = {};
const children: ChildProcess[] = [];

function start(name: string, cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const out = openSync(join(logDir, `${name}.log`), 'a');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  pids[name] = child.pid;
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!finished) {
      failures.push(`${name} exited (code ${code}, signal ${signal}); log: ${join(logDir, `${name}.log`)}`);
    }
  });
  child.unref();
  return child;
}
let finished = false;
const failures: string[] = [];

function tail(name: string, n = 25): string {
  try {
    return readFileSync(join(logDir, `${name}.log`), 'utf8').trim().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

function abort(err: unknown): never {
  finished = true;
  process.stderr.write(`\ncluster:up FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
  for (const f of failures) process.stderr.write(`  ${f}\n`);
  for (const name of Object.keys(pids)) {
    process.stderr.write(`--- ${name} (last lines) ---\n${tail(name, 12)}\n`);
  }
  for (const pid of Object.values(pids)) {
    try { process.kill(-pid, 'SIGKILL'); } catch { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  }
  process.stderr.write(`logs kept in ${logDir}\n`);
  process.exit(1);
}

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Resp { status: number; body: string }
function get(url: string, opts: { ca?: string; token?: string; timeoutMs?: number } = {}): Promise<Resp> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, {
      method: 'GET',
      ca: opts.ca,
      headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {},
      timeout: opts.timeoutMs ?? 3000,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr = '';
  while (Date.now() < deadline) {
    if (failures.length) throw new Error(`while waiting for ${what}`);
    try {
      if (await check()) return;
    } catch (e) {
      lastErr = e instanceof Error ? e.message : String(e);
    }
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${lastErr ? ` (last error: ${lastErr})` : ''}`);
}

const token = (): string => randomBytes(24).toString('hex');
const password = (): string => randomBytes(12).toString('base64url');

function kubeconfigFor(server: string, user: string, tok: string): object {
  return {
    apiVersion: 'v1', kind: 'Config', 'current-context': 'c',
    clusters: [{ name: 'c', cluster: { server, 'certificate-authority': join(pki, 'ca.crt') } }],
    users: [{ name: user, user: { token: tok } }],
    contexts: [{ name: 'c', context: { cluster: 'c', user } }],
  };
}

function kubectl(kubeconfig: string, context: string, args: string[], input?: string): string {
  return execFileSync(bin('kubectl'), ['--kubeconfig', kubeconfig, '--context', context, ...args], {
    encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000,
  });
}

// ------------------------------------------------------------------ main
async function main(): Promise<void> {
  const backoff = Number(process.env.PULLKEY_KUBELET_BACKOFF_SECONDS ?? 10);
  const backoffMax = Number(process.env.PULLKEY_KUBELET_BACKOFF_MAX_SECONDS ?? 300);
  const [etcdClient, etcdPeer, alphaPort, betaPort, basicPort, tokenPort, tokenServerPort, publicPort, rateLimitPort, tlsProxyPort, plainProxyPort] = await freePorts(11);
  log(`run dir ${runDir}`);

  // A name the laptop resolves to loopback (its /etc/hosts) that the nodes are told not to
  // resolve: a registry known only to the laptop's DNS (diagnosis 8). No /etc/hosts edits.
  const laptopName = hostname().toLowerCase();
  let laptopOnlyName: string | null = null;
  let laptopOnlyWhyNot = '';
  try {
    const a = await lookup(laptopName, { family: 4 });
    if (/^127\./.test(a.address) && laptopName !== 'localhost') laptopOnlyName = laptopName;
    else laptopOnlyWhyNot = `the machine's name "${laptopName}" resolves to ${a.address}, not to loopback`;
  } catch (e) {
    laptopOnlyWhyNot = `the machine's name "${laptopName}" does not resolve (${(e as Error).message})`;
  }
  const httpOnlyName = 'registry.pullkey.test';

  execFileSync(bin('pullkey-util'), ['pki', pki]);
  execFileSync(bin('pullkey-util'), ['laptop-pki', pki, ...(laptopOnlyName ? [laptopOnlyName] : [])]);
  const ca = readFileSync(join(pki, 'ca.crt'), 'utf8');
  const k8sVersion = execFileSync(bin('kube-apiserver'), ['--version'], { encoding: 'utf8' }).trim().replace(/^Kubernetes /, '');

  // ---- etcd (one member, two key prefixes: /alpha and /beta)
  const etcdURL = `http://127.0.0.1:${etcdClient}`;
  start('etcd', bin('etcd'), [
    '--name', 'default', '--data-dir', join(runDir, 'etcd'),
    '--listen-client-urls', etcdURL, '--advertise-client-urls', etcdURL,
    '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
    '--initial-cluster', `default=http://127.0.0.1:${etcdPeer}`,
    '--unsafe-no-fsync', '--log-level', 'warn', '--quota-backend-bytes', String(2 * 1024 ** 3),
  ]);

  // ---- identities
  interface Ids { admin: string; dev: string; kcm: string; scheduler: string; node: string }
  const ids = (): Ids => ({ admin: token(), dev: token(), kcm: token(), scheduler: token(), node: token() });
  const tok = { alpha: ids(), beta: ids() };
  const armNode = 'alpha-node-arm64';
  const armNodeToken = token();
  const armTaint = { key: 'pullkey.dev/arch', value: 'arm64', effect: 'NoSchedule' as const };
  for (const c of ['alpha', 'beta'] as const) {
    const t = tok[c];
    writeFileSync(join(pki, `tokens-${c}.csv`), [
      `${t.admin},admin,admin,"system:masters"`,
      `${t.dev},dev,dev,"pullkey:developers"`,
      `${t.kcm},system:kube-controller-manager,kcm`,
      `${t.scheduler},system:kube-scheduler,scheduler`,
      `${t.node},system:node:${c}-node-1,node-${c},"system:nodes"`,
      ...(c === 'alpha' ? [`${armNodeToken},system:node:${armNode},node-${armNode},"system:nodes"`] : []),
      '',
    ].join('\n'), { mode: 0o600 });
  }

  await waitFor('etcd', 20_000, async () => (await get(`${etcdURL}/health`)).status === 200);
  log('etcd ready');

  // ---- kube-apiservers
  const ports = { alpha: alphaPort, beta: betaPort };
  const server = (c: 'alpha' | 'beta'): string => `https://127.0.0.1:${ports[c]}`;
  for (const c of ['alpha', 'beta'] as const) {
    start(`kube-apiserver-${c}`, bin('kube-apiserver'), [
      '--etcd-servers', etcdURL, '--etcd-prefix', `/${c}`,
      '--bind-address', '127.0.0.1', '--advertise-address', '127.0.0.1', '--secure-port', String(ports[c]),
      '--tls-cert-file', join(pki, 'serving.crt'), '--tls-private-key-file', join(pki, 'serving.key'),
      '--cert-dir', join(runDir, `certs-${c}`),
      '--token-auth-file', join(pki, `tokens-${c}.csv`),
      '--authorization-mode', 'Node,RBAC',
      '--service-account-issuer', `https://kubernetes.default.svc.cluster.local/${c}`,
      '--service-account-key-file', join(pki, `sa-${c}.pub`),
      '--service-account-signing-key-file', join(pki, `sa-${c}.key`),
      '--service-cluster-ip-range', '10.0.0.0/24',
      '--api-audiences', `https://kubernetes.default.svc.cluster.local/${c}`,
      '--profiling=false', '--v=1',
    ]);
  }
  await Promise.all((['alpha', 'beta'] as const).map((c) => waitFor(`kube-apiserver ${c}`, 45_000,
    async () => (await get(`${server(c)}/readyz`, { ca, token: tok[c].admin })).status === 200)));
  log('kube-apiservers ready');

  // ---- component kubeconfigs and the user kubeconfig
  const kc = (name: string, c: 'alpha' | 'beta', user: string, t: string): string => {
    const f = join(pki, `${name}.kubeconfig`);
    writeFileSync(f, JSON.stringify(kubeconfigFor(server(c), user, t), null, 2), { mode: 0o600 });
    return f;
  };
  const kubeconfig = join(runDir, 'kubeconfig');
  const execPlugin = join(here, 'exec-credential.sh');
  const adminTokenFile = join(pki, 'alpha-admin.token');
  writeFileSync(adminTokenFile, tok.alpha.admin, { mode: 0o600 });
  const caFile = join(pki, 'ca.crt');
  const userKubeconfig = {
    apiVersion: 'v1', kind: 'Config', preferences: {}, 'current-context': 'alpha-admin',
    clusters: (['alpha', 'beta'] as const).map((c) => ({ name: c, cluster: { server: server(c), 'certificate-authority': caFile } })),
    users: [
      { name: 'alpha-admin', user: { token: tok.alpha.admin } },
      { name: 'alpha-dev', user: { token: tok.alpha.dev } },
      { name: 'beta-admin', user: { token: tok.beta.admin } },
      { name: 'beta-dev', user: { token: tok.beta.dev } },
      {
        name: 'alpha-exec',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1', command: execPlugin, args: [],
            env: [{ name: 'PULLKEY_EXEC_TOKEN_FILE', value: adminTokenFile }],
            interactiveMode: 'Never', provideClusterInfo: false,
          },
        },
      },
    ],
    contexts: [
      { name: 'alpha-admin', context: { cluster: 'alpha', user: 'alpha-admin', namespace: 'default' } },
      { name: 'alpha-dev', context: { cluster: 'alpha', user: 'alpha-dev', namespace: 'team1-dev' } },
      { name: 'alpha-exec', context: { cluster: 'alpha', user: 'alpha-exec', namespace: 'default' } },
      { name: 'beta-admin', context: { cluster: 'beta', user: 'beta-admin', namespace: 'default' } },
      { name: 'beta-dev', context: { cluster: 'beta', user: 'beta-dev', namespace: 'team1-dev' } },
    ],
  };
  writeFileSync(kubeconfig, JSON.stringify(userKubeconfig, null, 2), { mode: 0o600 });

  // ---- External Secrets Operator on one cluster only (eso.ts), started while the rest comes up
  const esoOn = esoCluster();
  const esoUnavailable = esoMissing(binDir);
  const esoReady = esoOn && !esoUnavailable ? startEso({
    binDir, runDir, cluster: esoOn, server: server(esoOn), caFile, adminToken: tok[esoOn].admin,
    kubeconfig, context: `${esoOn}-admin`, start, freePorts, waitFor, log,
  }) : Promise.resolve(null);
  esoReady.catch(() => undefined); // awaited below
  if (esoUnavailable) log(`no External Secrets Operator: ${esoUnavailable}`);

  // ---- controller managers, scheduler, kubelet
  const controllers = [
    'deployment-controller', 'replicaset-controller', 'replicationcontroller-controller', 'statefulset-controller',
    'daemonset-controller', 'job-controller', 'cronjob-controller', 'serviceaccount-controller',
    'serviceaccount-token-controller', 'namespace-controller', 'garbage-collector-controller',
    'node-lifecycle-controller', 'taint-eviction-controller', 'root-ca-certificate-publisher-controller',
    'clusterrole-aggregation-controller', 'pod-garbage-collector-controller', 'endpointslice-controller',
    'disruption-controller', 'ttl-after-finished-controller', 'resourcequota-controller',
  ].join(',');
  for (const c of ['alpha', 'beta'] as const) {
    start(`kube-controller-manager-${c}`, bin('kube-controller-manager'), [
      '--kubeconfig', kc(`kcm-${c}`, c, 'system:kube-controller-manager', tok[c].kcm),
      '--authentication-skip-lookup', '--authorization-always-allow-paths=/healthz,/readyz,/livez',
      '--secure-port', '0', '--leader-elect=false', '--use-service-account-credentials',
      '--service-account-private-key-file', join(pki, `sa-${c}.key`), '--root-ca-file', caFile,
      '--cluster-name', c, '--controllers', controllers,
      '--concurrent-gc-syncs', '5', '--profiling=false', '--v=1',
    ]);
  }
  // The nodes' resolver: registry.pullkey.test in their /etc/hosts; the laptop-only name unknown.
  const nodeNet = ['--add-host', `${httpOnlyName}=127.0.0.1`, ...(laptopOnlyName ? ['--unresolvable-host', laptopOnlyName] : [])];
  for (const c of ['alpha', 'beta'] as const) {
    start(`kube-scheduler-${c}`, bin('kube-scheduler'), [
      '--kubeconfig', kc(`scheduler-${c}`, c, 'system:kube-scheduler', tok[c].scheduler),
      '--authentication-skip-lookup', '--secure-port', '0', '--leader-elect=false', '--profiling=false', '--v=1',
    ]);
    start(`pullkey-kubelet-${c}`, bin('pullkey-kubelet'), [
      '--kubeconfig', kc(`kubelet-${c}`, c, `system:node:${c}-node-1`, tok[c].node),
      '--node-name', `${c}-node-1`, '--registry-ca', caFile,
      '--image-backoff', `${backoff}s`, '--image-backoff-max', `${backoffMax}s`,
      ...nodeNet,
    ]);
  }
  // A tainted arm64 node on alpha: only pods that tolerate the taint land there.
  start('pullkey-kubelet-alpha-arm64', bin('pullkey-kubelet'), [
    '--kubeconfig', kc('kubelet-alpha-arm64', 'alpha', `system:node:${armNode}`, armNodeToken),
    '--node-name', armNode, '--registry-ca', caFile, '--platform', 'linux/arm64',
    '--register-with-taints', `${armTaint.key}=${armTaint.value}:${armTaint.effect}`,
    '--image-backoff', `${backoff}s`, '--image-backoff-max', `${backoffMax}s`,
    ...nodeNet,
  ]);

  // ---- registries
  const regDir = join(runDir, 'registries');
  mkdirSync(regDir, { recursive: true });
  const users: RegistryUser[] = [
    { username: 'alice', password: password(), pull: ['team/*', 'private/*'], push: ['team/*', 'private/*'] },
    { username: 'bob', password: password(), pull: ['team/*'], push: [] },
  ];
  const images = [{ repo: 'team/hello', tags: ['1.0', '1.1'] }, { repo: 'private/api', tags: ['2.0'] }];
  // Image indexes on public: multi/hello:1.0 lacks the arm64 node's platform, :s390x lacks every node's.
  const multiImages = [
    { ref: 'multi/hello:1.0', platforms: ['linux/amd64', 'linux/s390x'] },
    { ref: 'multi/hello:s390x', platforms: ['linux/s390x', 'linux/ppc64le'] },
  ];
  const publicImages = [{ repo: 'public/hello', tags: ['1.0'] }, { repo: 'team/hello', tags: ['1.0'] }, { repo: 'multi/hello', tags: ['1.0', 's390x'] }];
  const registryConfig = (name: string, port: number, auth: object, tls: boolean): string => {
    const f = join(regDir, `${name}.yml`);
    writeFileSync(f, JSON.stringify({
      version: '0.1',
      log: { level: 'info', formatter: 'text', accesslog: { disabled: false } },
      storage: { filesystem: { rootdirectory: join(regDir, name) }, delete: { enabled: true }, maintenance: { uploadpurging: { enabled: false } } },
      http: {
        addr: `127.0.0.1:${port}`, secret: token(),
        headers: { 'X-Content-Type-Options': ['nosniff'] },
        ...(tls ? { tls: { certificate: join(pki, 'serving.crt'), key: join(pki, 'serving.key') } } : {}),
      },
      ...auth,
    }, null, 2));
    return f;
  };
  // basic: htpasswd (bcrypt) over plain http. htpasswd cannot restrict per repository:
  // every valid user may pull and push everything.
  const htpasswd = join(regDir, 'htpasswd');
  execFileSync(bin('pullkey-util'), ['htpasswd', htpasswd, ...users.map((u) => `${u.username}:${u.password}`)]);
  start('registry-basic', registryBin, ['serve', registryConfig('basic', basicPort, { auth: { htpasswd: { realm: 'PullKey basic registry', path: htpasswd } } }, false)]);
  // token: Bearer tokens from pullkey-tokenserver (scope-aware grants), TLS with the test CA.
  const service = 'pullkey-token-registry';
  const issuer = 'pullkey-token-server';
  const realm = `https://localhost:${tokenServerPort}/token`;
  const admin = { username: 'admin', password: password() };
  const usersFile = join(regDir, 'token-users.json');
  writeFileSync(usersFile, JSON.stringify({
    users: [
      { username: admin.username, password: admin.password, grants: [{ repo: '*', actions: ['pull', 'push', 'delete'] }] },
      ...users.map((u) => ({
        username: u.username, password: u.password,
        grants: [...u.pull.map((r) => ({ repo: r, actions: ['pull'] })), ...u.push.map((r) => ({ repo: r, actions: ['push'] }))],
      })),
    ],
    anonymous: [],
  }, null, 2), { mode: 0o600 });
  start('tokenserver', bin('pullkey-tokenserver'), [
    '--listen', `127.0.0.1:${tokenServerPort}`, '--tls-cert', join(pki, 'serving.crt'), '--tls-key', join(pki, 'serving.key'),
    '--signer-cert', join(pki, 'token-signer.crt'), '--signer-key', join(pki, 'token-signer.key'),
    '--service', service, '--issuer', issuer, '--users', usersFile,
  ]);
  start('registry-token', registryBin, ['serve', registryConfig('token', tokenPort, {
    auth: { token: { realm, service, issuer, rootcertbundle: caFile } },
  }, true)]);
  // public: anonymous pull (and push: it is a scratch registry).
  start('registry-public', registryBin, ['serve', registryConfig('public', publicPort, {}, false)]);
  // Proxies in front of public: 429 (Docker Hub's limit), TLS with the laptop-only CA, plain http.
  const rateLimitHeaders = { limit: '100;w=21600', remaining: '0;w=21600' };
  start('registry-proxies', bin('pullkey-util'), [
    'proxies', '--upstream', `http://127.0.0.1:${publicPort}`,
    '--ratelimit', `127.0.0.1:${rateLimitPort}`, '--ratelimit-limit', rateLimitHeaders.limit, '--ratelimit-remaining', rateLimitHeaders.remaining,
    '--tls', `127.0.0.1:${tlsProxyPort}`, '--cert', join(pki, 'laptop-serving.crt'), '--key', join(pki, 'laptop-serving.key'),
    '--plain', `127.0.0.1:${plainProxyPort}`,
  ]);
  const laptopCa = readFileSync(join(pki, 'laptop-ca.crt'), 'utf8');

  await Promise.all([
    waitFor('registry basic', 20_000, async () => (await get(`http://127.0.0.1:${basicPort}/v2/`)).status === 401),
    waitFor('registry token', 20_000, async () => (await get(`https://localhost:${tokenPort}/v2/`, { ca })).status === 401),
    waitFor('token server', 20_000, async () => (await get(`https://localhost:${tokenServerPort}/healthz`, { ca })).status === 200),
    waitFor('registry public', 20_000, async () => (await get(`http://127.0.0.1:${publicPort}/v2/`)).status === 200),
    waitFor('registry proxies', 20_000, async () => (await get(`https://localhost:${tlsProxyPort}/v2/`, { ca: laptopCa })).status === 200
      && (await get(`http://127.0.0.1:${plainProxyPort}/v2/`)).status === 200 && (await get(`http://127.0.0.1:${rateLimitPort}/v2/`)).status === 200),
  ]);
  log('registries ready');

  const seedImages = (args: string[], imgs: { repo: string; tags: string[] }[]): Promise<void> => new Promise((resolve, reject) => {
    const refs = imgs.flatMap((i) => i.tags.map((t) => `${i.repo}:${t}`));
    const p = spawn(bin('pullkey-util'), ['seed', ...args, ...refs], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seeding ${args.join(' ')} failed: ${err}`))));
  });
  const seeding = Promise.all([
    seedImages(['--registry', `localhost:${basicPort}`, '--user', users[0].username, '--password', users[0].password], images),
    seedImages(['--registry', `localhost:${tokenPort}`, '--user', admin.username, '--password', admin.password, '--ca', caFile, '--oci'], images),
    seedImages(['--registry', `localhost:${publicPort}`], publicImages.filter((i) => i.repo !== 'multi/hello')),
    ...multiImages.map((m) => new Promise<void>((resolve, reject) => {
      const p = spawn(bin('pullkey-util'), ['seed-index', '--registry', `localhost:${publicPort}`, m.ref, ...m.platforms], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seeding index ${m.ref} failed: ${err}`))));
    })),
  ]);

  // ---- seed Kubernetes objects
  const projects = {
    alpha: { 'p-team1': ['team1-dev', 'team1-staging'], 'p-team2': ['team2-app'] } as Record<string, string[]>,
    beta: { 'p-team1': ['team1-dev'] } as Record<string, string[]>,
  };
  const namespaces = { alpha: ['team1-dev', 'team1-staging', 'team2-app', 'sandbox'], beta: ['team1-dev', 'beta-apps'] };
  const devNamespaces = { alpha: ['team1-dev', 'team1-staging'], beta: ['team1-dev'] };
  for (const c of ['alpha', 'beta'] as const) {
    const items: object[] = [];
    for (const ns of namespaces[c]) {
      const project = Object.entries(projects[c]).find(([, l]) => l.includes(ns))?.[0];
      items.push({
        apiVersion: 'v1', kind: 'Namespace',
        metadata: {
          name: ns,
          labels: project ? { 'field.cattle.io/projectId': project } : {},
          annotations: project ? { 'field.cattle.io/projectId': `c-${c}:${project}` } : {},
        },
      });
    }
    for (const ns of devNamespaces[c]) {
      items.push({
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
        metadata: { name: 'dev-edit', namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dev' }],
      });
    }
    // Like Rancher does for project members: let dev GET its namespaces by name, so its
    // SelfSubjectRulesReview names them (dev still may not list all namespaces).
    items.push(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole',
        metadata: { name: 'dev-namespaces' },
        rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: devNamespaces[c] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding',
        metadata: { name: 'dev-namespaces' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'dev-namespaces' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dev' }],
      },
    );
    kubectl(kubeconfig, `${c}-admin`, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  }
  log('namespaces and RBAC seeded');

  await seeding;
  log('images seeded');

  // ---- ready: default SA in default on both clusters, node Ready, edit role aggregated
  await Promise.all((['alpha', 'beta'] as const).map((c) => waitFor(`serviceaccount default/default on ${c}`, 45_000,
    async () => (await get(`${server(c)}/api/v1/namespaces/default/serviceaccounts/default`, { ca, token: tok[c].admin })).status === 200)));
  const nodesToWait: Array<['alpha' | 'beta', string]> = [['alpha', 'alpha-node-1'], ['beta', 'beta-node-1'], ['alpha', armNode]];
  await Promise.all(nodesToWait.map(([c, nodeName]) => waitFor(`node ${nodeName} Ready`, 30_000, async () => {
    const r = await get(`${server(c)}/api/v1/nodes/${nodeName}`, { ca, token: tok[c].admin });
    if (r.status !== 200) return false;
    const n = JSON.parse(r.body) as { status?: { conditions?: { type: string; status: string }[] } };
    return n.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') ?? false;
  })));
  await waitFor('ClusterRole edit aggregated (dev can create deployments)', 30_000, async () => {
    const r = kubectl(kubeconfig, 'alpha-dev', ['auth', 'can-i', 'create', 'deployments', '-n', 'team1-dev']).trim();
    return r === 'yes';
  });
  const eso = await esoReady;
  log('clusters ready');

  const info = (c: 'alpha' | 'beta'): ClusterInfo => ({
    server: server(c), caFile, adminToken: tok[c].admin, devToken: tok[c].dev,
    devNamespaces: devNamespaces[c], rancherClusterId: `c-${c}`,
  });
  const reg = (port: number, auth: RegistryInfo['auth'], tls: boolean, u: RegistryUser[], imgs: { repo: string; tags: string[] }[]): RegistryInfo => ({
    url: `${tls ? 'https' : 'http'}://localhost:${port}`, host: `localhost:${port}`, auth, caFile: tls ? caFile : null, users: u, images: imgs,
  });
  const basicUsers = users.map((u) => ({ ...u, pull: ['*'], push: ['*'] })); // htpasswd: all or nothing
  const laptopCaFile = join(pki, 'laptop-ca.crt');
  const pullFaults: PullFaults = {
    platformNode: { cluster: 'alpha', node: armNode, os: 'linux', arch: 'arm64', taint: armTaint },
    multiPlatformImages: multiImages.map((m) => ({ image: `localhost:${publicPort}/${m.ref}`, platforms: m.platforms })),
    rateLimited: {
      host: `localhost:${rateLimitPort}`, url: `http://localhost:${rateLimitPort}`, caFile: null,
      image: `localhost:${rateLimitPort}/public/hello:1.0`,
      ratelimitLimit: rateLimitHeaders.limit, ratelimitRemaining: rateLimitHeaders.remaining,
    },
    untrustedTls: {
      host: `localhost:${tlsProxyPort}`, url: `https://localhost:${tlsProxyPort}`, caFile: laptopCaFile,
      image: `localhost:${tlsProxyPort}/public/hello:1.0`,
    },
    httpOnly: {
      host: `${httpOnlyName}:${plainProxyPort}`, url: `http://${httpOnlyName}:${plainProxyPort}`, caFile: null,
      image: `${httpOnlyName}:${plainProxyPort}/public/hello:1.0`, nodeHostsEntry: `127.0.0.1 ${httpOnlyName}`,
    },
    nodeDns: laptopOnlyName ? {
      host: `${laptopOnlyName}:${tlsProxyPort}`, url: `https://${laptopOnlyName}:${tlsProxyPort}`, caFile: laptopCaFile,
      image: `${laptopOnlyName}:${tlsProxyPort}/public/hello:1.0`,
    } : null,
    ...(laptopOnlyName ? {} : { nodeDnsUnavailable: laptopOnlyWhyNot }),
  };
  const state: ClusterState = {
    version: 1,
    startedAt: new Date(t0).toISOString(),
    kubeconfig,
    binDir,
    kubectl: bin('kubectl'),
    runDir,
    kubernetesVersion: k8sVersion,
    contexts: ['alpha-admin', 'alpha-dev', 'alpha-exec', 'beta-admin', 'beta-dev'],
    clusters: { alpha: info('alpha'), beta: info('beta') },
    namespaces,
    projects,
    registries: {
      basic: reg(basicPort, 'basic', false, basicUsers, images),
      token: { ...reg(tokenPort, 'token', true, users, images), realm, service },
      public: reg(publicPort, 'none', false, [], publicImages),
    },
    pullFaults,
    kubelet: { node: 'alpha-node-1', nodes: { alpha: 'alpha-node-1', beta: 'beta-node-1' }, backoffSeconds: backoff, backoffMaxSeconds: backoffMax },
    execPlugin,
    eso,
    ...(esoUnavailable ? { esoUnavailable } : {}),
    pids,
  };
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
  finished = true;
  log(`up in ${((Date.now() - t0) / 1000).toFixed(1)} s; kubeconfig ${kubeconfig}`);
  log(`try: ${bin('kubectl')} --kubeconfig ${kubeconfig} get ns`);
  console.log(stateFile);
}

process.on('SIGINT', () => abort(new Error('interrupted')));
main().then(() => process.exit(0), abort);
