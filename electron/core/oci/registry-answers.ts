/**
 * Pure: a registry's answers read for the client — network failures and 401/403 in plain words
 * (never quoting a body or a password), JSON bodies without the parser's message, rate-limit
 * headers.
 */
import { AppError } from '../api/errors';
import { unreachableCodes } from '../net/error-codes';
import { parseChallenge } from './challenge';
import type { HttpResponse } from './http';
import type { RegistryCredentials } from './transport';

/** The registry's `ratelimit-limit` / `ratelimit-remaining` headers (Docker Hub), if sent. */
export interface RateLimit {
  limit: string | null;
  remaining: string | null;
}

export function rateLimitHeaders(response: HttpResponse): RateLimit | undefined {
  const header = (name: string) => {
    const value = response.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  const limit = header('ratelimit-limit');
  const remaining = header('ratelimit-remaining');
  return limit || remaining ? { limit, remaining } : undefined;
}

const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|DEPTH_ZERO/;

export function networkError(error: unknown, host: string): AppError {
  // Node's errno codes are strings; anything else is printed as is.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const code = String((error as { code?: unknown }).code ?? '');
  const message = (error as Error).message ?? String(error);
  if (tlsCodes.test(code)) {
    return new AppError(
      'REGISTRY_TLS',
      `TLS problem with ${host} (${code}): give its CA file, or skip TLS verification for this check`,
      { host, cause: message },
    );
  }
  if (unreachableCodes.has(code)) {
    return new AppError(
      'REGISTRY_UNREACHABLE',
      `Registry ${host} is unreachable from this computer (${code}); the cluster may still reach it`,
      { host, cause: message },
    );
  }
  return new AppError('REGISTRY_ERROR', `Request to ${host} failed: ${message}`, {
    host,
    cause: message,
  });
}

/** JSON of an answer; the parser's message (which quotes the body) never comes out. */
export function parseJsonAnswer<T>(body: string, host: string, what: string): T {
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new AppError('REGISTRY_ERROR', `${host} sent ${what} that is not JSON`, { host });
  }
}

export function registryErrors(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ code?: string; message?: string }> };
    return (parsed.errors ?? [])
      .map((error) => `${error.code ?? ''} ${error.message ?? ''}`.trim())
      .join('; ');
  } catch {
    return '';
  }
}

/** A 401 or 403: wrong or missing credentials, or not allowed to pull this repository. */
export function unauthorized(
  host: string,
  response: HttpResponse,
  credentials: RegistryCredentials | null,
  repository?: string,
): AppError {
  const challenge = parseChallenge(response.headers['www-authenticate']);
  if (challenge?.params.error === 'insufficient_scope' || response.status === 403) {
    return new AppError(
      'REGISTRY_DENIED',
      `${credentials ? `"${credentials.username}"` : 'Anonymous access'} may not pull ${repository ?? 'from'} ${repository ? `on ${host}` : host}`,
      { host: host, repository, status: response.status },
    );
  }
  return new AppError(
    'REGISTRY_UNAUTHORIZED',
    credentials
      ? `${host} rejected the password of "${credentials.username}"`
      : `${host} requires credentials`,
    { host: host, status: response.status },
  );
}
