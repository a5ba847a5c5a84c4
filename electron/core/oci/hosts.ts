/**
 * Registry keys as they appear in .dockerconfigjson files, for the UI and for writing.
 *
 * Docker Hub has many spellings. Where PullKey differs from plain kubectl and the kubelet:
 * - Writing: `kubectl create secret docker-registry` writes `--docker-server` verbatim (default
 *   `https://index.docker.io/v1/`). PullKey writes every Docker Hub spelling the user types
 *   (`docker.io`, `index.docker.io`, `registry-1.docker.io`, with or without scheme or /v1/) as
 *   `https://index.docker.io/v1/`, because that is the one key every tool reads as Docker Hub —
 *   and a `registry-1.docker.io` key, written verbatim, would never be used by the kubelet.
 *   Any other server loses trailing slashes (`https://host:5000/` is written `https://host:5000`,
 *   which the kubelet reads as the same registry); the form says so at the field, never silently.
 * - Reading, for display, grouping and merging: `canonicalRegistry` folds all of them to
 *   "docker.io" and lower-cases the host, so one Docker Hub login shows as one registry.
 * - The kubelet does NOT fold them (k8s credentialprovider keyring, mirrored in keyring.ts,
 *   which the suggestion, preflight and diagnosis use — never these functions): for an image
 *   on Docker Hub (always named "docker.io/…" after normalization) a `docker.io` key (or
 *   `docker.io/<org>`) matches directly, like any host; `https://index.docker.io/v1/` and
 *   `index.docker.io` become the key "index.docker.io", used only as a fallback when no other
 *   key matched; `index.docker.io/<org>` keys are never used, and `registry-1.docker.io` keys
 *   only for images spelled "registry-1.docker.io/…" (which no Docker Hub key matches — so the
 *   key PullKey writes for Docker Hub does not serve such an image). Host matching is
 *   case-sensitive: a `Docker.io` key matches nothing. (Checked against the kubelet's own code:
 *   tests/unit/core/dockerconfig/upstream/kubelet-cases.json, the "hub key" cases.)
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

/** A secret name for a registry host: "registry.example.com:5000" → "registry-example-com-5000". */
export function secretNameFor(host: string): string {
  const name = host
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name || 'registry';
}
