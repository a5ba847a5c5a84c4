/**
 * Pure: where the registry client may send a request. Next-page links stay on the registry's
 * origin; a token realm is https (plain http only when registry and realm are both loopback);
 * credentials go to the registry or its realm, nowhere else.
 */
import { AppError } from '../api/errors';

export function isLoopback(host: string): boolean {
  const name = host
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * The URL of the token realm, if the registry at `registryHost` may send credentials there;
 * `plainLoopback: false` refuses plain http even between loopback registry and realm.
 */
export function realmUrl(
  registryHost: string,
  realm: string,
  { plainLoopback: allowPlainLoopback = true } = {},
): URL {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new AppError('REGISTRY_ERROR', `${registryHost} sent a token realm that is not a URL`, {
      host: registryHost,
    });
  }
  if (url.username || url.password) {
    throw new AppError(
      'REGISTRY_ERROR',
      `${registryHost} sent a token realm with credentials in it; not used`,
      { host: registryHost },
    );
  }
  const plainLoopback =
    allowPlainLoopback &&
    url.protocol === 'http:' &&
    isLoopback(registryHost) &&
    isLoopback(url.host);
  if (url.protocol !== 'https:' && !plainLoopback) {
    throw new AppError(
      'REGISTRY_ERROR',
      `${registryHost} sent a token realm that is not https (${url.protocol}//${url.host}): credentials are not sent there`,
      { host: registryHost, realm: `${url.protocol}//${url.host}` },
    );
  }
  return url;
}

/**
 * The next page of a paginated answer from its Link header (RFC 8288), resolved against the
 * current URL; null when there is none. A link to another origin is refused.
 */
export function nextPageUrl(link: string | string[] | undefined, current: string): string | null {
  const header = Array.isArray(link) ? link.join(', ') : (link ?? '');
  const match = /<([^>]*)>\s*;[^,]*\brel="?next"?/i.exec(header);
  if (!match) return null;
  const base = new URL(current);
  let next: URL;
  try {
    next = new URL(match[1]!, base);
  } catch {
    throw new AppError('REGISTRY_ERROR', `${base.host} sent a next-page link that is not a URL`);
  }
  if (next.origin !== base.origin || next.username || next.password) {
    throw new AppError(
      'REGISTRY_ERROR',
      `${base.host} sent a next-page link to another origin (${next.protocol}//${next.host}); not followed`,
      { host: base.host },
    );
  }
  return next.toString();
}
