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
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { lookup } from 'node:dns/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esoCluster, esoMissing, startEso } from './eso.ts';
import { esoAwsEnv, startFakeEcr } from './fake-ecr.ts';
import { clusterAlive, stateDir, stateFile, type ClusterInfo, type ClusterState, type PullFaults, type RegistryInfo, type RegistryUser } from './state.ts';
import { seedObjects } from './up/objects.ts';
import { applyGitopsCrdArgs, gitopsCrdNames } from './crds/gitops-crds.ts';
import { startRegistries } from './up/registries.ts';
import { createRun, freePorts, get, log, t0, token } from './up/run.ts';

const here = dirname(fileURLToPath(import.meta.url));

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
const run = createRun(bin);
const { runDir, pki, pids, start, abort, waitFor, kubeconfigFor, kubectl } = run;
/** Each API server's ServiceAccount token issuer (`iss`; the fake STS trusts the ESO cluster's). */
const serviceAccountIssuer = (c: 'alpha' | 'beta'): string => `https://kubernetes.default.svc.cluster.local/${c}`;

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
      '--service-account-issuer', serviceAccountIssuer(c),
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
  // The fake ECR first: ESO's AWS clients are pointed at it (fake-ecr.ts; never a real AWS address).
  // Its STS checks the ServiceAccount tokens ESO gets for IRSA with the ESO cluster's issuer and key.
  const fakeEcr = esoOn && !esoUnavailable ? await startFakeEcr({
    upstreamPort: publicPort, start, freePorts, waitFor,
    serviceAccounts: { issuer: serviceAccountIssuer(esoOn), publicKeyFile: join(pki, `sa-${esoOn}.pub`) },
  }) : null;
  const esoReady = esoOn && fakeEcr ? startEso({
    binDir, runDir, cluster: esoOn, server: server(esoOn), caFile, adminToken: tok[esoOn].admin,
    kubeconfig, context: `${esoOn}-admin`, start, freePorts, waitFor, log, env: esoAwsEnv(fakeEcr),
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
  const { users, ecrLogin, images, multiImages, publicImages, realm, service, rateLimitHeaders, seeding } = await startRegistries(
    run, bin, registryBin,
    { basicPort, tokenPort, tokenServerPort, publicPort, rateLimitPort, tlsProxyPort, plainProxyPort },
    ca, caFile,
  );

  // ---- seed Kubernetes objects
  const { projects, namespaces, devNamespaces } = seedObjects(kubectl, kubeconfig);
  // The GitOps engines' own CRDs (Argo CD Application, Flux Kustomization/HelmRelease), no engine.
  // Polled through the API rather than `kubectl wait` (which a loaded machine once ran into its
  // 60 s process timeout without saying why): the last answer is named if it times out.
  for (const c of ['alpha', 'beta'] as const) {
    kubectl(kubeconfig, `${c}-admin`, applyGitopsCrdArgs());
  }
  await Promise.all((['alpha', 'beta'] as const).flatMap((c) => gitopsCrdNames.map((name) =>
    waitFor(`CRD ${name} Established on ${c}`, 90_000, async () => {
      const r = await get(`${server(c)}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`, { ca, token: tok[c].admin });
      if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
      const crd = JSON.parse(r.body) as { status?: { conditions?: { type: string; status: string }[] } };
      return crd.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True') ?? false;
    }))));

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
      basic: { ...reg(basicPort, 'basic', false, basicUsers, images), ecrLogin },
      token: { ...reg(tokenPort, 'token', true, users, images), realm, service },
      public: reg(publicPort, 'none', false, [], publicImages),
    },
    pullFaults,
    kubelet: { node: 'alpha-node-1', nodes: { alpha: 'alpha-node-1', beta: 'beta-node-1' }, backoffSeconds: backoff, backoffMaxSeconds: backoffMax },
    execPlugin,
    eso,
    fakeEcr,
    ...(esoUnavailable ? { esoUnavailable } : {}),
    pids,
  };
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
  run.finish();
  log(`up in ${((Date.now() - t0) / 1000).toFixed(1)} s; kubeconfig ${kubeconfig}`);
  log(`try: ${bin('kubectl')} --kubeconfig ${kubeconfig} get ns`);
  console.log(stateFile);
}

process.on('SIGINT', () => abort(new Error('interrupted')));
main().then(() => process.exit(0), abort);
