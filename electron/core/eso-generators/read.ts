/**
 * Reads a "Keep fresh in the cluster" ExternalSecret's state (with its Events) and follows a
 * project copy back to the generator behind its source: copy → the ExternalSecret that owns it →
 * its store's remote namespace and the extracted key (the source secret) → the ExternalSecret
 * there whose target is that source and whose data comes from a generator. Read only.
 */
import { KubernetesObjectApi, type KubernetesObject, type V1Secret } from '@kubernetes/client-node';
import type { KubeSession } from '../kube/session';
import { EXTERNAL_SECRETS_API } from './external-secret';
import type { KeepFreshState } from '../api/channels/cluster-refresh';
import {
  copyOwnerName,
  extractLink,
  feedingOf,
  remoteNamespaceOf,
  type EsObject,
  type StoreObject,
} from './behind';
import { keepFreshState, type EventWire, type ExternalSecretWire } from './state';

type EsWire = KubernetesObject & ExternalSecretWire;

/** client-node's generic object client, with its discovery (protected there) made public. */
export class EsoObjects extends KubernetesObjectApi {
  /** The API resource of `kind` in `apiVersion` (discovery), or undefined. */
  kindResource(apiVersion: string, kind: string) {
    return this.resource(apiVersion, kind);
  }

  static forSession(session: KubeSession): EsoObjects {
    const client = session.kubeConfig.makeApiClient(EsoObjects);
    client.setDefaultNamespace(session.kubeConfig);
    return client;
  }
}

/** The object client of a session's context. */
export const objectsOf = (session: KubeSession): EsoObjects => EsoObjects.forSession(session);
const header = (kind: string, name: string, namespace?: string) => ({
  apiVersion: EXTERNAL_SECRETS_API,
  kind,
  metadata: namespace ? { name, namespace } : { name },
});

/** The state of the ExternalSecret `es` (already read) with its Events from the API. */
export async function stateWithEvents(
  session: KubeSession,
  es: EsWire | EsObject,
): Promise<KeepFreshState> {
  const events = await session.call(() =>
    session.core.listNamespacedEvent({
      namespace: es.metadata?.namespace ?? '',
      fieldSelector: `involvedObject.kind=ExternalSecret,involvedObject.name=${es.metadata?.name ?? ''}`,
    }),
  );
  const iso = (d: Date | string | undefined | null) => (d ? new Date(d).toISOString() : null);
  const wire: EventWire[] = events.items.map((e) => ({
    type: e.type,
    reason: e.reason,
    message: e.message,
    count: e.count,
    lastTimestamp: iso(e.lastTimestamp),
    eventTime: iso(e.eventTime),
  }));
  return keepFreshState(es, wire);
}

/** The ExternalSecret `name` in `namespace`, or null when it does not exist. */
export async function readExternalSecret(
  session: KubeSession,
  namespace: string,
  name: string,
): Promise<EsWire | null> {
  try {
    return await session.call(() =>
      objectsOf(session).read<EsWire>(header('ExternalSecret', name, namespace)),
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'KUBE_NOT_FOUND') return null;
    throw error;
  }
}

/**
 * The state of the token generator feeding the source of `copy` (a secret an ExternalSecret
 * keeps), or null when there is none (not an ESO copy, no generator behind it, or not readable).
 * `known`: the copy's namespace's ExternalSecrets already read (the Pull detail lists them), so
 * the owner is not read again; without it the owner is read by name.
 */
export async function generatorBehindCopy(
  session: KubeSession,
  copy: V1Secret,
  known?: EsObject[],
): Promise<KeepFreshState | null> {
  const owner = copyOwnerName(copy);
  const namespace = copy.metadata?.namespace;
  if (!owner || !namespace) return null;
  try {
    const es = known
      ? known.find(
          (item) => item.metadata?.name === owner && item.metadata?.namespace === namespace,
        )
      : await readExternalSecret(session, namespace, owner);
    const link = extractLink(es);
    if (!link) return null;
    const objects = objectsOf(session);
    const store = await session.call(() =>
      objects.read<KubernetesObject & StoreObject>(
        link.storeKind === 'ClusterSecretStore'
          ? header('ClusterSecretStore', link.storeName)
          : header('SecretStore', link.storeName, namespace),
      ),
    );
    const remote = remoteNamespaceOf(store);
    if (!remote) return null;
    const list = await session.call(() =>
      objects.list<KubernetesObject & EsObject>(EXTERNAL_SECRETS_API, 'ExternalSecret', remote),
    );
    const feeding = feedingOf(list.items, link.key);
    return feeding ? await stateWithEvents(session, feeding) : null;
  } catch {
    return null; // evidence only: an unreadable link is no diagnosis
  }
}
