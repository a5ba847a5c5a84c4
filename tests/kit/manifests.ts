/**
 * The objects tests make on the test cluster as users write them (kubectl apply of their YAML),
 * and the kubectl arguments that make or wait for them: one copy for integration, e2e and bench.
 */
import type { V1EnvVar, V1PodSpec } from '@kubernetes/client-node';
import type { PullFaults, RegistryInfo } from '../cluster/state';

/** A name no earlier run used: `prefix-<time in base 36>`. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}`;

export interface DeploymentOptions {
  /** The pod's own pull secrets (none: no imagePullSecrets field). */
  pullSecrets?: string[];
  /** Pod fields: service account, node selector, tolerations. */
  podSpec?: Pick<V1PodSpec, 'serviceAccountName' | 'nodeSelector' | 'tolerations'>;
  /** The Deployment's own labels (none by default). */
  labels?: Record<string, string>;
  /** The container's env (one KEEP=me variable by default; [] for none). */
  env?: V1EnvVar[];
  replicas?: number;
}

/**
 * A Deployment as a user writes it: a label selector `app: name`, one container `app` with an
 * env var, its own pull secrets.
 */
export function deploymentManifest(
  namespace: string,
  name: string,
  image: string,
  { pullSecrets = [], podSpec = {}, labels, env, replicas = 1 }: DeploymentOptions = {},
) {
  const containerEnv = env ?? [{ name: 'KEEP', value: 'me' }];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...podSpec,
          ...(pullSecrets.length
            ? { imagePullSecrets: pullSecrets.map((item) => ({ name: item })) }
            : {}),
          containers: [
            { name: 'app', image, ...(containerEnv.length ? { env: containerEnv } : {}) },
          ],
        },
      },
    },
  };
}

/** Pod fields that land a pod on the test cluster's tainted node of the other platform. */
export function onPlatformNode(faults: PullFaults): DeploymentOptions['podSpec'] {
  const node = faults.platformNode;
  return {
    nodeSelector: { 'kubernetes.io/arch': node.arch },
    tolerations: [
      {
        key: node.taint.key,
        operator: 'Equal',
        value: node.taint.value,
        effect: node.taint.effect,
      },
    ],
  };
}

/** `kubectl create secret docker-registry` arguments for one user of a registry. */
export function dockerRegistrySecretArgs(
  namespace: string,
  name: string,
  server: string,
  user: { username: string; password: string },
): string[] {
  return [
    'create',
    'secret',
    'docker-registry',
    name,
    '-n',
    namespace,
    `--docker-server=${server}`,
    `--docker-username=${user.username}`,
    `--docker-password=${user.password}`,
  ];
}

/** A .dockerconfigjson text (base64) holding one kubectl-form entry per registry. */
export function dockerConfigJson(auths: Record<string, { username: string; password: string }>) {
  const entries = Object.fromEntries(
    Object.entries(auths).map(([server, { username, password }]) => [
      server,
      { username, password, auth: Buffer.from(`${username}:${password}`).toString('base64') },
    ]),
  );
  return Buffer.from(JSON.stringify({ auths: entries })).toString('base64');
}

/** A kubernetes.io/dockerconfigjson secret holding one kubectl-form entry per registry. */
export function pullSecretManifest(
  namespace: string,
  name: string,
  auths: Record<string, { username: string; password: string }>,
) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': dockerConfigJson(auths) },
  };
}

/** A StatefulSet of one replica (its pod is `<name>-0`) with the pod `template` given. */
export const statefulSetManifest = (name: string, template: object) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name },
  spec: { serviceName: name, replicas: 1, selector: { matchLabels: { app: name } }, template },
});

/** `kubectl wait` arguments until a Deployment is Available. */
export function availableArgs(namespace: string, name: string): string[] {
  return [
    'wait',
    '-n',
    namespace,
    `deployment/${name}`,
    '--for=condition=Available',
    '--timeout=60s',
  ];
}

/**
 * Names unique in this run: `prefix-<time in base 36>`, then a counter (after `separator`), so
 * two names asked for in the same millisecond differ.
 */
export function uniqueNames(separator = '') {
  let seq = 0;
  return (prefix: string) => `${prefix}-${Date.now().toString(36)}${separator}${++seq}`;
}

/** A user of one of the test cluster's registries (alice unless named). */
export const registryUser = (registry: Pick<RegistryInfo, 'users'>, username = 'alice') =>
  registry.users.find((user) => user.username === username)!;

/** A .dockerconfigjson entry as `docker login` writes it: the login and its base64 `auth`. */
export const dockerLogin = (username: string, password: string) => ({
  username,
  password,
  auth: Buffer.from(`${username}:${password}`).toString('base64'),
});

/**
 * kubectl argument lists that remove what an ESO test made, in order: its ClusterExternalSecret
 * `ces` (waited for: ESO, still running, removes its finalizers from the copies' namespaces), its
 * ClusterSecretStore `store`, then its `namespaces` (waited for unless `waitForNamespaces` is false).
 */
export function esoTestCleanupArgs(
  ces: string,
  store: string,
  namespaces: string[],
  { waitForNamespaces = true } = {},
): string[][] {
  return [
    ['delete', 'clusterexternalsecret', ces, '--ignore-not-found', '--wait=true'],
    ['delete', 'clustersecretstore', store, '--ignore-not-found'],
    [
      'delete',
      'namespace',
      ...namespaces,
      '--ignore-not-found',
      ...(waitForNamespaces ? [] : ['--wait=false']),
    ],
  ];
}

/**
 * kubectl argument lists that remove a PullKey project's in-cluster objects (ESO), in order: its
 * ClusterExternalSecrets (waited for: ESO removes its namespace finalizers while it runs), then
 * the project's ClusterSecretStore.
 */
export function keptProjectCleanupArgs(project: string, timeout = '60s'): string[][] {
  return [
    [
      'delete',
      'clusterexternalsecret',
      '-l',
      `pullkey.dev/project=${project}`,
      '--ignore-not-found',
      '--wait=true',
      `--timeout=${timeout}`,
    ],
    ['delete', 'clustersecretstore', `pullkey-pullkey-${project}`, '--ignore-not-found'],
  ];
}
