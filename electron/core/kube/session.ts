/**
 * One connection per kubeconfig context: a client-node KubeConfig built from PullKey's own
 * kubectl-exact merge (not client-node's), API clients, and error mapping. An exec credential
 * plugin runs through PullKey's own authenticator (kube/exec): only when this context makes a
 * request, one process at a time, cached until its expiry, with a hard timeout.
 */
import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
  VersionApi,
} from '@kubernetes/client-node';
import type { ClusterStatus } from '../api/contract';
import { AppError, toApiError } from '../api/errors';
import { connectionError } from './connection-errors';
import { createExecAuthenticator, type ExecAuthenticator } from './exec/authenticator';
import { defaultExecTimeoutMs } from './exec/run-plugin';
import type { MergedKubeconfig } from './kubeconfig/merge';

const unreachableCodes = new Set<string>([
  'CLUSTER_UNREACHABLE',
  'CLUSTER_TLS',
  'AUTH_PLUGIN_NOT_FOUND',
  'AUTH_PLUGIN_FAILED',
  'KUBE_API_ERROR',
]);

export interface KubeSession {
  readonly context: string;
  readonly server: string | null;
  readonly namespace: string;
  readonly kubeConfig: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly authz: AuthorizationV1Api;
  /** Runs an API call, turning any failure into a specific AppError. */
  call<T>(request: () => Promise<T>): Promise<T>;
  status(): Promise<ClusterStatus>;
  /** A fingerprint of the kubeconfig entries this session was built from. */
  readonly fingerprint: string;
}

/** The kubeconfig (as kubectl would see it) restricted to one context, its cluster and user. */
export function singleContextKubeconfig(merged: MergedKubeconfig, contextName: string) {
  const context = merged.contexts.get(contextName)?.entry;
  if (!context) {
    throw new AppError('CONTEXT_NOT_FOUND', `No context named "${contextName}" in the kubeconfig`);
  }
  const clusterName = context.context?.cluster ?? '';
  const userName = context.context?.user ?? '';
  const cluster = merged.clusters.get(clusterName)?.entry;
  const user = merged.users.get(userName)?.entry;
  if (!cluster?.cluster?.server) {
    throw new AppError(
      'KUBECONFIG_INVALID',
      `Context "${contextName}" refers to cluster "${clusterName}", which is not defined or has no server`,
    );
  }
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': contextName,
    clusters: [cluster],
    users: [user ?? { name: userName, user: {} }],
    contexts: [context],
  };
}

/** Identifies the kubeconfig entries behind a context: a change means a new session. */
export function sessionFingerprint(merged: MergedKubeconfig, contextName: string): string {
  return JSON.stringify(singleContextKubeconfig(merged, contextName));
}

export interface SessionOptions {
  /** Hard timeout of the context's exec credential plugin, read when it starts. */
  execTimeoutMs?: () => number | Promise<number>;
}

export function createSession(
  merged: MergedKubeconfig,
  contextName: string,
  env: NodeJS.ProcessEnv = process.env,
  options: SessionOptions = {},
): KubeSession {
  const config = singleContextKubeconfig(merged, contextName);
  const user = config.users[0]!;
  const exec = user.user?.exec;
  let authenticator: ExecAuthenticator | null = null;
  const kubeConfig = new KubeConfig();
  if (exec) {
    // client-node's own ExecAuth would take the user (it is consulted first): hand client-node
    // the user without `exec`, and PullKey's authenticator for it.
    authenticator = createExecAuthenticator({
      userName: user.name,
      context: contextName,
      exec,
      env,
      timeoutMs: options.execTimeoutMs ?? (() => defaultExecTimeoutMs),
      cluster: config.clusters[0]?.cluster,
    });
    kubeConfig.addAuthenticator(authenticator);
    const { exec: _handled, ...withoutExec } = user.user!;
    kubeConfig.loadFromString(
      JSON.stringify({ ...config, users: [{ ...user, user: withoutExec }] }),
    );
  } else {
    kubeConfig.loadFromString(JSON.stringify(config));
  }
  const cluster = kubeConfig.getCurrentCluster();
  const server = cluster?.server ?? null;
  const execCommand = exec?.command ?? null;
  const namespace = config.contexts[0]?.context?.namespace || 'default';

  const where = { context: contextName, server, execCommand, path: env.PATH };
  async function call<T>(request: () => Promise<T>): Promise<T> {
    const used = authenticator?.peek();
    try {
      return await request();
    } catch (error) {
      const failure = connectionError(error, where);
      // Like client-go: a 401 drops the plugin's credential (if still the one used), so the
      // next request runs the plugin again.
      if (failure.code === 'CLUSTER_UNAUTHORIZED') authenticator?.invalidate(used);
      throw failure;
    }
  }

  const versionApi = kubeConfig.makeApiClient(VersionApi);
  return {
    context: contextName,
    server,
    namespace,
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    authz: kubeConfig.makeApiClient(AuthorizationV1Api),
    fingerprint: JSON.stringify(config),
    call,
    async status() {
      const checkedAt = new Date().toISOString();
      try {
        const info = await call(() => versionApi.getCode());
        return {
          context: contextName,
          server,
          reachable: true,
          version: info.gitVersion,
          error: null,
          checkedAt,
        };
      } catch (error) {
        const apiError = toApiError(error);
        // The server answered (401/403/...) unless the failure is about getting there.
        const reachable = !unreachableCodes.has(apiError.code);
        return {
          context: contextName,
          server,
          reachable,
          version: null,
          error: apiError,
          checkedAt,
        };
      }
    },
  };
}
