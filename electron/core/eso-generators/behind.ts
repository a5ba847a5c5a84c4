/**
 * Pure: the links from a project copy back to the token generator behind its source, as
 * `read.ts` follows them by API reads and the live Pulls view follows them in its informers'
 * objects: copy → the ExternalSecret that controls it → its store's remote namespace and the
 * extracted key (the source secret) → the ExternalSecret there whose target is that source and
 * whose data comes from a generator. A failing one (Ready=False) is said in one line.
 * Reading it does no I/O.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { generatorError, type ExternalSecretWire } from './state';

export type EsObject = ExternalSecretWire & {
  metadata?: ExternalSecretWire['metadata'] & {
    ownerReferences?: Array<{ kind?: string; name?: string; controller?: boolean }>;
  };
};
export type StoreObject = {
  metadata?: { name?: string; namespace?: string };
  spec?: { provider?: { kubernetes?: { remoteNamespace?: string } } };
};

/** The name of the ExternalSecret that controls `copy`, or null. */
export function copyOwnerName(copy: V1Secret): string | null {
  const owner = copy.metadata?.ownerReferences?.find(
    (r) => r.kind === 'ExternalSecret' && r.controller,
  );
  return owner?.name ?? null;
}

/** The source key an ExternalSecret extracts and the store it reads, or null. */
export function extractLink(
  es: EsObject | null | undefined,
): { key: string; storeKind: 'SecretStore' | 'ClusterSecretStore'; storeName: string } | null {
  const key = es?.spec?.dataFrom?.find((d) => d.extract?.key)?.extract?.key;
  const storeRef = es?.spec?.secretStoreRef;
  if (!key || !storeRef?.name) return null;
  return {
    key,
    storeKind: storeRef.kind === 'ClusterSecretStore' ? 'ClusterSecretStore' : 'SecretStore',
    storeName: storeRef.name,
  };
}

/** The Kubernetes provider's remote namespace of a store, or null. */
export const remoteNamespaceOf = (store: StoreObject | null | undefined): string | null =>
  store?.spec?.provider?.kubernetes?.remoteNamespace ?? null;

/** The ExternalSecret of `list` that writes `key` from a generator, or undefined. */
export const feedingOf = <T extends EsObject>(list: T[], key: string): T | undefined =>
  list.find(
    (item) =>
      (item.spec?.target?.name ?? item.metadata?.name) === key &&
      item.spec?.dataFrom?.some((d) => d.sourceRef?.generatorRef),
  );

/** A failing generator behind a copy, as the Pulls list says it. */
export interface FailingGenerator {
  /** e.g. `ECRAuthorizationToken "team-token"`. */
  generator: string;
  /** namespace/name of the generator's ExternalSecret. */
  externalSecret: string;
  /** `the ECRAuthorizationToken generator "x"`. */
  what: string;
  /** The generator's error from the Ready message (the provider's text, unmasked). */
  cause: string;
}

/**
 * The failing generator of the ExternalSecret `feeding` (Ready=False), or null. `cause`: the
 * generator's own error from its latest Warning Event when read, else the Ready message.
 */
export function failingGenerator(
  feeding: EsObject,
  cause?: string | null,
): FailingGenerator | null {
  const ready = feeding.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'False') return null;
  const ref = feeding.spec?.dataFrom?.find((d) => d.sourceRef?.generatorRef)?.sourceRef
    ?.generatorRef;
  const generator = ref?.kind && ref.name ? `${ref.kind} "${ref.name}"` : 'token';
  return {
    generator,
    externalSecret: `${feeding.metadata?.namespace ?? ''}/${feeding.metadata?.name ?? ''}`,
    what: ref?.kind && ref.name ? `the ${ref.kind} generator "${ref.name}"` : 'the token generator',
    cause: cause || generatorError(ready.message || ready.reason || 'no reason given'),
  };
}

/** What the informers hold: ExternalSecrets by namespace, ClusterSecretStores by name. */
export interface EsoObjectsIndex {
  externalSecrets: EsObject[];
  clusterStores: StoreObject[];
}

/** A copy → its failing generator, or null (not an ESO copy, no generator, it works, or not known). */
export type GeneratorLookup = (copy: V1Secret) => FailingGenerator | null;

/**
 * The lookup over the informers' objects (built once per fold; answers cached per copy object, so
 * a re-fold after one change follows the links of the changed copies only). `causeOf`: the
 * failing generator's error from its Events, when already read (never read here).
 */
export function generatorLookup(
  index: EsoObjectsIndex,
  causeOf?: (feeding: EsObject) => string | null,
): GeneratorLookup {
  const byNamespace = new Map<string, EsObject[]>();
  for (const es of index.externalSecrets) {
    const namespace = es.metadata?.namespace ?? '';
    const list = byNamespace.get(namespace) ?? [];
    list.push(es);
    byNamespace.set(namespace, list);
  }
  const stores = new Map(index.clusterStores.map((store) => [store.metadata?.name ?? '', store]));
  const answers = new WeakMap<V1Secret, FailingGenerator | null>();
  return (copy) => {
    if (answers.has(copy)) return answers.get(copy)!;
    const owner = copyOwnerName(copy);
    const namespace = copy.metadata?.namespace ?? '';
    const es = owner
      ? byNamespace.get(namespace)?.find((item) => item.metadata?.name === owner)
      : undefined;
    const link = extractLink(es);
    // A namespaced SecretStore is not watched here: not known.
    const remote =
      link?.storeKind === 'ClusterSecretStore'
        ? remoteNamespaceOf(stores.get(link.storeName))
        : null;
    const feeding = link && remote ? feedingOf(byNamespace.get(remote) ?? [], link.key) : undefined;
    const answer = feeding ? failingGenerator(feeding, causeOf?.(feeding)) : null;
    answers.set(copy, answer);
    return answer;
  };
}
