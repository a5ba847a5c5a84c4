/**
 * Pure: the commands a refresh source runs (argv, never a shell line), the username the new token
 * is written under, the source PullKey suggests for a host, what a failed command's stderr means
 * in plain words, and when Keep fresh refreshes next (at half the remaining life).
 */
import type { TokenSource } from '../api/channels/tokens';
import { registryKind } from './hosts';
import { ACR_TOKEN_USER, ECR_USER } from './recognize';

export interface SourceCommand {
  /** The program looked up on PATH (the login shell's), never the working directory. */
  program: string;
  args: string[];
  /** Written to stdin (a credential helper reads the server URL there); stdin is closed after. */
  input: string;
  /** How stdout is read: the token alone, or a credential helper's JSON {Username, Secret}. */
  output: 'token' | 'helper-json';
  /** The username for the new token (a helper's answer names its own). */
  username: string | null;
}

/** The ECR region of a host, e.g. eu-west-1 of 123456789012.dkr.ecr.eu-west-1.amazonaws.com. */
export function ecrRegion(host: string): string | null {
  return /\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1] ?? null;
}

export function sourceCommand(source: TokenSource, host: string): SourceCommand {
  switch (source.kind) {
    case 'helper':
      return {
        program: `docker-credential-${source.helper}`,
        args: ['get'],
        input: host,
        output: 'helper-json',
        username: null,
      };
    case 'aws':
      return {
        program: 'aws',
        args: [
          ...(host === 'public.ecr.aws' ? ['ecr-public'] : ['ecr']),
          ...['get-login-password', '--region', source.region],
          ...(source.profile ? ['--profile', source.profile] : []),
        ],
        input: '',
        output: 'token',
        username: ECR_USER,
      };
    case 'gcloud':
      return {
        program: 'gcloud',
        args: ['auth', 'print-access-token'],
        input: '',
        output: 'token',
        username: 'oauth2accesstoken',
      };
    case 'az':
      return {
        program: 'az',
        args: [
          'acr',
          'login',
          '--name',
          source.registryName,
          '--expose-token',
          '--output',
          'tsv',
          '--query',
          'accessToken',
        ],
        input: '',
        output: 'token',
        username: ACR_TOKEN_USER,
      };
  }
}

/** The command as the user would type it (no token in it). */
export function commandText(source: TokenSource, host: string): string {
  const { program, args, input } = sourceCommand(source, host);
  const line = [program, ...args].join(' ');
  return input ? `echo ${input} | ${line}` : line;
}

/** The source PullKey offers first for a host (the user may pick another). */
export function suggestedSource(host: string, helpers: string[]): TokenSource | null {
  const kind = registryKind(host);
  const wanted = { ecr: 'ecr-login', gcr: 'gcloud', acr: 'acr-env' } as const;
  if (kind && helpers.includes(wanted[kind])) return { kind: 'helper', helper: wanted[kind] };
  if (kind === 'ecr') {
    const region = ecrRegion(host) ?? 'us-east-1';
    return { kind: 'aws', region };
  }
  if (kind === 'gcr') return { kind: 'gcloud' };
  if (kind === 'acr') return { kind: 'az', registryName: host.split('.')[0]! };
  return null;
}

const HINTS: Array<[RegExp, string]> = [
  [
    /sso session.*expired|token has expired and refresh failed|error loading sso token|sso.*(re-?authenticate|login)/i,
    'the AWS SSO session expired: run `aws sso login` in a terminal',
  ],
  [
    /unable to locate credentials|could not be found.*profile|the config profile .* could not be found/i,
    'the AWS CLI has no credentials for this profile: run `aws configure` (or `aws sso login`) in a terminal',
  ],
  [
    /reauthentication|refreshing your current auth tokens|gcloud auth login|invalid_grant/i,
    'the gcloud login expired: run `gcloud auth login` in a terminal',
  ],
  [
    /please run 'az login'|az login|AADSTS\d+/i,
    'the Azure login expired: run `az login` in a terminal',
  ],
  [
    /credentials not found in native keychain/i,
    'the credential helper has no login for this registry',
  ],
];

/** A failed command in plain words: a known cause first, then the command's own stderr. */
export function failureReason(program: string, stderr: string, fallback: string): string {
  const text = stderr.trim().split('\n').slice(-6).join('\n').slice(0, 600);
  const hint = HINTS.find(([pattern]) => pattern.test(text))?.[1];
  const said = text || fallback;
  return hint ? `${hint} (${program}: ${said})` : `${program} failed: ${said}`;
}

/** Keep fresh: refresh at half the remaining life, never sooner than `floorMs` from now. */
export function nextRefreshAt(
  expiresAt: string | null,
  now: number,
  options: { floorMs?: number; unknownMs?: number } = {},
): number {
  const floor = options.floorMs ?? 30_000;
  const unknown = options.unknownMs ?? 30 * 60_000;
  if (!expiresAt) return now + unknown;
  const left = Date.parse(expiresAt) - now;
  return now + Math.max(floor, Math.floor(left / 2));
}
