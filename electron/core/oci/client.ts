/**
 * The registry HTTP API v2 from the laptop: ping, login check, manifest HEAD and tags list,
 * with Basic or Bearer-token auth (the WWW-Authenticate challenge decides), a custom CA or
 * skipped verification for self-hosted registries.
 */
import type { LookupFunction } from 'node:net';
import { AppError } from '../api/errors';
import { unreachableCodes } from '../net/error-codes';
import { parseChallenge } from './challenge';
import { DEFAULT_DEADLINE_MS, httpRequest, type HttpResponse } from './http';
import { isLoopback, nextPageUrl, realmUrl } from './origin-policy';
import { indexPlatforms, platformName, type OciPlatform } from './platforms';

export interface RegistryTarget {
  /** host[:port] as in image references (Docker Hub: "docker.io"). */
  host: string;
  ca?: string | null | undefined;
  insecureSkipVerify?: boolean | undefined;
  /** Total deadline of each request (connect + headers + body); default 15 s. */
  timeoutMs?: number;
  /**
   * Never plain http, even for a loopback registry or token realm (automatic checks: credentials
   * they carry were not typed for this computer, so they travel over https only).
   */
  httpsOnly?: boolean | undefined;
  /** Resolves the registry's and its token realm's names for every connection (http.ts). */
  lookup?: LookupFunction | undefined;
}

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface ManifestInfo {
  digest: string | null;
  mediaType: string | null;
  size: number | null;
  /** The registry's `ratelimit-limit` / `ratelimit-remaining` headers (Docker Hub), if sent. */
  rateLimit?: { limit: string | null; remaining: string | null } | undefined;
}

function rateLimitHeaders(response: HttpResponse): ManifestInfo['rateLimit'] {
  const header = (name: string) => {
    const value = response.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  const limit = header('ratelimit-limit');
  const remaining = header('ratelimit-remaining');
  return limit || remaining ? { limit, remaining } : undefined;
}

const manifestAccept = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|DEPTH_ZERO/;

/** Docker Hub's API lives on registry-1.docker.io. */
function apiHost(host: string): string {
  return host === 'docker.io' || host === 'index.docker.io' ? 'registry-1.docker.io' : host;
}

function networkError(error: unknown, host: string): AppError {
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
function parseJsonAnswer<T>(body: string, host: string, what: string): T {
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new AppError('REGISTRY_ERROR', `${host} sent ${what} that is not JSON`, { host });
  }
}

function registryErrors(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ code?: string; message?: string }> };
    return (parsed.errors ?? [])
      .map((error) => `${error.code ?? ''} ${error.message ?? ''}`.trim())
      .join('; ');
  } catch {
    return '';
  }
}

export function createRegistryClient(target: RegistryTarget) {
  const host = apiHost(target.host);
  let base: Promise<string> | null = null;
  const tokens = new Map<string, string>();

  async function send(
    url: string,
    method: 'GET' | 'HEAD',
    headers: Record<string, string>,
  ): Promise<HttpResponse> {
    try {
      return await httpRequest({
        method,
        url,
        headers,
        ca: target.ca,
        insecureSkipVerify: target.insecureSkipVerify,
        timeoutMs: target.timeoutMs ?? DEFAULT_DEADLINE_MS,
        lookup: target.lookup,
      });
    } catch (error) {
      throw networkError(error, target.host);
    }
  }

  /** https, or plain http for loopback registries that do not speak TLS (as docker allows). */
  function baseUrl(): Promise<string> {
    base ??= (async () => {
      const secure = `https://${host}`;
      if (!isLoopback(host)) return secure;
      // Loopback: try https first; plain http only when the registry answered plain http.
      try {
        await send(`${secure}/v2/`, 'GET', {});
        return secure;
      } catch (error) {
        const code = (error as AppError).details as { cause?: string } | undefined;
        if ((error as AppError).code === 'REGISTRY_TLS') throw error;
        if (
          /wrong version number|EPROTO|packet length|ECONNRESET/i.test(String(code?.cause ?? ''))
        ) {
          if (target.httpsOnly)
            throw new AppError(
              'REGISTRY_ERROR',
              `${target.host} speaks plain http only: credentials are not sent over plain http`,
              { host: target.host, plainHttp: true },
            );
          return `http://${host}`;
        }
        throw error;
      }
    })();
    base.catch(() => (base = null));
    return base;
  }

  async function bearerToken(
    params: Record<string, string>,
    scope: string | null,
    credentials: RegistryCredentials | null,
  ): Promise<string> {
    const realm = params.realm;
    if (!realm)
      throw new AppError(
        'REGISTRY_ERROR',
        `${target.host} asked for a Bearer token without a realm`,
      );
    // https only (http for a loopback registry's loopback realm); Basic goes nowhere else.
    const url = realmUrl(host, realm, { plainLoopback: !target.httpsOnly });
    if (params.service) url.searchParams.set('service', params.service);
    if (scope) url.searchParams.set('scope', scope);
    const headers: Record<string, string> = {};
    if (credentials)
      headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    const response = await send(url.toString(), 'GET', headers);
    if (response.status === 401 || response.status === 403) {
      throw new AppError(
        'REGISTRY_UNAUTHORIZED',
        `${target.host} rejected the credentials${credentials ? ` of "${credentials.username}"` : ''} (token server ${response.status})`,
        { host: target.host, status: response.status },
      );
    }
    if (response.status !== 200) {
      throw new AppError(
        'REGISTRY_ERROR',
        `Token server of ${target.host} answered ${response.status}`,
        { host: target.host, status: response.status },
      );
    }
    const body = parseJsonAnswer<{ token?: string; access_token?: string }>(
      response.body,
      target.host,
      'a token answer',
    );
    const token = body.token ?? body.access_token;
    if (!token)
      throw new AppError('REGISTRY_ERROR', `Token server of ${target.host} returned no token`);
    return token;
  }

  /**
   * Sends a request, answering the auth challenge once, as docker does. `path` is a path on the
   * registry, or an absolute URL already checked to be on the registry's origin.
   */
  async function authorized(
    path: string,
    method: 'GET' | 'HEAD',
    scope: string | null,
    credentials: RegistryCredentials | null,
    accept?: string,
  ): Promise<HttpResponse> {
    const url = /^https?:\/\//.test(path) ? path : `${await baseUrl()}${path}`;
    const headers: Record<string, string> = accept ? { accept } : {};
    const cached = tokens.get(scope ?? '');
    const first = await send(
      url,
      method,
      cached ? { ...headers, authorization: `Bearer ${cached}` } : headers,
    );
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.headers['www-authenticate']);
    if (challenge?.scheme === 'basic') {
      if (!credentials) return first;
      const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString(
        'base64',
      );
      return send(url, method, { ...headers, authorization: `Basic ${basic}` });
    }
    if (challenge?.scheme === 'bearer') {
      const token = await bearerToken(
        challenge.params,
        scope ?? challenge.params.scope ?? null,
        credentials,
      );
      tokens.set(scope ?? '', token);
      return send(url, method, { ...headers, authorization: `Bearer ${token}` });
    }
    return first;
  }

  function unauthorized(
    response: HttpResponse,
    credentials: RegistryCredentials | null,
    repository?: string,
  ): AppError {
    const challenge = parseChallenge(response.headers['www-authenticate']);
    if (challenge?.params.error === 'insufficient_scope' || response.status === 403) {
      return new AppError(
        'REGISTRY_DENIED',
        `${credentials ? `"${credentials.username}"` : 'Anonymous access'} may not pull ${repository ?? 'from'} ${repository ? `on ${target.host}` : target.host}`,
        { host: target.host, repository, status: response.status },
      );
    }
    return new AppError(
      'REGISTRY_UNAUTHORIZED',
      credentials
        ? `${target.host} rejected the password of "${credentials.username}"`
        : `${target.host} requires credentials`,
      { host: target.host, status: response.status },
    );
  }

  return {
    host: target.host,
    /** GET /v2/ with the credentials: resolves when the registry accepts them. */
    async verifyLogin(
      credentials: RegistryCredentials | null,
    ): Promise<{ auth: 'none' | 'basic' | 'bearer' }> {
      const url = `${await baseUrl()}/v2/`;
      const ping = await send(url, 'GET', {});
      if (ping.status === 200) return { auth: 'none' };
      const challenge = parseChallenge(ping.headers['www-authenticate']);
      if (ping.status !== 401 || !challenge) {
        throw new AppError(
          'REGISTRY_ERROR',
          `${target.host} does not look like a registry (GET /v2/ answered ${ping.status})`,
          { host: target.host, status: ping.status },
        );
      }
      const response = await authorized('/v2/', 'GET', null, credentials);
      if (response.status === 200)
        return { auth: challenge.scheme === 'bearer' ? 'bearer' : 'basic' };
      throw unauthorized(response, credentials);
    },
    async manifest(
      repository: string,
      reference: string,
      credentials: RegistryCredentials | null,
    ): Promise<ManifestInfo> {
      const response = await authorized(
        `/v2/${repository}/manifests/${reference}`,
        'HEAD',
        `repository:${repository}:pull`,
        credentials,
        manifestAccept,
      );
      if (response.status === 200) {
        const length = response.headers['content-length'];
        return {
          digest: (response.headers['docker-content-digest'] as string | undefined) ?? null,
          mediaType: response.headers['content-type'] ?? null,
          size: length ? Number(length) : null,
          rateLimit: rateLimitHeaders(response),
        };
      }
      if (response.status === 429) {
        throw new AppError(
          'REGISTRY_ERROR',
          `${target.host} refuses more requests for now (429 too many requests)`,
          { host: target.host, status: 429, rateLimit: rateLimitHeaders(response) },
        );
      }
      if (response.status === 404) {
        throw new AppError(
          'REGISTRY_NOT_FOUND',
          `${reference.startsWith('sha256:') ? 'digest' : 'tag'} ${reference} not found in ${target.host}/${repository}`,
          { host: target.host, repository, reference },
        );
      }
      if (response.status === 401 || response.status === 403)
        throw unauthorized(response, credentials, repository);
      throw new AppError(
        'REGISTRY_ERROR',
        `${target.host} answered ${response.status} for ${repository}:${reference}`,
        { host: target.host, status: response.status },
      );
    },
    /**
     * The platforms the image offers: its index's entries, or the single manifest's config
     * platform; null when the registry does not say (or refuses the GET, e.g. 429).
     */
    async platforms(
      repository: string,
      reference: string,
      credentials: RegistryCredentials | null,
    ): Promise<string[] | null> {
      const scope = `repository:${repository}:pull`;
      const response = await authorized(
        `/v2/${repository}/manifests/${reference}`,
        'GET',
        scope,
        credentials,
        manifestAccept,
      );
      if (response.status !== 200) return null;
      const listed = indexPlatforms(response.body, response.headers['content-type'] ?? null);
      if (listed) return listed;
      const manifest = parseJsonAnswer<{ config?: { digest?: string } }>(
        response.body,
        target.host,
        'a manifest',
      );
      const digest = manifest.config?.digest;
      if (!digest || !/^sha256:[a-f0-9]{64}$/.test(digest)) return null;
      const config = await authorized(
        `/v2/${repository}/blobs/${digest}`,
        'GET',
        scope,
        credentials,
      );
      if (config.status !== 200) return null;
      const platform = parseJsonAnswer<OciPlatform>(config.body, target.host, 'an image config');
      return platform.os && platform.architecture ? [platformName(platform)] : null;
    },
    async tags(
      repository: string,
      credentials: RegistryCredentials | null,
      limit = 1000,
    ): Promise<string[]> {
      const found: string[] = [];
      let path: string | null = `${await baseUrl()}/v2/${repository}/tags/list?n=200`;
      for (let page = 0; path && page < 20 && found.length < limit; page++) {
        const response = await authorized(
          path,
          'GET',
          `repository:${repository}:pull`,
          credentials,
        );
        if (response.status === 404) {
          throw new AppError(
            'REGISTRY_NOT_FOUND',
            `repository ${repository} not found on ${target.host}`,
            { host: target.host, repository, errors: registryErrors(response.body) },
          );
        }
        if (response.status === 401 || response.status === 403)
          throw unauthorized(response, credentials, repository);
        if (response.status !== 200)
          throw new AppError(
            'REGISTRY_ERROR',
            `${target.host} answered ${response.status} listing tags of ${repository}`,
          );
        const { tags } = parseJsonAnswer<{ tags?: unknown }>(
          response.body,
          target.host,
          'a tag list',
        );
        if (Array.isArray(tags)) found.push(...tags.filter((tag) => typeof tag === 'string'));
        // Resolved against this page's URL; a link to another origin is refused.
        path = nextPageUrl(response.headers.link, path);
      }
      return found.slice(0, limit);
    },
  };
}
