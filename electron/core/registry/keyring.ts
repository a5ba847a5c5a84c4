/**
 * Which pull-secret credentials the kubelet would try for an image: a port of
 * k8s.io/kubernetes/pkg/credentialprovider BasicDockerKeyring (Add + Lookup + URLsMatch):
 * keys lose their scheme and a leading /v1/ or /v2/ path, are tried most specific first,
 * match host label by label with "*" wildcards, need the exact same port, and their path must
 * be a prefix of the image's path. Docker Hub images fall back to the "index.docker.io" key.
 */
import type { DockerConfig } from './dockerconfig';
import { readEntry } from './dockerconfig';

export interface CredentialSource {
  /** e.g. the secret name. */
  source: string;
  config: DockerConfig;
}

export interface CredentialMatch {
  source: string;
  /** The config key as written in the secret. */
  key: string;
  /** The keyring index key it became. */
  indexKey: string;
  username: string;
  password: string;
  reason: string;
}

const DEFAULT_REGISTRY_HOST = 'index.docker.io';

interface Url {
  host: string;
  port: string;
  path: string;
}

/** ParseSchemelessURL + SplitURL of client-go, enough for registry keys and image names. */
function parseSchemeless(value: string): Url {
  const slash = value.indexOf('/');
  const authority = slash >= 0 ? value.slice(0, slash) : value;
  const path = slash >= 0 ? value.slice(slash) : '';
  const bracket = authority.lastIndexOf(']');
  const colon = authority.lastIndexOf(':');
  if (colon > bracket && colon >= 0) {
    return {
      host: authority.slice(0, colon).toLowerCase(),
      port: authority.slice(colon + 1),
      path,
    };
  }
  return { host: authority.toLowerCase(), port: '', path };
}

/** Go's filepath.Match for one host label ("*" and "?" within the label, [classes]). */
function globMatch(glob: string, target: string): boolean {
  let pattern = '^';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else if (char === '[') {
      const end = glob.indexOf(']', index + 1);
      if (end < 0) return false;
      pattern += `[${glob
        .slice(index + 1, end)
        .replace(/^\^/, '^')
        .replace(/\\/g, '\\\\')}]`;
      index = end;
    } else pattern += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`${pattern}$`).test(target);
}

export function urlsMatch(glob: string, target: string): boolean {
  const globUrl = parseSchemeless(glob);
  const targetUrl = parseSchemeless(target);
  if (globUrl.port !== targetUrl.port) return false;
  const globParts = globUrl.host.split('.');
  const targetParts = targetUrl.host.split('.');
  if (globParts.length !== targetParts.length) return false;
  if (!targetUrl.path.startsWith(globUrl.path)) return false;
  return globParts.every((part, index) => globMatch(part, targetParts[index]!));
}

/** The keyring index key of a config key (BasicDockerKeyring.Add). */
export function indexKeyOf(configKey: string): string {
  const value = /^https?:\/\//.test(configKey) ? configKey.replace(/^https?:\/\//, '') : configKey;
  const slash = value.indexOf('/');
  const host = slash >= 0 ? value.slice(0, slash) : value;
  let path = slash >= 0 ? value.slice(slash) : '';
  if (path.startsWith('/v2/') || path.startsWith('/v1/')) path = path.slice(3);
  return path.length > 0 && path !== '/' ? host + path : host;
}

export function isDefaultRegistryMatch(image: string): boolean {
  const slash = image.indexOf('/');
  const first = slash >= 0 ? image.slice(0, slash) : image;
  if (!first) return false;
  if (slash < 0) return true;
  if (first === 'docker.io' || first === 'index.docker.io') return true;
  return !/[.:]/.test(first);
}

/**
 * Credentials the kubelet would try for `imageName` (registry/repository, no tag), in the
 * order it tries them. Sources are pooled into one keyring, as the kubelet does with a pod's
 * imagePullSecrets.
 */
export function matchCredentials(
  imageName: string,
  sources: CredentialSource[],
): CredentialMatch[] {
  const byIndexKey = new Map<string, Array<Omit<CredentialMatch, 'reason'>>>();
  for (const { source, config } of sources) {
    for (const [key, entry] of Object.entries(config.auths)) {
      const indexKey = indexKeyOf(key);
      const { username, password } = readEntry(key, entry ?? {});
      const list = byIndexKey.get(indexKey) ?? [];
      list.push({ source, key, indexKey, username, password });
      byIndexKey.set(indexKey, list);
    }
  }
  // Reverse-sorted so that more specific paths come first (as the kubelet sorts its index).
  const index = [...byIndexKey.keys()].sort().reverse();
  const matches: CredentialMatch[] = [];
  for (const indexKey of index) {
    if (!urlsMatch(indexKey, imageName)) continue;
    for (const candidate of byIndexKey.get(indexKey)!) {
      const wildcard = indexKey.includes('*') ? ' (wildcard)' : '';
      const pathNote = indexKey.includes('/')
        ? ` and path ${indexKey.slice(indexKey.indexOf('/'))}`
        : '';
      matches.push({
        ...candidate,
        reason: `key "${candidate.key}" matches host${wildcard}${pathNote}`,
      });
    }
  }
  if (matches.length > 0) return matches;
  if (isDefaultRegistryMatch(imageName)) {
    return (byIndexKey.get(DEFAULT_REGISTRY_HOST) ?? []).map((candidate) => ({
      ...candidate,
      reason: `Docker Hub image: key "${candidate.key}" is the default registry`,
    }));
  }
  return [];
}
