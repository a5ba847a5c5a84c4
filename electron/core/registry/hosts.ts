/**
 * Registry keys as they appear in .dockerconfigjson files. Docker Hub has many spellings;
 * kubectl writes `https://index.docker.io/v1/`.
 */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

const dockerHubHosts = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The registry a config key points at, for grouping and comparison: scheme and a trailing
 * /v1/ or /v2/ dropped, Docker Hub spellings folded to "docker.io", host lower-cased. */
export function canonicalRegistry(key: string): string {
  let value = key.trim().replace(/^https?:\/\//i, '');
  value = value.replace(/\/v[12]\/?$/, '').replace(/\/+$/, '');
  const slash = value.indexOf('/');
  const host = (slash >= 0 ? value.slice(0, slash) : value).toLowerCase();
  const rest = slash >= 0 ? value.slice(slash) : '';
  return `${dockerHubHosts.has(host) ? 'docker.io' : host}${rest}`;
}

export function isDockerHub(key: string): boolean {
  return canonicalRegistry(key) === 'docker.io';
}

/** The key PullKey writes for a registry, exactly like kubectl create secret docker-registry. */
export function configKeyFor(registry: string): string {
  return isDockerHub(registry) ? DOCKER_HUB_KEY : registry.trim().replace(/\/+$/, '');
}

/**
 * The host a login is saved under in the keychain: no scheme, no /v1/ or /v2/, no trailing slash;
 * Docker Hub is "docker.io" whichever way it is spelled (import, deploy fallback, rotate agree).
 */
export function keychainHost(key: string): string {
  const host = key
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/v[12]\/?$/, '')
    .replace(/\/+$/, '');
  return isDockerHub(host) ? 'docker.io' : host;
}
