/**
 * One connection per kubeconfig context: a client-node KubeConfig built from PullKey's own
 * kubectl-exact merge (not client-node's), API clients, and error mapping. Exec credential
 * plugins run asynchronously in client-node 2.x (spawn, not spawnSync) and their credentials
 * are cached until expiry, so a slow plugin never blocks the main process.
 */
import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
  VersionApi,
} from '@kubernetes/client-node';
import type { ClusterStatus } from '../api/contract';
import { AppError } from '../api/errors';
import { toApiError } from '../api/router';
import { connectionError } from './connection-errors';
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

export function createSession(
  merged: MergedKubeconfig,
  contextName: string,
  env: NodeJS.ProcessEnv = process.env,
): KubeSession {
  const config = singleContextKubeconfig(merged, contextName);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(config));
  const cluster = kubeConfig.getCurrentCluster();
  const server = cluster?.server ?? null;
  const execCommand = config.users[0]?.user?.exec?.command ?? null;
  const namespace = config.contexts[0]?.context?.namespace || 'default';

  const where = { context: contextName, server, execCommand, path: env.PATH };
  async function call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw connectionError(error, where);
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
