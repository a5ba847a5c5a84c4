/**
 * Shared set-up of the Pull doctor's integration tests: kubectl on a context, a Deployment and a
 * pull secret as a user makes them, a view wait.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { V1PodSpec } from '@kubernetes/client-node';
import type { Core } from '../../electron/core';
import type { PullsView } from '../../electron/core/api/contract';
import type { ClusterState } from '../cluster/state';
import { invoke } from './cluster-core';

const run = promisify(execFile);

export function kubectlFor(state: ClusterState, defaultContext: string) {
  return async (args: string[], input?: string, context = defaultContext): Promise<string> => {
    const child = run(state.kubectl, [
      '--kubeconfig',
      state.kubeconfig,
      '--context',
      context,
      ...args,
    ]);
    if (input !== undefined) child.child.stdin?.end(input);
    return (await child).stdout;
  };
}

/**
 * A Deployment as a user writes it: a label selector, an env var, its own pull secrets (none: no
 * imagePullSecrets field); `podSpec` adds pod fields (service account, node selector, …).
 */
export function deploymentManifest(
  namespace: string,
  name: string,
  pullSecrets: string[],
  image: string,
  podSpec: Pick<V1PodSpec, 'serviceAccountName' | 'nodeSelector' | 'tolerations'> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...podSpec,
          ...(pullSecrets.length
            ? { imagePullSecrets: pullSecrets.map((item) => ({ name: item })) }
            : {}),
          containers: [{ name: 'app', image, env: [{ name: 'KEEP', value: 'me' }] }],
        },
      },
    },
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

/** A kubernetes.io/dockerconfigjson secret holding one kubectl-form entry per registry. */
export function pullSecretManifest(
  namespace: string,
  name: string,
  auths: Record<string, { username: string; password: string }>,
) {
  const entries = Object.fromEntries(
    Object.entries(auths).map(([server, { username, password }]) => [
      server,
      { username, password, auth: Buffer.from(`${username}:${password}`).toString('base64') },
    ]),
  );
  const config = Buffer.from(JSON.stringify({ auths: entries })).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': config },
  };
}

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

/** Opens the Pulls view of a context and waits until `done(view)` holds. */
export async function pullsUntil(
  app: Core,
  context: string,
  done: (view: PullsView) => boolean,
  what: string,
  timeoutMs = 45_000,
): Promise<PullsView> {
  let last: PullsView | null = null;
  let stop: () => void = () => undefined;
  const reached = new Promise<PullsView>((resolve) => {
    stop = app.events.listen((event, payload) => {
      const view = payload as PullsView;
      if (event !== 'pulls:changed' || view.context !== context) return;
      last = view;
      if (done(view)) resolve(view);
    });
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const first = await invoke(app, 'pulls:open', { context });
    last = first;
    if (done(first)) return first;
    return await Promise.race([
      reached,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${what} not reached: ${JSON.stringify(last).slice(0, 2000)}`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    stop();
  }
}
