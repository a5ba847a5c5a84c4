/**
 * The registry HTTP API v2 from the laptop: ping, login check, manifest HEAD and tags list,
 * with Basic or Bearer-token auth (the WWW-Authenticate challenge decides), a custom CA or
 * skipped verification for self-hosted registries.
 */
import { AppError } from '../api/errors';
import { parseChallenge } from './challenge';
import type { HttpResponse } from './http';
import { nextPageUrl } from './origin-policy';
import { indexPlatforms, platformName, type OciPlatform } from './platforms';
import {
  parseJsonAnswer,
  rateLimitHeaders,
  registryErrors,
  unauthorized as unauthorizedAnswer,
  type RateLimit,
} from './registry-answers';
import { createTransport, type RegistryCredentials, type RegistryTarget } from './transport';

export type { RegistryCredentials, RegistryTarget } from './transport';

export interface ManifestInfo {
  digest: string | null;
  mediaType: string | null;
  size: number | null;
  /** The registry's `ratelimit-limit` / `ratelimit-remaining` headers (Docker Hub), if sent. */
  rateLimit?: RateLimit | undefined;
}

const manifestAccept = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export function createRegistryClient(target: RegistryTarget) {
  const { baseUrl, send, authorized } = createTransport(target);
  const unauthorized = (
    response: HttpResponse,
    credentials: RegistryCredentials | null,
    repository?: string,
  ) => unauthorizedAnswer(target.host, response, credentials, repository);

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
