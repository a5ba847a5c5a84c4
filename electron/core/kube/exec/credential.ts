/**
 * Exec credential plugins, the pure part: the kubeconfig's `user.exec` stanza, what the plugin
 * is told (KUBERNETES_EXEC_INFO), and the ExecCredential it prints
 * (client.authentication.k8s.io/v1 and v1beta1), checked with client-go's rules
 * (k8s.io/client-go/plugin/pkg/client/auth/exec).
 */
import { z } from 'zod';
import { parseJsonDescribed } from '../../dockerconfig/go-json';

export const execApiVersions = [
  'client.authentication.k8s.io/v1',
  'client.authentication.k8s.io/v1beta1',
] as const;

const execConfigSchema = z.looseObject({
  apiVersion: z.string({ error: 'exec.apiVersion is required' }),
  command: z.string({ error: 'exec.command is required' }).min(1, 'exec.command is empty'),
  args: z.array(z.string()).nullish(),
  env: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
  interactiveMode: z.string().nullish(),
  provideClusterInfo: z.boolean().nullish(),
  installHint: z.string().nullish(),
});

export type ExecConfig = z.infer<typeof execConfigSchema>;

/** The credential a plugin printed, as PullKey uses it. */
export interface ExecCredential {
  token: string | null;
  clientCertificateData: string | null;
  clientKeyData: string | null;
  /** Epoch ms of status.expirationTimestamp; null: valid for the session (until a 401). */
  expiresAt: number | null;
}

/** Cluster information sent to plugins that ask for it (`provideClusterInfo: true`). */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
  config?: unknown;
}

/** Validates a kubeconfig user's `exec` stanza. Throws an Error saying what is wrong. */
export function parseExecConfig(raw: unknown): ExecConfig {
  const parsed = execConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `exec.${issue.path.join('.')}: ` : '';
    throw new Error(`invalid exec stanza: ${where}${issue?.message ?? 'not an object'}`);
  }
  if (!(execApiVersions as readonly string[]).includes(parsed.data.apiVersion)) {
    throw new Error(
      `exec plugin apiVersion "${parsed.data.apiVersion}" is not supported (use ${execApiVersions.join(' or ')})`,
    );
  }
  return parsed.data;
}

/** The plugin's command line as a user would type it (for messages). */
export function commandLine(config: Pick<ExecConfig, 'command' | 'args'>): string {
  return [config.command, ...(config.args ?? [])]
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : JSON.stringify(part)))
    .join(' ');
}

/**
 * Whether the plugin may run without a terminal, as client-go decides it for a process whose
 * standard input is not a terminal (a desktop app never has one). `Always` cannot run;
 * `IfAvailable` (v1beta1's default when unset) and `Never` run non-interactively.
 */
export function interactivity(
  config: Pick<ExecConfig, 'interactiveMode'>,
): { ok: true } | { ok: false; reason: string } {
  const mode = config.interactiveMode || 'IfAvailable';
  if (mode === 'Never' || mode === 'IfAvailable') return { ok: true };
  if (mode === 'Always') {
    return {
      ok: false,
      reason:
        'it needs a terminal (interactiveMode: Always) and PullKey has none: log in from a terminal first',
    };
  }
  return { ok: false, reason: `unknown interactiveMode "${mode}"` };
}

/** The KUBERNETES_EXEC_INFO value: an ExecCredential saying there is no terminal. */
export function execInfo(
  config: Pick<ExecConfig, 'apiVersion' | 'provideClusterInfo'>,
  cluster?: ExecClusterInfo,
): string {
  const spec: { interactive: false; cluster?: ExecClusterInfo } = { interactive: false };
  if (config.provideClusterInfo && cluster) spec.cluster = cluster;
  return JSON.stringify({ apiVersion: config.apiVersion, kind: 'ExecCredential', spec });
}

const credentialSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  status: z
    .looseObject({
      token: z.string().nullish(),
      clientCertificateData: z.string().nullish(),
      clientKeyData: z.string().nullish(),
      expirationTimestamp: z.string().nullish(),
    })
    .nullish(),
});

/**
 * Parses what the plugin printed on stdout. Throws an Error with client-go's wording when the
 * answer is not a usable ExecCredential of the configured apiVersion.
 */
export function parseExecCredential(stdout: string, apiVersion: string): ExecCredential {
  if (!stdout.trim())
    throw new Error('decoding stdout: not an ExecCredential (nothing was printed)');
  // Described, never quoted: the output holds the token (JSON.parse's message would quote it).
  const read = parseJsonDescribed(stdout, 'the output');
  if (!read.ok) throw new Error(`decoding stdout: not an ExecCredential (${read.problem})`);
  const parsed = credentialSchema.safeParse(read.value);
  if (!parsed.success) throw new Error('decoding stdout: not an ExecCredential object');
  const { data } = parsed;
  if (data.kind !== undefined && data.kind !== 'ExecCredential') {
    throw new Error(`decoding stdout: kind is "${data.kind}", expected ExecCredential`);
  }
  if (data.apiVersion !== apiVersion) {
    throw new Error(
      `exec plugin is configured to use API version ${apiVersion}, plugin returned version ${data.apiVersion ?? '(none)'}`,
    );
  }
  const status = data.status;
  if (!status) throw new Error("exec plugin didn't return a status field");
  const token = status.token || null;
  const cert = status.clientCertificateData || null;
  const key = status.clientKeyData || null;
  if (!token && !cert && !key)
    throw new Error("exec plugin didn't return a token or cert/key pair");
  if (!cert !== !key) throw new Error('exec plugin returned only certificate or key, not both');
  let expiresAt: number | null = null;
  if (status.expirationTimestamp) {
    expiresAt = Date.parse(status.expirationTimestamp);
    if (Number.isNaN(expiresAt)) {
      throw new Error(
        `exec plugin returned an invalid expirationTimestamp "${status.expirationTimestamp}"`,
      );
    }
  }
  return { token, clientCertificateData: cert, clientKeyData: key, expiresAt };
}

/** client-go's rule: a credential is used until the clock is past its expiry; none = no expiry. */
export function isFresh(credential: Pick<ExecCredential, 'expiresAt'>, now: number): boolean {
  return credential.expiresAt === null || now <= credential.expiresAt;
}

/** The last non-empty lines of a plugin's stderr, bounded, for an error message. */
export function lastLines(text: string, count = 5, maxChars = 1_000): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter(Boolean);
  const tail = lines.slice(-count).join('\n');
  return tail.length > maxChars ? `…${tail.slice(-maxChars)}` : tail;
}
