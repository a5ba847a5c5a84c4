/**
 * Pure: which registry credentials are short-lived tokens, and when they expire. The token is
 * read here and never leaves: the answer holds the provider and the expiry only.
 *
 * - Amazon ECR (`<account>.dkr.ecr.<region>.amazonaws.com[.cn]`, ECR Public `public.ecr.aws`),
 *   username `AWS`: the password is base64 of the JSON envelope `aws ecr get-login-password`
 *   prints ({"payload","datakey","version","type","expiration"}); `expiration` (Unix seconds) is
 *   exact. An envelope under username AWS on another host (a mirror, a proxy) is the same token.
 * - Google Artifact Registry / GCR (`*-docker.pkg.dev`, `gcr.io`, `*.gcr.io`), username
 *   `oauth2accesstoken` or `_dcgcloud_token`: an OAuth access token says nothing of its expiry,
 *   so "about 1 h after it was written" (the secret's last write), an estimate.
 * - Azure ACR (`*.azurecr.io`), username `00000000-0000-0000-0000-000000000000`: a JWT, `exp`.
 * - Any other password that is a JWT with a numeric `exp`: exact.
 */
import type { TokenView } from '../api/channels/tokens';
import { registryKind } from './hosts';

export const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
export const ECR_USER = 'AWS';
export const GOOGLE_TOKEN_USERS = ['oauth2accesstoken', '_dcgcloud_token'];
/** Google access tokens live 1 h (3599 s) unless the issuer says otherwise. */
export const GOOGLE_TOKEN_LIFE_MS = 60 * 60 * 1000;

function base64Json(text: string, url: boolean): unknown {
  const alphabet = url ? /^[A-Za-z0-9_-]+={0,2}$/ : /^[A-Za-z0-9+/]+={0,2}$/;
  if (!alphabet.test(text)) return null;
  try {
    const decoded = Buffer.from(text, url ? 'base64url' : 'base64').toString('utf8');
    if (!decoded.startsWith('{')) return null;
    const value: unknown = JSON.parse(decoded);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

const seconds = (value: unknown): string | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1e11
    ? new Date(value * 1000).toISOString()
    : null;

/** The expiry of an ECR authorization envelope, or null when the password is not one. */
export function ecrEnvelopeExpiry(password: string): string | null {
  const envelope = base64Json(password.trim(), false) as Record<string, unknown> | null;
  if (!envelope || typeof envelope.payload !== 'string' || typeof envelope.datakey !== 'string')
    return null;
  return seconds(envelope.expiration);
}

/** The `exp` of a JWT (header.payload.signature, header naming an alg), or null. */
export function jwtExpiry(password: string): string | null {
  const parts = password.trim().split('.');
  if (parts.length !== 3 || parts.some((part) => part.length === 0)) return null;
  const header = base64Json(parts[0]!, true) as Record<string, unknown> | null;
  if (!header || typeof header.alg !== 'string') return null;
  const payload = base64Json(parts[1]!, true) as Record<string, unknown> | null;
  return payload ? seconds(payload.exp) : null;
}

export interface CredentialLike {
  /** Canonical registry (host[:port][/path]). */
  registry: string;
  username: string;
  password: string;
  /** When the secret holding it was last written (managedFields), for estimates. */
  writtenAt?: string | null;
}

const PROVIDERS: Record<TokenView['kind'], string> = {
  ecr: 'Amazon ECR',
  gcr: 'Google Artifact Registry',
  acr: 'Azure Container Registry',
  jwt: 'JWT',
};

const view = (kind: TokenView['kind'], expiresAt: string | null, estimate = false): TokenView => ({
  kind,
  provider: PROVIDERS[kind],
  expiresAt,
  estimate,
});

/** The token a credential is, or null for a password that is not one PullKey knows. */
export function recognizeToken(credential: CredentialLike): TokenView | null {
  const { registry, username, password } = credential;
  if (!password) return null;
  const kind = registryKind(registry);
  if (username === ECR_USER) {
    const expiry = ecrEnvelopeExpiry(password);
    if (expiry) return view('ecr', expiry);
    // An ECR host's AWS login whose password is not an envelope: a token of unknown expiry.
    if (kind === 'ecr') return view('ecr', null);
  }
  if (kind === 'gcr' && GOOGLE_TOKEN_USERS.includes(username)) {
    const written = credential.writtenAt ? Date.parse(credential.writtenAt) : NaN;
    const expiresAt = Number.isFinite(written)
      ? new Date(written + GOOGLE_TOKEN_LIFE_MS).toISOString()
      : null;
    return view('gcr', expiresAt, true);
  }
  const jwt = jwtExpiry(password);
  if (kind === 'acr' && username === ACR_TOKEN_USER) return view('acr', jwt);
  return jwt ? view('jwt', jwt) : null;
}
