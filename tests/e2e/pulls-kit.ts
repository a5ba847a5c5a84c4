/**
 * What the Pull doctor's e2e specs do with kubectl, as a user's teammate would: make workloads
 * and secrets on context alpha-admin, recreate pods, and check the result.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readClusterState } from '../cluster/state';
import { expect } from './fixtures';

export const state = readClusterState();
export const basic = state.registries.basic;
export const alice = basic.users.find((user) => user.username === 'alice')!;

const base = ['--kubeconfig', state.kubeconfig, '--context', 'alpha-admin'];
export const kubectl = (...args: string[]) =>
  execFileSync(state.kubectl, [...base, ...args], { encoding: 'utf8' });
/** For waits while the page is served from this process (a sync call would block it). */
export const kubectlAsync = (...args: string[]) =>
  promisify(execFile)(state.kubectl, [...base, ...args]);
export const apply = (manifest: unknown) =>
  execFileSync(state.kubectl, [...base, 'apply', '-f', '-'], {
    input: JSON.stringify(manifest),
    encoding: 'utf8',
  });
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}`;

/** `kubectl create secret docker-registry` for the basic registry. */
export function registrySecret(
  name: string,
  namespace: string,
  username: string,
  password: string,
) {
  kubectl(
    'create',
    'secret',
    'docker-registry',
    name,
    '-n',
    namespace,
    `--docker-server=${basic.host}`,
    `--docker-username=${username}`,
    `--docker-password=${password}`,
  );
}

/** A Deployment of team/hello on the basic registry, as `kubectl apply` users write it. */
export function deployment(
  namespace: string,
  name: string,
  options: { pullSecrets?: string[]; tag?: string; serviceAccount?: string } = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { team: 'e2e' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(options.serviceAccount ? { serviceAccountName: options.serviceAccount } : {}),
          ...(options.pullSecrets?.length
            ? { imagePullSecrets: options.pullSecrets.map((item) => ({ name: item })) }
            : {}),
          containers: [
            {
              name: 'app',
              image: `${basic.host}/team/hello:${options.tag ?? '1.0'}`,
              env: [{ name: 'MODE', value: 'e2e' }],
            },
          ],
        },
      },
    },
  };
}

export const deploymentSpec = (namespace: string, name: string) =>
  (
    JSON.parse(kubectl('get', 'deployment', name, '-n', namespace, '-o', 'json')) as {
      spec: { template: { spec: { containers: Array<{ image: string }> } } };
    }
  ).spec;

/** Fresh pods pull at once (the kubelet's own retry waits for its back-off); then Running. */
export async function recreateAndWaitRunning(namespace: string, name: string) {
  await kubectlAsync('delete', 'pods', '-n', namespace, '-l', `app=${name}`, '--wait=false');
  await waitRunning(namespace, name);
}

export async function waitRunning(namespace: string, name: string) {
  await kubectlAsync('rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=90s');
  const pods = JSON.parse(
    kubectl('get', 'pods', '-n', namespace, '-l', `app=${name}`, '-o', 'json'),
  ) as { items: Array<{ status: { phase: string } }> };
  expect(pods.items.some((pod) => pod.status.phase === 'Running')).toBe(true);
}
