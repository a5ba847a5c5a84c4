// The contract between the test cluster (tests/cluster/up.ts) and the tests:
// up.ts writes tests/cluster/.state/cluster.json with this shape; tests read it
// with readClusterState(). Node built-ins only.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeStsStats } from './fake-sts.ts';

export const stateDir: string = join(dirname(fileURLToPath(import.meta.url)), '.state');
export const stateFile: string = join(stateDir, 'cluster.json');

/** One kube-apiserver. */
export interface ClusterInfo {
  /** e.g. "https://127.0.0.1:41234" */
  server: string;
  /** PEM CA that signed the apiserver's serving certificate */
  caFile: string;
  /** bearer token of user "admin" (group system:masters) */
  adminToken: string;
  /** bearer token of user "dev": ClusterRole edit in the namespaces of devNamespaces only */
  devToken: string;
  /** namespaces where dev has "edit" */
  devNamespaces: string[];
  /** Rancher-style cluster id used in the projectId annotations, e.g. "c-alpha" */
  rancherClusterId: string;
}

export interface RegistryUser {
  username: string;
  password: string;
  /** repositories this user may pull (globs like "team/*"; "*" = all) */
  pull: string[];
  /** repositories this user may push */
  push: string[];
}

export interface RegistryImage {
  /** repository path without host, e.g. "team/hello" */
  repo: string;
  tags: string[];
}

export interface RegistryInfo {
  /** "http://localhost:5000" or "https://localhost:5001" */
  url: string;
  /** "localhost:5000": what goes in image references and .dockerconfigjson keys */
  host: string;
  /** basic = htpasswd (bcrypt); token = Bearer token server (RS256 JWT, x5c); none = anonymous */
  auth: 'basic' | 'token' | 'none';
  /** PEM CA to trust for https registries, null for plain http */
  caFile: string | null;
  /** token registries: the token server's realm and service */
  realm?: string;
  service?: string;
  users: RegistryUser[];
  images: RegistryImage[];
  /** basic only: an ECR-shaped login it accepts (user AWS, an ECR token envelope expiring in 10 years) */
  ecrLogin?: { username: string; password: string; expiresAt: string };
}

/** A registry endpoint set up so that one pull failure happens for real on the node. */
export interface FaultEndpoint {
  /** host[:port] as written in image references */
  host: string;
  url: string;
  /** PEM CA the LAPTOP trusts for it (null: plain http); the node never trusts it */
  caFile: string | null;
  /** an image reference that fails on the node this way */
  image: string;
}

/** The endpoints and nodes behind the Pull doctor's diagnoses 5–8 (all proxies front `public`). */
export interface PullFaults {
  /** a tainted node of another architecture (pods need a toleration and nodeSelector) */
  platformNode: {
    cluster: 'alpha';
    node: string;
    os: string;
    arch: string;
    taint: { key: string; value: string; effect: 'NoSchedule' };
  };
  /** OCI image indexes on `public`: image reference → its platforms */
  multiPlatformImages: Array<{ image: string; platforms: string[] }>;
  /** manifest GET → 429 toomanyrequests (Docker Hub's body); HEAD passes with the headers */
  rateLimited: FaultEndpoint & { ratelimitLimit: string; ratelimitRemaining: string };
  /** TLS with a CA only the laptop trusts → x509: certificate signed by unknown authority */
  untrustedTls: FaultEndpoint;
  /** plain http under a name that is not localhost (the node's /etc/hosts maps it to 127.0.0.1) */
  httpOnly: FaultEndpoint & { nodeHostsEntry: string };
  /** a name the laptop resolves (its /etc/hosts) but the nodes' DNS does not: TLS, laptop CA */
  nodeDns: FaultEndpoint | null;
  /** why nodeDns is null */
  nodeDnsUnavailable?: string;
}

/** External Secrets Operator, running on one of the two clusters (eso.ts). */
export interface EsoInfo {
  /** the cluster with ESO; the other one has no ESO CRDs at all */
  cluster: 'alpha' | 'beta';
  /** its admin context, e.g. "alpha-admin" */
  context: string;
  /** release built from the Go module proxy, e.g. "v0.20.4" (tests/cluster/eso/go.mod) */
  version: string;
  /** the controller's pid (also pids[process]) */
  pid: number;
  /** its key in `pids`: "external-secrets" */
  process: string;
  log: string;
  /** the kubeconfig in its KUBECONFIG (cluster admin) */
  kubeconfig: string;
  /** loopback "127.0.0.1:<port>" of /metrics and of /healthz, /readyz */
  metricsAddr: string;
  healthAddr: string;
  /** the CRD bundle applied (server-side) */
  crds: string;
  /** argv it was started with (faults.ts startEso starts it again with it) */
  command: string[];
  /** environment besides KUBECONFIG it was started with (the fake ECR's AWS endpoints) */
  env?: Record<string, string>;
}

/** The fake ECR's counters (GET `stats`), fake-ecr.ts. */
export interface FakeEcrStats {
  calls: number;
  refusedCalls: number;
  /** every token issued, oldest first (passwords never: their expiry and a fingerprint) */
  tokens: { issuedAt: string; expiresAt: string; fingerprint: string }[];
  pulls: number;
  refusedPulls: number;
  ttlSeconds: number;
  /** the last refused API call, `Type: message` (e.g. InvalidSignatureException: …) */
  lastRefusal?: string | null;
  /** API calls signed with temporary credentials of the fake STS (IRSA) */
  temporaryCalls?: number;
  sts?: FakeStsStats;
}

/** The fake Amazon ECR of the ESO cluster (fake-ecr.ts): a test stand-in on loopback. */
export interface FakeEcrInfo {
  /** the AWS JSON 1.1 endpoint ESO's AWS_ECR_ENDPOINT names, "http://127.0.0.1:<port>" */
  api: string;
  /** GET: calls, tokens issued, pulls let through, refused (POST /_fake/ttl?seconds=N sets the token life) */
  stats: string;
  /** the registry its tokens open (Basic auth user AWS, in front of `public`), "http://localhost:<port>" */
  registry: string;
  host: string;
  /** an image it serves: `public/hello:1.0` of the public registry */
  image: string;
  region: string;
  /** the access key it accepts (id and secret: every call's SigV4 signature is checked) */
  accessKeyId: string;
  secretAccessKey: string;
  /** its fake STS for IRSA (fake-sts.ts; ESO's AWS_STS_ENDPOINT); absent from older cluster.json */
  sts?: string;
  /** the ServiceAccount token issuer the fake STS trusts (the ESO cluster's) */
  serviceAccountIssuer?: string;
  /** its key in `pids` */
  process: string;
}

export interface ClusterState {
  /** format version of this file */
  version: 1;
  /** ISO time of cluster:up */
  startedAt: string;
  /** kubeconfig (JSON) with every context below; current-context alpha-admin */
  kubeconfig: string;
  /** folder with etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, pullkey-* */
  binDir: string;
  /** kubectl of the same release (the independent checker) */
  kubectl: string;
  /** temp folder with data, pki, logs/ of every process */
  runDir: string;
  kubernetesVersion: string;
  /** "alpha-admin", "alpha-dev", "alpha-exec", "beta-admin", "beta-dev" */
  contexts: string[];
  clusters: { alpha: ClusterInfo; beta: ClusterInfo };
  /** seeded namespaces (besides default, kube-*) */
  namespaces: { alpha: string[]; beta: string[] };
  /** Rancher projects: project id -> namespaces, per cluster */
  projects: { alpha: Record<string, string[]>; beta: Record<string, string[]> };
  registries: { basic: RegistryInfo; token: RegistryInfo; public: RegistryInfo };
  /** failure endpoints and the other-architecture node (Pull doctor diagnoses 5–8) */
  pullFaults: PullFaults;
  /** the simulated kubelets: one node per cluster */
  kubelet: {
    /** node of cluster alpha, "alpha-node-1" */
    node: string;
    nodes: { alpha: string; beta: string };
    /** image pull back-off: first delay and cap, seconds (kubelet: 10 and 300) */
    backoffSeconds: number;
    backoffMaxSeconds: number;
  };
  /** exec credential plugin of context alpha-exec; PULLKEY_EXEC_DELAY_MS delays it */
  execPlugin: string;
  /** External Secrets Operator (null: not running, `esoUnavailable` says why) */
  eso?: EsoInfo | null;
  esoUnavailable?: string;
  /** the fake ECR ESO's ECR generator talks to (with ESO only) */
  fakeEcr?: FakeEcrInfo | null;
  /** every process cluster:up started (cluster:down stops them) */
  pids: Record<string, number>;
}

/** Reads tests/cluster/.state/cluster.json; throws a clear error when the cluster is not up. */
export function readClusterState(file: string = process.env.PULLKEY_CLUSTER_STATE ?? stateFile): ClusterState {
  if (!existsSync(file)) {
    throw new Error(`No test cluster: ${file} does not exist. Run \`npm run cluster:up\` (node tests/cluster/up.ts) first.`);
  }
  const s = JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
  if (s.version !== 1) throw new Error(`${file}: unsupported format version ${String(s.version)}; run \`npm run cluster:down\` then \`npm run cluster:up\``);
  return s;
}

/** True when the process exists and is not a zombie (exited, not yet reaped). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/** True when every process of the state is still alive. */
export function clusterAlive(s: ClusterState): boolean {
  return Object.values(s.pids).every(processAlive);
}
