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
import { keepFreshState, type EventWire, type ExternalSecretWire } from './state';

type EsObject = KubernetesObject & ExternalSecretWire;
type StoreObject = KubernetesObject & {
  spec?: { provider?: { kubernetes?: { remoteNamespace?: string } } };
};

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
export async function stateWithEvents(session: KubeSession, es: EsObject): Promise<KeepFreshState> {
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
): Promise<EsObject | null> {
  try {
    return await session.call(() =>
      objectsOf(session).read<EsObject>(header('ExternalSecret', name, namespace)),
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'KUBE_NOT_FOUND') return null;
    throw error;
  }
}

/**
 * The state of the token generator feeding the source of `copy` (a secret an ExternalSecret
 * keeps), or null when there is none (not an ESO copy, no generator behind it, or not readable).
 */
export async function generatorBehindCopy(
  session: KubeSession,
  copy: V1Secret,
): Promise<KeepFreshState | null> {
  const owner = copy.metadata?.ownerReferences?.find(
    (r) => r.kind === 'ExternalSecret' && r.controller,
  );
  const namespace = copy.metadata?.namespace;
  if (!owner || !namespace) return null;
  try {
    const es = await readExternalSecret(session, namespace, owner.name);
    const key = es?.spec?.dataFrom?.find((d) => d.extract?.key)?.extract?.key;
    const storeRef = es?.spec?.secretStoreRef;
    if (!key || !storeRef?.name) return null;
    const objects = objectsOf(session);
    const store = await session.call(() =>
      objects.read<StoreObject>(
        storeRef.kind === 'ClusterSecretStore'
          ? header('ClusterSecretStore', storeRef.name!)
          : header('SecretStore', storeRef.name!, namespace),
      ),
    );
    const remote = store.spec?.provider?.kubernetes?.remoteNamespace;
    if (!remote) return null;
    const list = await session.call(() =>
      objects.list<EsObject>(EXTERNAL_SECRETS_API, 'ExternalSecret', remote),
    );
    const feeding = list.items.find(
      (item) =>
        (item.spec?.target?.name ?? item.metadata?.name) === key &&
        item.spec?.dataFrom?.some((d) => d.sourceRef?.generatorRef),
    );
    return feeding ? await stateWithEvents(session, feeding) : null;
  } catch {
    return null; // evidence only: an unreadable link is no diagnosis
  }
}
