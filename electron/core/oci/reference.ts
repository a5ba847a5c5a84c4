/**
 * Image references exactly as the kubelet parses them: github.com/distribution/reference v0.6.0
 * ParseNormalizedNamed (what k8s.io/kubernetes pkg/util/parsers.ParseImageName calls) with
 * go-digest v1.0.0 digest validation as the kubelet links it (sha256, sha384, sha512).
 * Docker Hub is "docker.io" and its one-part names live under "library/".
 * Browser-safe: the deploy form uses it as you type.
 */
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = `${host}${optionalPort}`;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;

/** The grammar's regular expressions, as distribution/reference builds them. */
export const referencePatterns = {
  /** ^DomainRegexp$ */
  domain: new RegExp(`^${domainAndPort}$`),
  /** anchoredNameRegexp: captures domain and path. */
  name: new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`),
  /** ReferenceRegexp: captures name, tag and digest. */
  reference: new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`),
  /** anchoredIdentifierRegexp */
  identifier: /^([a-f0-9]{64})$/,
};

const referenceRegexp = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const anchoredIdentifierRegexp = /^[a-f0-9]{64}$/;
const anchoredTagRegexp = new RegExp(`^${tagPat}$`);
const anchoredDigestRegexp = new RegExp(`^${digestPat}$`);
const anchoredDomainRegexp = new RegExp(`^${domainAndPort}$`);
const anchoredRemoteNameRegexp = new RegExp(`^${remoteName}$`);

export const DOCKER_HUB = 'docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
/** RepositoryNameTotalLengthMax: counts the path (after normalization), not the domain. */
export const REPOSITORY_NAME_TOTAL_LENGTH_MAX = 255;

/** Hex lengths of the digest algorithms the kubelet can verify (go-digest, lower-case hex). */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

export interface ImageReference {
  /** Registry host as used for pulling ("docker.io" for Docker Hub), with port; case kept. */
  registry: string;
  /** Repository path inside the registry, e.g. "library/nginx" or "team/hello". */
  repository: string;
  tag: string | null;
  digest: string | null;
  /** registry/repository: what the kubelet looks credentials up with. */
  name: string;
}

/** Which upstream error it is (ErrNameEmpty, ErrNameContainsUppercase, …). */
export type ImageReferenceErrorKind =
  | 'empty'
  | 'identifier'
  | 'uppercase'
  | 'format'
  | 'too-long'
  | 'digest-unsupported'
  | 'digest-length'
  | 'digest-format';

export class ImageReferenceError extends Error {
  readonly kind: ImageReferenceErrorKind;
  constructor(reference: string, reason: string, kind: ImageReferenceErrorKind = 'format') {
    super(`"${reference}" is not a valid image reference: ${reason}`);
    this.name = 'ImageReferenceError';
    this.kind = kind;
  }
}

/** A reference as distribution/reference Parse returns it (no normalization). */
export interface ParsedReference {
  domain: string;
  path: string;
  tag: string | null;
  digest: string | null;
}

/** splitDockerDomain of distribution/reference. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { domain: DOCKER_HUB, remainder: OFFICIAL_REPO_PREFIX + name };
  const maybeDomain = name.slice(0, slash);
  const maybeRemote = name.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (maybeDomain === 'localhost') [domain, remainder] = [maybeDomain, maybeRemote];
  else if (maybeDomain === LEGACY_DOCKER_HUB) [domain, remainder] = [DOCKER_HUB, maybeRemote];
  else if (/[.:]/.test(maybeDomain)) [domain, remainder] = [maybeDomain, maybeRemote];
  else if (maybeDomain.toLowerCase() !== maybeDomain)
    [domain, remainder] = [maybeDomain, maybeRemote];
  else [domain, remainder] = [DOCKER_HUB, name];
  if (domain === DOCKER_HUB && !remainder.includes('/'))
    remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/** go-digest Digest.Validate for a string that already matched the digest grammar. */
function digestProblem(digest: string): [string, ImageReferenceErrorKind] | null {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) {
    return [
      `unsupported digest algorithm "${algorithm}" (sha256, sha384 or sha512)`,
      'digest-unsupported',
    ];
  }
  if (encoded.length !== length) {
    return [
      `invalid digest length: ${algorithm} takes ${length} hex digits, not ${encoded.length}`,
      'digest-length',
    ];
  }
  if (!/^[a-f0-9]+$/.test(encoded)) {
    return ['invalid digest: hex digits must be lower-case', 'digest-format'];
  }
  return null;
}

/** A plain-words reason for a string the reference grammar refuses. */
function formatProblem(full: string): string {
  if (/\s/.test(full)) return 'it contains white space';
  const at = full.indexOf('@');
  const digest = at >= 0 ? full.slice(at + 1) : null;
  const withTag = at >= 0 ? full.slice(0, at) : full;
  if (digest !== null && !anchoredDigestRegexp.test(digest)) {
    return 'invalid digest (algorithm ":" at least 32 hex digits, e.g. sha256:…)';
  }
  const lastSlash = withTag.lastIndexOf('/');
  const colon = withTag.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? withTag.slice(colon + 1) : null;
  const name = colon >= 0 ? withTag.slice(0, colon) : withTag;
  if (tag !== null && !anchoredTagRegexp.test(tag)) {
    return `invalid tag "${tag}" (letters, digits, "_", "." and "-", at most 128)`;
  }
  const slash = name.indexOf('/');
  const domain = slash >= 0 ? name.slice(0, slash) : null;
  const repository = name.slice(slash + 1);
  if (
    domain !== null &&
    !anchoredDomainRegexp.test(domain) &&
    !anchoredRemoteNameRegexp.test(name)
  ) {
    return `invalid registry host "${domain}"`;
  }
  if (!anchoredRemoteNameRegexp.test(repository) && !anchoredRemoteNameRegexp.test(name)) {
    return `invalid repository "${repository}" (lower-case letters, digits and separators . _ __ -)`;
  }
  return 'invalid reference format';
}

/** distribution/reference Parse (no normalization): throws an ImageReferenceError. */
export function parseReference(text: string, shown = text): ParsedReference {
  const fail = (reason: string, kind: ImageReferenceErrorKind = 'format'): never => {
    throw new ImageReferenceError(shown, reason, kind);
  };
  const match = referenceRegexp.exec(text);
  if (!match) {
    if (text === '') fail('it is empty', 'empty');
    if (referenceRegexp.test(text.toLowerCase())) {
      fail('repository names must be lower-case', 'uppercase');
    }
    fail(formatProblem(text));
  }
  const nameMatch = anchoredNameRegexp.exec(match![1]!)!;
  const domain = nameMatch[1] ?? '';
  const path = nameMatch[2]!;
  if (path.length > REPOSITORY_NAME_TOTAL_LENGTH_MAX) {
    fail(
      `the repository path is longer than ${REPOSITORY_NAME_TOTAL_LENGTH_MAX} characters`,
      'too-long',
    );
  }
  const digest = match![3] ?? null;
  if (digest !== null) {
    const problem = digestProblem(digest);
    if (problem) fail(...problem);
  }
  return { domain, path, tag: match![2] ?? null, digest };
}

/** ParseNormalizedNamed: the reference as the kubelet normalizes it, or an ImageReferenceError. */
export function parseImageReference(reference: string): ImageReference {
  const fail = (reason: string, kind: ImageReferenceErrorKind): never => {
    throw new ImageReferenceError(reference, reason, kind);
  };
  if (!reference) fail('it is empty', 'empty');
  if (anchoredIdentifierRegexp.test(reference)) {
    fail('it looks like an image ID (64 hexadecimal digits), not a repository name', 'identifier');
  }
  const { domain, remainder } = splitDockerDomain(reference);
  const tagSeparator = remainder.indexOf(':');
  const remote = tagSeparator >= 0 ? remainder.slice(0, tagSeparator) : remainder;
  if (remote.toLowerCase() !== remote) fail('repository names must be lower-case', 'uppercase');
  const parsed = parseReference(`${domain}/${remainder}`, reference);
  if (!parsed.domain) {
    // Upstream accepts this: the would-be domain ("ex_ample.com") is not a valid host, so the
    // grammar reads it as a path component and the name has no domain at all. Nothing can pull
    // it from a registry; PullKey refuses it (deliberately different).
    fail(`invalid registry host "${domain}"`, 'format');
  }
  return {
    registry: parsed.domain,
    repository: parsed.path,
    tag: parsed.tag,
    digest: parsed.digest,
    name: parsed.domain ? `${parsed.domain}/${parsed.path}` : parsed.path,
  };
}

/**
 * What the runtime pulls (distribution/reference ParseDockerRef): "registry/repository@digest"
 * when there is a digest (a tag next to it is dropped), else "registry/repository:tag" with tag
 * "latest" when none is given.
 */
export function canonicalReference(reference: ImageReference): string {
  if (reference.digest) return `${reference.name}@${reference.digest}`;
  return `${reference.name}:${reference.tag ?? 'latest'}`;
}
