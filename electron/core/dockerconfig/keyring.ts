/**
 * Which pull-secret credentials the kubelet would try for an image: a port of
 * k8s.io/kubernetes v1.36 pkg/credentialprovider BasicDockerKeyring (Add + Lookup +
 * URLsMatchStr). Keys are parsed with Go's url.Parse after "https://" is prefixed unless they
 * start with "https://" or "http://" (case-sensitive), a leading /v1/ or /v2/ path is dropped;
 * keys Go cannot parse are skipped. Keys are tried in reverse byte order (more specific paths
 * first), match host label by label with filepath.Match globs — case-sensitively, Go never
 * lower-cases the host —, need the exact same port, and their path must be a string prefix of
 * the image's path. Only when nothing matches does a Docker Hub image fall back to the
 * "index.docker.io" key (which `https://index.docker.io/v1/` becomes). A "docker.io" key matches
 * Docker Hub images directly; "registry-1.docker.io" never does.
 *
 * Entries are read with the kubelet's decoding (kubelet-config.ts): `auth` overrides
 * username/password, and one undecodable secret fails the pod's every pull.
 */
import type { DockerConfig } from './dockerconfig';
import { goParseUrl, goPathMatch, goSplitHostPort } from './go-url';
import {
  kubeletReadSecret,
  readKubeletConfig,
  type KubeletEntry,
  type SecretInput,
} from './kubelet-config';

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
  /** The entry's `auth` decodes to other credentials than its username/password fields; the
   * kubelet (and this match) uses the ones from `auth`. */
  staleFields?: boolean;
}

const DEFAULT_REGISTRY_HOST = 'index.docker.io';

/** ParseSchemelessURL + SplitURL + URLsMatch (URLsMatchStr). */
export function urlsMatch(glob: string, target: string): boolean {
  const globUrl = goParseUrl(`https://${glob}`);
  const targetUrl = goParseUrl(`https://${target}`);
  if (!globUrl || !targetUrl) return false;
  const globHost = goSplitHostPort(globUrl.host);
  const targetHost = goSplitHostPort(targetUrl.host);
  if (globHost.port !== targetHost.port) return false;
  const globParts = globHost.host.split('.');
  const targetParts = targetHost.host.split('.');
  if (globParts.length !== targetParts.length) return false;
  if (!targetUrl.path.startsWith(globUrl.path)) return false;
  return globParts.every((part, index) => goPathMatch(part, targetParts[index]!));
}

/** The keyring index key of a config key (BasicDockerKeyring.Add); null when the kubelet
 * skips the key because Go cannot parse it as a URL. */
export function indexKeyOf(configKey: string): string | null {
  const value =
    configKey.startsWith('https://') || configKey.startsWith('http://')
      ? configKey
      : `https://${configKey}`;
  const parsed = goParseUrl(value);
  if (!parsed) return null;
  let path = parsed.path;
  if (path.startsWith('/v2/') || path.startsWith('/v1/')) path = path.slice(3);
  return path.length > 0 && path !== '/' ? parsed.host + path : parsed.host;
}

export function isDefaultRegistryMatch(image: string): boolean {
  const slash = image.indexOf('/');
  const first = slash >= 0 ? image.slice(0, slash) : image;
  if (!first) return false;
  if (slash < 0) return true;
  if (first === 'docker.io' || first === 'index.docker.io') return true;
  return !/[.:]/.test(first);
}

/** Go's sort of strings: by bytes. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

type Tracked = Omit<CredentialMatch, 'reason'>;

/** Entries of several sources pooled into one keyring, as the kubelet does with a pod's
 * imagePullSecrets; `lookup` is BasicDockerKeyring.Lookup. */
export function buildKeyring(sources: Array<{ source: string; entries: KubeletEntry[] }>) {
  const creds = new Map<string, Tracked[]>();
  for (const { source, entries } of sources) {
    for (const entry of entries) {
      const indexKey = indexKeyOf(entry.key);
      if (indexKey === null) continue;
      const list = creds.get(indexKey) ?? [];
      list.push({
        source,
        key: entry.key,
        indexKey,
        username: entry.username,
        password: entry.password,
        ...(entry.staleFields ? { staleFields: true } : {}),
      });
      creds.set(indexKey, list);
    }
  }
  const index = [...creds.keys()].sort((a, b) => compareBytes(b, a));

  function lookup(imageName: string): CredentialMatch[] {
    const matches: CredentialMatch[] = [];
    for (const indexKey of index) {
      if (!urlsMatch(indexKey, imageName)) continue;
      for (const candidate of creds.get(indexKey)!) {
        const wildcard = /[*?[]/.test(indexKey) ? ' (wildcard)' : '';
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
      return (creds.get(DEFAULT_REGISTRY_HOST) ?? []).map((candidate) => ({
        ...candidate,
        reason: `Docker Hub image: key "${candidate.key}" is the default registry`,
      }));
    }
    return [];
  }
  return { index, lookup };
}

/**
 * Credentials the kubelet would try for `imageName` (registry/repository, no tag), in the
 * order it tries them, from already-parsed configs. A config the kubelet would reject gives no
 * credentials here; use `kubeletCredentials` with the secrets to learn why.
 */
export function matchCredentials(
  imageName: string,
  sources: CredentialSource[],
): CredentialMatch[] {
  const read = sources.flatMap(({ source, config }) => {
    const verdict = readKubeletConfig(JSON.stringify(config));
    return verdict.rejected ? [] : [{ source, entries: verdict.entries }];
  });
  return buildKeyring(read).lookup(imageName);
}

export interface KubeletCredentials {
  /** What the kubelet tries, in order (empty when `rejected` is not). */
  matches: CredentialMatch[];
  /** Secrets the kubelet cannot decode: while one is listed, every pull of the pod fails. */
  rejected: Array<{ secret: string; reason: string }>;
  /** Secrets the kubelet skips (wrong type, no data). */
  ignored: Array<{ secret: string; reason: string }>;
}

/**
 * What the kubelet does with a pod's pull secrets (in the pod's order) for `imageName`:
 * MakeDockerKeyring + Lookup. `rejected` non-empty means the pull fails before any registry is
 * contacted; `matches` is then empty.
 */
export function kubeletCredentials(imageName: string, secrets: SecretInput[]): KubeletCredentials {
  const verdicts = secrets.map(kubeletReadSecret);
  const rejected = verdicts.flatMap((verdict) =>
    verdict.rejected ? [{ secret: verdict.secret, reason: verdict.reason }] : [],
  );
  const ignored = verdicts.flatMap((verdict) =>
    !verdict.rejected && verdict.ignored
      ? [{ secret: verdict.secret, reason: verdict.ignored }]
      : [],
  );
  if (rejected.length > 0) return { matches: [], rejected, ignored };
  const keyring = buildKeyring(
    verdicts.flatMap((verdict) =>
      verdict.rejected ? [] : [{ source: verdict.secret, entries: verdict.entries }],
    ),
  );
  return { matches: keyring.lookup(imageName), rejected, ignored };
}

/**
 * For choosing pull secrets: what each readable secret of a namespace offers for `imageName`
 * (pooled in the given order), and which secrets the kubelet would reject if a pod listed them.
 */
export function kubeletCandidates(
  imageName: string | null,
  secrets: SecretInput[],
): { matches: CredentialMatch[]; rejected: Map<string, string> } {
  const verdicts = secrets.map(kubeletReadSecret);
  const rejected = new Map(
    verdicts.flatMap<[string, string]>((verdict) =>
      verdict.rejected ? [[verdict.secret, verdict.reason]] : [],
    ),
  );
  if (imageName === null) return { matches: [], rejected };
  const keyring = buildKeyring(
    verdicts.flatMap((verdict) =>
      verdict.rejected ? [] : [{ source: verdict.secret, entries: verdict.entries }],
    ),
  );
  return { matches: keyring.lookup(imageName), rejected };
}

/** The secrets among a pod's pull secrets that the kubelet cannot decode, with why. */
export function kubeletRejections(
  secrets: SecretInput[],
): Array<{ secret: string; reason: string }> {
  return secrets.flatMap((secret) => {
    const verdict = kubeletReadSecret(secret);
    return verdict.rejected ? [{ secret: verdict.secret, reason: verdict.reason }] : [];
  });
}
