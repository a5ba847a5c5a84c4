/**
 * The reads behind "where is this copy's source" (the pure answer is `source.ts`): an External
 * Secrets copy's ExternalSecret and its SecretStore / ClusterSecretStore, read once per resolver.
 * Reading them needs RBAC the user may not have: a refused or failed read is said as it is ("you
 * may not read …"), never guessed around. Used by the registries ("Change the source instead",
 * rotate by source) and the Pull doctor (a failing ExternalSecret).
 */
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { CopySource, EngineOwner } from '../api/contract';
import { isAppError } from '../api/errors';
import { ESO_READ_VERSIONS, ESO_VERSION } from '../eso/names';
import { preferredVersion } from '../kube/group-versions';
import type { KubeSession } from '../kube/session';
import { ESO } from './markers';
import {
  externalSecretSource,
  markedSource,
  storeRefOf,
  writersOf,
  type ExternalSecretLike,
  type SecretStoreLike,
} from './source';

type Read<T> = { ok: true; value: T } | { ok: false; why: string };

/** Why a read failed, in words: forbidden, not there, or the error's own message. */
function readFailure(error: unknown, what: string): string {
  if (isAppError(error)) {
    if (error.code === 'CLUSTER_FORBIDDEN') return `you may not read ${what} (${error.message})`;
    if (error.code === 'KUBE_NOT_FOUND') return `${what} was not found`;
  }
  return `${what} could not be read (${(error as Error).message})`;
}

export function createSourceReader(session: KubeSession) {
  const custom = session.kubeConfig.makeApiClient(CustomObjectsApi);
  const reads = new Map<string, Promise<Read<unknown>>>();
  /** v1, else v1beta1 when only that is served (ESO < 0.17); v1 when discovery fails. */
  const version = () => preferredVersion(session, ESO.group, ESO_READ_VERSIONS, ESO_VERSION);

  function once<T>(key: string, what: string, request: () => Promise<T>): Promise<Read<T>> {
    let read = reads.get(key) as Promise<Read<T>> | undefined;
    if (!read) {
      read = session.call(request).then(
        (value): Read<T> => ({ ok: true, value }),
        (error: unknown): Read<T> => ({ ok: false, why: readFailure(error, what) }),
      );
      reads.set(key, read);
    }
    return read;
  }

  function externalSecret(namespace: string, name: string) {
    return once<ExternalSecretLike>(
      `es/${namespace}/${name}`,
      `ExternalSecret ${namespace}/${name}`,
      async () =>
        custom.getNamespacedCustomObject({
          group: ESO.group,
          version: await version(),
          namespace,
          plural: 'externalsecrets',
          name,
        }) as Promise<ExternalSecretLike>,
    );
  }

  function store(kind: 'SecretStore' | 'ClusterSecretStore', namespace: string, name: string) {
    return kind === 'ClusterSecretStore'
      ? once<SecretStoreLike>(
          `css/${name}`,
          `ClusterSecretStore ${name}`,
          async () =>
            custom.getClusterCustomObject({
              group: ESO.group,
              version: await version(),
              plural: 'clustersecretstores',
              name,
            }) as Promise<SecretStoreLike>,
        )
      : once<SecretStoreLike>(
          `ss/${namespace}/${name}`,
          `SecretStore ${namespace}/${name}`,
          async () =>
            custom.getNamespacedCustomObject({
              group: ESO.group,
              version: await version(),
              namespace,
              plural: 'secretstores',
              name,
            }) as Promise<SecretStoreLike>,
        );
  }

  /**
   * The ExternalSecret that writes `target` when the copy has no controller reference (ESO's
   * creationPolicy Merge / Orphan): the one of its namespace whose target.name (else its own name)
   * is the copy's; none or several → why PullKey cannot tell.
   */
  async function writerOf(
    target: EngineOwner['target'],
  ): Promise<{ via: NonNullable<EngineOwner['via']> } | { why: string } | null> {
    if (!target) return null;
    const listed = await externalSecretsIn(target.namespace);
    if (!listed.ok) return { why: `${listed.why}: PullKey cannot tell where its source is.` };
    const writers = writersOf(listed.value, target.name);
    if (writers.length === 1)
      return { via: { kind: 'ExternalSecret', namespace: target.namespace, name: writers[0]! } };
    return {
      why: writers.length
        ? `${writers.length} ExternalSecrets of ${target.namespace} write ${target.name} (${writers.join(', ')}): PullKey cannot tell which one is its source.`
        : `no ExternalSecret of ${target.namespace} writes ${target.name} any more: PullKey cannot tell where its source is.`,
    };
  }

  /** Where the source of a copy `owner` keeps is, and whether PullKey can change it. */
  async function sourceOf(owner: EngineOwner): Promise<CopySource> {
    const marked = markedSource(owner);
    if (marked) return marked;
    const found = owner.via ? null : await writerOf(owner.target);
    if (found && 'why' in found) return { secret: null, where: owner.source, why: found.why };
    const via = owner.via ?? found?.via;
    if (!via)
      return {
        secret: null,
        where: owner.source,
        why: 'the copy does not name its ExternalSecret (no controller reference): PullKey cannot tell where its source is.',
      };
    const es = await externalSecret(via.namespace, via.name);
    if (!es.ok)
      return {
        secret: null,
        where: `ExternalSecret ${via.namespace}/${via.name}`,
        why: `${es.why}: PullKey cannot tell where its source is.`,
      };
    const ref = storeRefOf(es.value);
    if ('why' in ref) return externalSecretSource(es.value, null, session.server);
    const read = await store(ref.kind, via.namespace, ref.name);
    return read.ok
      ? externalSecretSource(es.value, read.value, session.server)
      : externalSecretSource(es.value, { unreadable: read.why }, session.server);
  }

  /** The ExternalSecrets of a namespace; null (with why) when they cannot be listed. */
  async function externalSecretsIn(namespace: string): Promise<Read<ExternalSecretLike[]>> {
    const read = await once<{ items?: ExternalSecretLike[] }>(
      `es-list/${namespace}`,
      `the ExternalSecrets of ${namespace}`,
      async () =>
        custom.listNamespacedCustomObject({
          group: ESO.group,
          version: await version(),
          namespace,
          plural: 'externalsecrets',
        }) as Promise<{ items?: ExternalSecretLike[] }>,
    );
    return read.ok ? { ok: true, value: read.value.items ?? [] } : read;
  }

  return { sourceOf, externalSecret, externalSecretsIn };
}

export type SourceReader = ReturnType<typeof createSourceReader>;
