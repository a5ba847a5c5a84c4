/**
 * Contract, short-lived registry tokens (issue 21): what PullKey knows of a token (never its
 * value), the refresh source the user picks per registry (kept in settings, never a password),
 * "Refresh now" and "Keep fresh while PullKey runs".
 */
import { z } from 'zod';
import { registryHost } from './registries';
import type { WriteReport } from './registries-writes';
import { channel, contextName, noInput, operationId } from './shared';

/** A credential PullKey recognised as a short-lived token. The token itself is never here. */
export interface TokenView {
  kind: 'ecr' | 'gcr' | 'acr' | 'jwt';
  /** "Amazon ECR", "Google Artifact Registry", "Azure Container Registry", "JWT". */
  provider: string;
  /** When it expires (ISO 8601); null when neither the token nor the secret tells. */
  expiresAt: string | null;
  /** True when expiresAt is an estimate (a Google access token: about 1 h after it was written). */
  estimate: boolean;
}

const helperName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a docker-credential-<name> helper name');
const cliWord = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ -');

/** Where a fresh token comes from on this computer; kept per registry host in settings. */
export const tokenSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('helper'), helper: helperName }).strict(),
  z.object({ kind: z.literal('aws'), region: cliWord, profile: cliWord.optional() }).strict(),
  z.object({ kind: z.literal('gcloud') }).strict(),
  z.object({ kind: z.literal('az'), registryName: cliWord }).strict(),
]);
export type TokenSource = z.infer<typeof tokenSource>;

export interface TokenSourceSetting {
  /** The registry host (canonical), e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com. */
  host: string;
  source: TokenSource;
  /** Keep fresh while PullKey runs: refresh at half the remaining life. */
  keepFresh: boolean;
  /** The contexts whose copies a refresh writes. */
  contexts: string[];
  /** The command as the user would type it (no token in it), e.g. "aws ecr get-login-password …". */
  command: string;
}

export interface TokenRefreshReport extends WriteReport {
  host: string;
  /** The new token's expiry, when known. */
  expiresAt: string | null;
}

export interface TokenRefreshFailure {
  host: string;
  /** Plain words, with the command's stderr (e.g. "the AWS SSO session expired: run …"). */
  reason: string;
  at: string;
}

export const tokenChannels = {
  /** The refresh sources PullKey keeps, with the docker-credential-* helpers found on PATH. */
  'tokens:sources': channel<{ sources: TokenSourceSetting[]; helpers: string[] }>()(noInput),
  /** Keeps (or, with source null, forgets) the refresh source of one registry. */
  'tokens:set-source': channel<TokenSourceSetting[]>()(
    z
      .object({
        host: registryHost,
        source: tokenSource.nullable(),
        keepFresh: z.boolean().optional(),
        contexts: z.array(contextName).max(100).optional(),
      })
      .strict(),
  ),
  /**
   * Refresh now: runs the registry's source (argv, no shell, no terminal, a timeout; Cancel with
   * `registries:cancel`), then writes the new token to every copy in the contexts like "Update
   * password everywhere" (progress events of `operationId`), never an engine's copy.
   */
  'tokens:refresh': channel<TokenRefreshReport>()(
    z
      .object({
        host: registryHost,
        operationId,
        contexts: z.array(contextName).min(1).max(100).optional(),
      })
      .strict(),
  ),
} as const;

export interface TokenEvents {
  /** A refresh (Keep fresh) failed: the toast names the registry and the reason. */
  'tokens:refresh-failed': TokenRefreshFailure;
  /** A refresh (Keep fresh) wrote a new token. */
  'tokens:refreshed': { host: string; expiresAt: string | null; updated: number };
}
