/**
 * Pure: dockerconfigjson secrets → registry groups. A copy labelled pullkey.dev/project=P
 * belongs to project P's registry of that name; any other secret is a namespace registry.
 * Project groups report drift: namespaces without a copy, copies in namespaces that left the
 * project, copies whose content differs from the newest one.
 */
import { createHash } from 'node:crypto';
import type {
  KeptSourceOf,
  NamespaceSummary,
  RegistryCopy,
  RegistryGroup,
  RegistryScope,
} from '../api/contract';
import { AppError } from '../api/errors';
import {
  DockerConfigError,
  entriesOf,
  type DockerConfig,
  DOCKERCONFIGJSON_KEY,
} from '../dockerconfig/dockerconfig';
import { readKubeletConfig, type KubeletEntry } from '../dockerconfig/kubelet-config';
import { decodeConfig } from '../dockerconfig/secret-config';
import { configProblems } from '../dockerconfig/masking';
import { keptSourceOf, sourceFeeds } from '../eso/kept-source';
import { MANAGED_BY_LABEL, PROJECT_KIND_ANNOTATION } from '../kube/labels';
import { PULLKEY_PROJECT_LABEL as PROJECT_LABEL } from '../kube/projects';
import { secretOwner, type OwnedMetadata } from '../ownership/owner';
import { recognizeToken } from '../tokens/recognize';
import { iso, newestCopy, writtenAt, type ManagedFieldsEntry } from './written-at';

export interface SecretLike {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: Date | string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: ManagedFieldsEntry[];
    ownerReferences?: OwnedMetadata['ownerReferences'];
  };
  data?: Record<string, string>;
}

/**
 * Decoding a copy (two parses and a hash) is the cost of a list of thousands of secrets; the
 * informer replaces a secret's object on every change, so the object is the cache key.
 */
const decodedCopies = new WeakMap<SecretLike, RegistryCopy>();

export function toCopy(secret: SecretLike): RegistryCopy {
  let copy = decodedCopies.get(secret);
  if (!copy) {
    copy = decodeCopy(secret);
    decodedCopies.set(secret, copy);
  }
  return copy;
}

function decodeCopy(secret: SecretLike): RegistryCopy {
  const metadata = secret.metadata ?? {};
  const encoded = secret.data?.[DOCKERCONFIGJSON_KEY] ?? '';
  const base = {
    namespace: metadata.namespace ?? '',
    name: metadata.name ?? '',
    uid: metadata.uid ?? '',
    resourceVersion: metadata.resourceVersion ?? '',
    createdAt: iso(metadata.creationTimestamp),
    writtenAt: writtenAt(secret),
    managedBy: metadata.labels?.[MANAGED_BY_LABEL] ?? null,
    contentHash: createHash('sha256').update(encoded).digest('hex').slice(0, 16),
    owner: secretOwner(metadata),
  };
  try {
    return { ...base, ...readCopy(secret, encoded, base.writtenAt) };
  } catch (error) {
    // One secret PullKey cannot read is that secret's verdict, never the whole list's. The
    // error is named, not quoted: a parser's message may hold the secret's bytes.
    const message =
      error instanceof DockerConfigError
        ? error.message
        : `unreadable: PullKey could not read it (${error instanceof Error ? error.name : 'error'})`;
    return { ...base, entries: [], invalid: message };
  }
}

function readCopy(
  secret: SecretLike,
  encoded: string,
  written: string | null,
): Pick<RegistryCopy, 'entries' | 'invalid'> {
  const config = decodeConfig(secret);
  // Entries that are not objects (null, a string, a number) are reported, never read.
  const problems = configProblems(config);
  const valid = objectEntries(config);
  // What the kubelet will use: `auth`, when present, overrides username/password.
  const kubelet = readKubeletConfig(Buffer.from(encoded, 'base64'));
  if (kubelet.rejected && problems.length === 0) {
    problems.push(`the kubelet rejects this secret: ${kubelet.reason}`);
  }
  const used = new Map<string, KubeletEntry>(
    kubelet.rejected ? [] : kubelet.entries.map((entry) => [entry.key, entry]),
  );
  const entries = entriesOf(valid).map((entry) => {
    const read = used.get(entry.key);
    const username = read ? read.username : entry.username;
    const password = read ? read.password : entry.password;
    return {
      key: entry.key,
      registry: entry.registry,
      username,
      email: entry.email,
      hasPassword: password.length > 0,
      staleAuth: read?.staleFields ?? false,
      ...tokenOf({ registry: entry.registry, username, password, writtenAt: written }),
    };
  });
  return { entries, invalid: problems.length ? problems.join('; ') : null };
}

/** `{ token }` for a short-lived token (its expiry, never its value), else nothing. */
function tokenOf(credential: Parameters<typeof recognizeToken>[0]) {
  const token = recognizeToken(credential);
  return token ? { token } : {};
}

/** The config with only its entries that are objects (null, strings, numbers left out). */
function objectEntries(config: DockerConfig): DockerConfig {
  return {
    ...config,
    auths: Object.fromEntries(
      Object.entries(config.auths).filter(
        ([, entry]) => !!entry && typeof entry === 'object' && !Array.isArray(entry),
      ),
    ),
  };
}

/** What Reveal reads: the config's object entries, or a SECRET_INVALID error saying why not. */
export function revealableConfig(secret: SecretLike): DockerConfig {
  try {
    return objectEntries(decodeConfig(secret));
  } catch (error) {
    if (!(error instanceof DockerConfigError)) throw error;
    throw new AppError(
      'SECRET_INVALID',
      `${secret.metadata?.name ?? 'this secret'} cannot be read: ${error.message}`,
    );
  }
}

export function scopeOf(secret: SecretLike): RegistryScope {
  const project = secret.metadata?.labels?.[PROJECT_LABEL];
  // A kept registry's source is never a project copy, whatever labels it was given.
  if (project && !keptSourceOf(secret.metadata ?? {})) {
    const kind =
      secret.metadata?.annotations?.[PROJECT_KIND_ANNOTATION] === 'rancher' ? 'rancher' : 'pullkey';
    return { kind: 'project', project, projectKind: kind };
  }
  return { kind: 'namespace', namespace: secret.metadata?.namespace ?? '' };
}

export function groupId(scope: RegistryScope, name: string): string {
  return scope.kind === 'project'
    ? `project/${scope.projectKind}/${scope.project}/${name}`
    : `namespace/${scope.namespace}/${name}`;
}

/** Namespaces that belong to a project now, by its kind. */
export function projectNamespaces(
  namespaces: NamespaceSummary[],
  project: string,
  kind: 'rancher' | 'pullkey',
): string[] {
  return namespaces
    .filter(
      (namespace) =>
        (kind === 'rancher' ? namespace.projects.rancher : namespace.projects.pullkey) === project,
    )
    .map((namespace) => namespace.name)
    .sort();
}

const unique = (values: string[]) => [...new Set(values)].sort();

/**
 * The last grouping per namespaces list. A refresh that changed nothing hands back the same
 * secret objects (the informer keeps unchanged ones across a relist), and grouping thousands of
 * them again is most of a refreshed list's own time: the same objects give the same groups.
 */
const lastGrouping = new WeakMap<
  NamespaceSummary[],
  { secrets: SecretLike[]; groups: RegistryGroup[] }
>();

const sameObjects = (a: readonly SecretLike[], b: readonly SecretLike[]) =>
  a.length === b.length && a.every((secret, index) => secret === b[index]);

/** Registry groups of the secrets; the result is shared between callers and must not be changed. */
export function groupRegistries(
  secrets: SecretLike[],
  namespaces: NamespaceSummary[],
): RegistryGroup[] {
  const last = lastGrouping.get(namespaces);
  if (last && sameObjects(last.secrets, secrets)) return last.groups;
  const groups = computeGroups(secrets, namespaces);
  lastGrouping.set(namespaces, { secrets: [...secrets], groups });
  return groups;
}

function computeGroups(secrets: SecretLike[], namespaces: NamespaceSummary[]): RegistryGroup[] {
  const groups = new Map<
    string,
    { scope: RegistryScope; name: string; copies: RegistryCopy[]; keptSource: KeptSourceOf | null }
  >();
  for (const secret of secrets) {
    const scope = scopeOf(secret);
    const name = secret.metadata?.name ?? '';
    const id = groupId(scope, name);
    const group = groups.get(id) ?? { scope, name, copies: [], keptSource: null };
    group.copies.push(toCopy(secret));
    group.keptSource ??= keptSourceOf(secret.metadata ?? {});
    groups.set(id, group);
  }
  const result: RegistryGroup[] = [...groups.entries()]
    .map(([id, { scope, name, copies, keptSource }]) => {
      copies.sort((a, b) => a.namespace.localeCompare(b.namespace));
      const entries = copies.flatMap((copy) => copy.entries);
      const newest = newestCopy(copies);
      let sync: RegistryGroup['sync'] = null;
      if (scope.kind === 'project') {
        const members = projectNamespaces(namespaces, scope.project, scope.projectKind);
        const copyNamespaces = new Set(copies.map((copy) => copy.namespace));
        const stale = copies
          .filter((copy) => copy.contentHash !== newest?.contentHash)
          .map((copy) => copy.namespace);
        const orphaned = copies
          .map((copy) => copy.namespace)
          .filter((namespace) => !members.includes(namespace));
        const missing = members.filter((namespace) => !copyNamespaces.has(namespace));
        sync = {
          total: members.length,
          inSync: members.filter(
            (namespace) => copyNamespaces.has(namespace) && !stale.includes(namespace),
          ).length,
          missing,
          orphaned,
          stale,
        };
      }
      return {
        id,
        name,
        scope,
        hosts: unique(entries.map((entry) => entry.registry)),
        usernames: unique(entries.map((entry) => entry.username).filter(Boolean)),
        namespaces: copies.map((copy) => copy.namespace),
        managedBy: copies.find((copy) => copy.managedBy)?.managedBy ?? null,
        createdAt:
          copies
            .map((copy) => copy.createdAt)
            .filter((value): value is string => !!value)
            .sort()[0] ?? null,
        copies,
        sync,
        ...(keptSource ? { keptSource } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  for (const group of result) {
    const feeds = group.keptSource ? sourceFeeds(group.keptSource, result) : null;
    if (group.keptSource && feeds !== null) group.keptSource = { ...group.keptSource, feeds };
  }
  return result;
}
