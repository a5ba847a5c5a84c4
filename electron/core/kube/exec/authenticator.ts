/**
 * PullKey's exec credential authenticator for client-node's KubeConfig, in place of client-node's
 * own ExecAuth (which has no timeout, no single-flight, and a cache shared by user name): one
 * plugin process at a time per session (= per context), its credential kept until its
 * expirationTimestamp (none: for the session, until a 401), a hard timeout from the settings.
 */
import { readFile } from 'node:fs/promises';
import type { KubeConfig, User } from '@kubernetes/client-node';
import { AppError } from '../../api/errors';
import {
  commandLine,
  isFresh,
  parseExecConfig,
  type ExecClusterInfo,
  type ExecConfig,
  type ExecCredential,
} from './credential';
import { runExecPlugin, type RunPluginOptions } from './run-plugin';
import { createSingleFlightCache } from './single-flight';

type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];
type RequestOptions = Parameters<Authenticator['applyAuthentication']>[1];

export interface ExecAuthenticator extends Authenticator {
  /** The plugin's command line (for messages). */
  readonly command: string;
  /** The credential: kept while fresh, else from the one plugin run in flight, else a new run. */
  credential(): Promise<ExecCredential>;
  /** The kept credential, if any (pass it to `invalidate` when a request using it got 401). */
  peek(): ExecCredential | undefined;
  invalidate(used?: ExecCredential): void;
}

/** The kubeconfig cluster stanza fields a plugin may be told about (`provideClusterInfo`). */
export interface ClusterStanza {
  server?: string | undefined;
  'certificate-authority'?: string | undefined;
  'certificate-authority-data'?: unknown;
  'tls-server-name'?: unknown;
  'insecure-skip-tls-verify'?: unknown;
  'proxy-url'?: unknown;
  extensions?: unknown;
}

export interface ExecAuthenticatorOptions {
  /** The kubeconfig user whose `exec` stanza this is. */
  userName: string;
  context: string;
  exec: unknown;
  env: NodeJS.ProcessEnv;
  /** The hard timeout in force when a plugin starts (a setting). */
  timeoutMs: () => number | Promise<number>;
  cluster?: ClusterStanza | undefined;
  now?: () => number;
  run?: (options: RunPluginOptions) => Promise<ExecCredential>;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

async function clusterInfo(stanza: ClusterStanza): Promise<ExecClusterInfo> {
  const info: ExecClusterInfo = { server: stanza.server ?? '' };
  const caData =
    text(stanza['certificate-authority-data']) ??
    (stanza['certificate-authority']
      ? (await readFile(stanza['certificate-authority'])).toString('base64')
      : undefined);
  if (caData) info['certificate-authority-data'] = caData;
  if (text(stanza['tls-server-name'])) info['tls-server-name'] = text(stanza['tls-server-name']);
  if (stanza['insecure-skip-tls-verify'] === true) info['insecure-skip-tls-verify'] = true;
  if (text(stanza['proxy-url'])) info['proxy-url'] = text(stanza['proxy-url']);
  if (Array.isArray(stanza.extensions)) {
    const extension = (stanza.extensions as Array<{ name?: unknown; extension?: unknown }>).find(
      (entry) => entry?.name === 'client.authentication.k8s.io/exec',
    );
    if (extension) info.config = extension.extension;
  }
  return info;
}

export function createExecAuthenticator(options: ExecAuthenticatorOptions): ExecAuthenticator {
  const now = options.now ?? Date.now;
  const run = options.run ?? runExecPlugin;
  let config: ExecConfig | null = null;
  let invalid: string | null = null;
  try {
    config = parseExecConfig(options.exec);
  } catch (error) {
    invalid = (error as Error).message;
  }
  const command = config
    ? commandLine(config)
    : // eslint-disable-next-line @typescript-eslint/no-base-to-string -- printed as configured
      String((options.exec as { command?: unknown } | null)?.command ?? '');

  const cache = createSingleFlightCache<ExecCredential>(
    async () => {
      if (!config) {
        throw new AppError(
          'AUTH_PLUGIN_FAILED',
          `Credential plugin of context "${options.context}" is misconfigured: ${invalid}`,
          { context: options.context, command },
        );
      }
      let cluster: ExecClusterInfo | undefined;
      if (config.provideClusterInfo && options.cluster) {
        try {
          cluster = await clusterInfo(options.cluster);
        } catch (error) {
          throw new AppError(
            'AUTH_PLUGIN_FAILED',
            `Credential plugin "${command}" of context "${options.context}" needs the cluster's details, which could not be read: ${(error as Error).message}`,
            { context: options.context, command },
          );
        }
      }
      return run({
        config,
        context: options.context,
        env: options.env,
        timeoutMs: await options.timeoutMs(),
        ...(cluster ? { cluster } : {}),
      });
    },
    (credential) => isFresh(credential, now()),
  );

  return {
    command,
    credential: () => cache.get(),
    peek: () => cache.peek(),
    invalidate: (used) => cache.invalidate(used),
    isAuthProvider: (user: User) => user?.name === options.userName,
    async applyAuthentication(_user: User, opts: RequestOptions) {
      const credential = await cache.get();
      const target = opts as {
        cert?: string;
        key?: string;
        headers?: Record<string, unknown>;
      };
      if (credential.clientCertificateData && credential.clientKeyData) {
        target.cert = credential.clientCertificateData;
        target.key = credential.clientKeyData;
      }
      if (credential.token) {
        target.headers ??= {};
        target.headers.Authorization = `Bearer ${credential.token}`;
      }
    },
  };
}
