/**
 * Image references by the distribution/reference grammar (what docker, containerd and the
 * kubelet accept), normalized like ParseNormalizedNamed: Docker Hub is "docker.io" and its
 * one-part names live under "library/".
 */
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainPattern = new RegExp(
  `^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`,
);
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const repositoryPattern = new RegExp(`^${pathComponent}(?:/${pathComponent})*$`);
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

export const DOCKER_HUB = 'docker.io';
const NAME_TOTAL_LENGTH_MAX = 255;

export interface ImageReference {
  /** Registry host as used for pulling ("docker.io" for Docker Hub), with port. */
  registry: string;
  /** Repository path inside the registry, e.g. "library/nginx" or "team/hello". */
  repository: string;
  tag: string | null;
  digest: string | null;
  /** registry/repository: what the kubelet looks credentials up with. */
  name: string;
}

export class ImageReferenceError extends Error {
  constructor(reference: string, reason: string) {
    super(`"${reference}" is not a valid image reference: ${reason}`);
    this.name = 'ImageReferenceError';
  }
}

/** distribution's splitDockerDomain: a first part is a registry if it has "." or ":", is
 * "localhost", or has upper-case letters. */
function splitDomain(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const isDomain =
    slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let registry = isDomain ? first : DOCKER_HUB;
  let repository = isDomain ? name.slice(slash + 1) : name;
  if (registry === 'index.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository };
}

export function parseImageReference(reference: string): ImageReference {
  const fail = (reason: string): never => {
    throw new ImageReferenceError(reference, reason);
  };
  if (!reference) fail('it is empty');
  if (/\s/.test(reference)) fail('it contains white space');

  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : null;
  const withTag = at >= 0 ? reference.slice(0, at) : reference;
  if (digest !== null && !digestPattern.test(digest)) fail(`invalid digest "${digest}"`);

  const lastSlash = withTag.lastIndexOf('/');
  const colon = withTag.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? withTag.slice(colon + 1) : null;
  const name = colon >= 0 ? withTag.slice(0, colon) : withTag;
  if (tag !== null && !tagPattern.test(tag)) {
    fail(`invalid tag "${tag}" (letters, digits, "_", "." and "-", at most 128)`);
  }
  if (!name) fail('the repository is missing');

  const { registry, repository } = splitDomain(name);
  if (!domainPattern.test(registry)) fail(`invalid registry host "${registry}"`);
  if (!repositoryPattern.test(repository)) {
    fail(
      repository !== repository.toLowerCase()
        ? 'repository names must be lower-case'
        : `invalid repository "${repository}" (lower-case letters, digits and separators . _ __ -)`,
    );
  }
  const fullName = `${registry}/${repository}`;
  if (fullName.length > NAME_TOTAL_LENGTH_MAX) {
    fail(`the name is longer than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  return { registry, repository, tag, digest, name: fullName };
}

/** "registry/repository:tag" (tag "latest" when neither tag nor digest is given). */
export function canonicalReference(reference: ImageReference): string {
  if (reference.digest) {
    return `${reference.name}${reference.tag ? `:${reference.tag}` : ''}@${reference.digest}`;
  }
  return `${reference.name}:${reference.tag ?? 'latest'}`;
}
