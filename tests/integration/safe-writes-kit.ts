/**
 * The set-up of the safe-writes tests (issue 10, "never damage what users already run"): a
 * namespace of their own, kubectl on it, and the waits and readers the three files share
 * (safe-writes-update, safe-writes-attach, safe-writes-preconditions).
 */
import { beforeAll } from 'vitest';
import type { ChannelInput } from '../../electron/core/api/contract';
import { invoke, invokeRaw } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { kubectlSync } from '../kit/kubectl';
import { registryUser, uniqueNames } from '../kit/manifests';

export const CONTEXT = 'alpha-admin';
// A namespace of its own: the secrets made here do not crowd the other tests' namespaces.
export const NAMESPACE = `safe-writes-${Date.now().toString(36)}`;
export const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE, ownNamespace: true });
export const unique = uniqueNames();
export const op = () => unique('op');
export const basic = () => suite.state.registries.basic;
export const alice = () => registryUser(basic());

export const kubectlIn = (namespace: string) =>
  kubectlSync(() => suite.state, { context: CONTEXT, namespace });
export const kubectl = kubectlIn(NAMESPACE);
export const apply = (manifest: object) => kubectl(['apply', '-f', '-'], JSON.stringify(manifest));
// kubectl's JSON, read loosely as the tests compare whole parts of it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const getJson = <T = Record<string, any>>(kind: string, name: string): T =>
  JSON.parse(kubectl(['get', kind, name, '-o', 'json'])) as T;
export const exists = (kind: string, name: string) => {
  try {
    kubectl(['get', kind, name, '-o', 'name']);
    return true;
  } catch {
    return false;
  }
};
export const pullSecretNames = (spec: { imagePullSecrets?: Array<{ name: string }> } | undefined) =>
  (spec?.imagePullSecrets ?? []).map((ref) => ref.name);

/** A registry secret made with kubectl create secret docker-registry. */
export function dockerSecret(name: string, username: string, password: string) {
  kubectl([
    'create',
    'secret',
    'docker-registry',
    name,
    `--docker-server=${basic().host}`,
    `--docker-username=${username}`,
    `--docker-password=${password}`,
  ]);
}
export function secretConfig(name: string): { auths: Record<string, Record<string, string>> } {
  const encoded = kubectl(['get', 'secret', name, '-o', 'jsonpath={.data.\\.dockerconfigjson}']);
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as {
    auths: Record<string, Record<string, string>>;
  };
}
/** The copy as the registries list shows it (once the namespace watch knows the namespace). */
export const listedCopy = (name: string) => suite.listedCopy(name);

/** Waits for a condition read from the cluster (no fixed sleeps). */
export async function until<T>(
  read: () => T | Promise<T>,
  ok: (value: T) => boolean,
  what: string,
) {
  const deadline = Date.now() + 60_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // not there yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)?.slice(0, 500)}`);
}

export type Workload = ChannelInput<'deploy:preflight'>['workload'];
export type Seen = NonNullable<ChannelInput<'deploy:apply'>['seen']>;
/** The form's "Update it" preview, then the update with what the preview saw. */
export const previewUpdate = (workload: Workload) =>
  invoke(suite.app, 'deploy:preflight', { context: CONTEXT, workload, update: true });
export const applyUpdateRaw = (workload: Workload, seen: Seen) =>
  invokeRaw(suite.app, 'deploy:apply', { context: CONTEXT, workload, update: true, seen });
export const applyUpdate = (workload: Workload, seen: Seen) =>
  invoke(suite.app, 'deploy:apply', { context: CONTEXT, workload, update: true, seen });

export const image = (tag = '1.0') => `${basic().host}/team/hello:${tag}`;
export const podTemplate = (name: string, pullSecrets: string[]) => ({
  metadata: { labels: { app: name }, annotations: { 'team.example/owner': 'ops' } },
  spec: {
    serviceAccountName: 'default',
    imagePullSecrets: pullSecrets.map((secret) => ({ name: secret })),
    volumes: [{ name: 'cache', emptyDir: {} }],
    containers: [
      {
        name: 'hello',
        image: image(),
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
        readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 30 },
        volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
        env: [{ name: 'KEEP_ME', value: 'yes' }],
      },
      { name: 'proxy', image: `${basic().host}/team/hello:1.1`, args: ['--sidecar'] },
    ],
  },
});
/** A Deployment with no pods (replicas 0) of `podTemplate`, made with kubectl. */
export function applyIdleDeployment(name: string, pullSecrets: string[]) {
  apply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: podTemplate(name, pullSecrets),
    },
  });
}
/** A bare Pod made with kubectl, as a user would have it (sidecar, volume, annotations). */
export function applyBarePod(name: string, pullSecrets: string[]) {
  const template = podTemplate(name, pullSecrets);
  apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...template.metadata },
    spec: template.spec,
  });
}
/** The deploy form's input that updates a Pod to image 1.1. */
export const podUpdate = (name: string, pullSecrets: string[]) => ({
  kind: 'Pod' as const,
  name,
  namespace: NAMESPACE,
  image: image('1.1'),
  pullSecrets,
});

beforeAll(async () => {
  // Pods can be created once the namespace's default ServiceAccount exists.
  await until(
    () => kubectl(['get', 'serviceaccount', 'default', '-o', 'name']),
    (out) => out.trim() === 'serviceaccount/default',
    'the default ServiceAccount',
  );
});
