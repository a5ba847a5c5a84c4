/**
 * Pure: where the source of a copy an engine keeps is, and whether PullKey can change it instead
 * of the copy ("Change the source instead", issue 20). A Reflector copy names its source secret
 * (`reflects: ns/name`), a Kyverno clone too (`source-namespace` / `source-name`); an External
 * Secrets copy names its ExternalSecret, whose store says where the value comes from — only a
 * Kubernetes-provider store of this same cluster (`remoteNamespace` + the remote key) points at a
 * Secret PullKey can write. Every other source is named, with why PullKey leaves it alone.
 *
 * External Secrets fields: external-secrets/external-secrets apis/externalsecrets/v1/
 * externalsecret_types.go (secretStoreRef kind defaults to SecretStore; data[].remoteRef.key /
 * property; dataFrom[].extract / find; sourceRef; target.name defaults to the ExternalSecret's
 * name; target.template) and secretstore_kubernetes_types.go (remoteNamespace defaults to
 * "default"; server.url empty = the cluster the operator runs in).
 */
import type { CopySource, EngineOwner, SecretName } from '../api/contract';

/** The fields of an ExternalSecret PullKey reads (wire JSON). */
export interface ExternalSecretLike {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    secretStoreRef?: { kind?: string; name?: string };
    target?: {
      name?: string;
      template?: { data?: Record<string, unknown>; templateFrom?: unknown[] };
    };
    data?: Array<{
      secretKey?: string;
      remoteRef?: { key?: string; property?: string };
      sourceRef?: unknown;
    }>;
    dataFrom?: Array<{
      extract?: { key?: string; property?: string };
      find?: unknown;
      sourceRef?: unknown;
    }>;
  };
  status?: { conditions?: ReadyCondition[] };
}

export interface ReadyCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** The fields of a SecretStore or ClusterSecretStore PullKey reads (wire JSON). */
export interface SecretStoreLike {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: {
    provider?: Record<string, unknown> & {
      kubernetes?: { remoteNamespace?: string; server?: { url?: string } };
    };
  };
}

export interface StoreRef {
  kind: 'SecretStore' | 'ClusterSecretStore';
  name: string;
}

const DOCKERCONFIGJSON_KEY = '.dockerconfigjson';

/** Why PullKey leaves the source of each engine that names no Secret of this cluster alone. */
const elsewhere: Partial<Record<EngineOwner['engine'], string>> = {
  'sealed-secrets':
    'the source is sealed (encrypted) in Git: seal the new credentials with kubeseal and commit the SealedSecret.',
  'vault-secrets-operator': 'the source is in Vault: change it there.',
  'rancher-project':
    "the project secret is in Rancher's management cluster: change it in Rancher (Storage › Secrets of the project).",
  'rancher-legacy':
    "the project secret is in Rancher's management cluster: change it in Rancher (Resources › Secrets of the project).",
  kyverno: "the secret is generated from the policy's own data: change the policy.",
};

const secret = (ref: SecretName, where: string): CopySource => ({ secret: ref, where, why: null });
const notWritable = (where: string, why: string): CopySource => ({ secret: null, where, why });

/**
 * The source as far as the copy's own markers tell. External Secrets needs its ExternalSecret and
 * store read (`externalSecretSource`): null here.
 */
export function markedSource(owner: EngineOwner): CopySource | null {
  if (owner.engine === 'external-secrets') return null;
  if (owner.sourceSecret && (owner.engine === 'reflector' || owner.engine === 'kyverno')) {
    const { namespace, name } = owner.sourceSecret;
    return secret(owner.sourceSecret, `Secret ${namespace}/${name} (${owner.engineName} source)`);
  }
  return notWritable(
    owner.source,
    elsewhere[owner.engine] ??
      `${owner.engineName} writes it from its own source (Git, chart values or the operator's resource): change it there.`,
  );
}

/** The store an ExternalSecret reads from, or why there is not exactly one. */
export function storeRefOf(es: ExternalSecretLike): StoreRef | { why: string } {
  const spec = es.spec ?? {};
  const itemSources = [...(spec.data ?? []), ...(spec.dataFrom ?? [])].some(
    (item) => item.sourceRef,
  );
  if (itemSources)
    return { why: 'it reads some keys from another store or a generator (sourceRef).' };
  const ref = spec.secretStoreRef;
  if (!ref?.name) return { why: 'it names no secretStoreRef.' };
  const kind = ref.kind ?? 'SecretStore';
  if (kind !== 'SecretStore' && kind !== 'ClusterSecretStore')
    return { why: `its store is a ${kind}, not a SecretStore or ClusterSecretStore.` };
  return { kind, name: ref.name };
}

/** The one remote key the copy's .dockerconfigjson comes from, or why there is not one. */
export function remoteKeyOf(es: ExternalSecretLike): { key: string } | { why: string } {
  const spec = es.spec ?? {};
  const template = spec.target?.template;
  if (template?.data || template?.templateFrom?.length)
    return { why: 'the copy is built by a template, not copied from one secret.' };
  if ((spec.dataFrom ?? []).some((item) => item.find))
    return { why: 'it finds several remote secrets (dataFrom.find).' };
  const keys = new Set<string>();
  for (const item of spec.data ?? []) {
    const key = item.remoteRef?.key;
    if (!key) return { why: 'a data item names no remote key.' };
    if (
      item.remoteRef?.property !== DOCKERCONFIGJSON_KEY ||
      item.secretKey !== DOCKERCONFIGJSON_KEY
    )
      return {
        why: `data item ${item.secretKey ?? '?'} is not the source's .dockerconfigjson copied as it is.`,
      };
    keys.add(key);
  }
  for (const item of spec.dataFrom ?? []) {
    const key = item.extract?.key;
    if (!key) return { why: 'a dataFrom item extracts no remote key.' };
    if (item.extract?.property) return { why: 'it extracts one property of the remote secret.' };
    keys.add(key);
  }
  if (keys.size === 0) return { why: 'it names no remote key.' };
  if (keys.size > 1)
    return { why: `it reads several remote keys (${[...keys].sort().join(', ')}).` };
  return { key: [...keys][0]! };
}

const sameServer = (a: string, b: string) =>
  a.trim().replace(/\/+$/, '').toLowerCase() === b.trim().replace(/\/+$/, '').toLowerCase();

/**
 * Where an External Secrets copy's value comes from, given its ExternalSecret and (when read) its
 * store: a Secret of this cluster for a Kubernetes-provider store, else the store and key named.
 * `cluster`: this context's API server URL (a store naming another server reads another cluster).
 */
export function externalSecretSource(
  es: ExternalSecretLike,
  store: SecretStoreLike | { unreadable: string } | null,
  cluster: string | null,
): CopySource {
  const esName = `ExternalSecret ${es.metadata?.namespace ?? ''}/${es.metadata?.name ?? ''}`;
  const ref = storeRefOf(es);
  if ('why' in ref) return notWritable(esName, `PullKey cannot tell one source: ${ref.why}`);
  const storeName = `${ref.kind} ${ref.kind === 'SecretStore' ? `${es.metadata?.namespace ?? ''}/` : ''}${ref.name}`;
  const key = remoteKeyOf(es);
  if (!store) return notWritable(`${esName} (${storeName})`, `${storeName} was not read.`);
  if ('unreadable' in store)
    return notWritable(
      `${esName} (${storeName})`,
      `${store.unreadable}: PullKey cannot tell where its source is.`,
    );
  const providers = Object.keys(store.spec?.provider ?? {});
  const kubernetes = store.spec?.provider?.kubernetes;
  const keyText = 'key' in key ? `, key ${key.key}` : '';
  if (!kubernetes) {
    const provider = providers[0] ?? 'unknown';
    return notWritable(
      `${esName}: ${storeName} (${provider} provider${keyText})`,
      `the value comes from the ${provider} provider, outside this cluster: change it there.`,
    );
  }
  const url = kubernetes.server?.url;
  if (url && cluster && !sameServer(url, cluster))
    return notWritable(
      `${esName}: ${storeName} (Kubernetes provider, another cluster at ${url}${keyText})`,
      'the source secret is in another cluster: change it there.',
    );
  if (url && !cluster)
    return notWritable(
      `${esName}: ${storeName} (Kubernetes provider at ${url}${keyText})`,
      'PullKey cannot tell whether that server is this cluster.',
    );
  if ('why' in key)
    return notWritable(
      `${esName}: ${storeName} (Kubernetes provider)`,
      `PullKey cannot tell one source: ${key.why}`,
    );
  const source = { namespace: kubernetes.remoteNamespace || 'default', name: key.key };
  return secret(
    source,
    `Secret ${source.namespace}/${source.name} (${esName}, ${storeName}, Kubernetes provider)`,
  );
}

/** The ExternalSecret's Ready condition when it is not True (its reason and message), else null. */
export function failingReady(es: ExternalSecretLike): ReadyCondition | null {
  const ready = (es.status?.conditions ?? []).find((condition) => condition.type === 'Ready');
  if (!ready) return null;
  return ready.status === 'True' ? null : ready;
}

/** The secret name an ExternalSecret writes (target.name, else its own name). */
export function targetNameOf(es: ExternalSecretLike): string {
  return es.spec?.target?.name || es.metadata?.name || '';
}

/** The names of the ExternalSecrets (of one namespace) that write the secret `name`, sorted. */
export function writersOf(externalSecrets: ExternalSecretLike[], name: string): string[] {
  return externalSecrets
    .filter((es) => targetNameOf(es) === name)
    .map((es) => es.metadata?.name ?? '')
    .filter(Boolean)
    .sort();
}
