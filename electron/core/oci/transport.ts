/**
 * The registry's HTTP transport: https (plain http only for a loopback registry that answers
 * plain http), and one request answered with its auth challenge, as docker does: Basic, or a
 * Bearer token from the realm (cached per scope).
 */
import type { LookupFunction } from 'node:net';
import { AppError } from '../api/errors';
import { parseChallenge } from './challenge';
import { DEFAULT_DEADLINE_MS, httpRequest, type HttpResponse } from './http';
import { isLoopback, realmUrl } from './origin-policy';
import { networkError, parseJsonAnswer } from './registry-answers';

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

/** Docker Hub's API lives on registry-1.docker.io. */
function apiHost(host: string): string {
  return host === 'docker.io' || host === 'index.docker.io' ? 'registry-1.docker.io' : host;
}

export function createTransport(target: RegistryTarget) {
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

  return { baseUrl, send, authorized };
}
