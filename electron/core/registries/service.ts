/**
 * The registry-credential workflows on a cluster: list (live), verify, create (namespace or
 * project, per-namespace progress), view, reveal, edit (merge, resourceVersion), delete, sync
 * project copies, rotate everywhere ("Retry failed" of a create or a rotate answered from the
 * input kept here), and the default ServiceAccount's imagePullSecrets.
 *
 * This file wires them together; each workflow lives in its own module.
 */
import type { RegistriesList } from '../api/contract';
import type { EventHub } from '../api/events';
import type { ClusterService } from '../kube/clusters';
import { setDefaultAccountPullSecret } from '../kube/default-service-account';
import type { KubeSession } from '../kube/session';
import type { SettingsStore } from '../settings/store';
import type { Vault } from '../vault/vault';
import { createCancellations } from './cancellations';
import { createRegistryCredentials } from './credentials';
import { createDockerImport } from './docker-import-run';
import { createRegistryInspection } from './inspection';
import { groupRegistries } from './model';
import { createProjectMembers } from './project-members';
import { createRetryFailed } from './retry-failed';
import { createRegistryRotation } from './rotate';
import { createSecretsCache, type SecretsCache } from './secrets-cache';
import { createSourceChange } from './source-change';
import { createRegistrySync } from './sync';
import type { RegistryTlsStore } from '../settings/registry-tls';
import { createWriteKit } from './write-kit';
import { createRegistryWrites } from './writes';

export function createRegistriesService(
  clusters: ClusterService,
  vault: Vault,
  events: EventHub,
  settings: SettingsStore,
  /** The one registry-TLS store of the core (image access reads the same CAs). */
  tls: RegistryTlsStore,
) {
  const caches = new Map<string, { session: KubeSession; cache: SecretsCache }>();
  const members = createProjectMembers(settings);
  const credentials = createRegistryCredentials(vault, tls);

  async function cacheFor(context: string): Promise<SecretsCache> {
    const session = await clusters.session(context);
    const existing = caches.get(context);
    if (existing && existing.session === session) return existing.cache;
    existing?.cache.stop();
    const cache = createSecretsCache(session, () => {
      void list(context).then(
        (result) => events.emit('registries:changed', result),
        () => undefined,
      );
    });
    caches.set(context, { session, cache });
    return cache;
  }

  async function list(context: string, refresh = false): Promise<RegistriesList> {
    const cache = await cacheFor(context);
    const namespaceList = await clusters.namespaces(context);
    const { secrets, partial, freshness } = await cache.snapshot({
      refresh,
      namespaces: () =>
        Promise.resolve(
          namespaceList.namespaces.filter((ns) => ns.access.secrets.list).map((ns) => ns.name),
        ),
    });
    return members.annotate(context, {
      context,
      groups: groupRegistries(secrets, namespaceList.namespaces),
      partial,
      note: partial
        ? 'You may not list secrets in every namespace: showing the namespaces where you may.'
        : null,
      freshness,
    });
  }

  const deps = { clusters, events, credentials, tls, members, cacheFor, list };
  // One set of cancellations: `registries:cancel` stops a write or an Import from Docker.
  const cancellations = createCancellations();
  const kit = createWriteKit(deps, cancellations);
  const writes = createRegistryWrites(deps, kit);
  const rotation = createRegistryRotation(deps, kit);
  const retries = createRetryFailed({ create: writes.create, ...rotation });
  const inspection = createRegistryInspection(clusters, kit);
  const sources = createSourceChange(deps, kit);

  async function serviceAccountPullSecret(
    context: string,
    namespace: string,
    secret: string,
    enabled: boolean,
    seen?: { resourceVersion?: string | undefined; dryRun?: boolean | undefined },
  ) {
    const session = await clusters.session(context);
    return setDefaultAccountPullSecret(session, namespace, secret, enabled, seen);
  }

  return {
    cancel: kit.cancel,
    list,
    tlsFor: credentials.tlsFor,
    tlsSettings: tls.list,
    forgetTls: tls.forget,
    verify: credentials.verify,
    create: retries.create,
    retryCreate: retries.retryCreate,
    edit: writes.edit,
    remove: writes.remove,
    sync: createRegistrySync(deps, kit),
    async detail(context: string, namespace: string, name: string) {
      const found = await inspection.detail(context, namespace, name);
      return { ...found, putBack: (await cacheFor(context)).putBackOf(namespace, name) };
    },
    reveal: inspection.reveal,
    sourceOf: sources.sourceOf,
    changeSource: sources.changeSource,
    rotateScan: rotation.rotateScan,
    rotate: retries.rotate,
    retryRotate: retries.retryRotate,
    importDocker: createDockerImport({ vault, events, cancellations }),
    /** For a token refresh (registries/token-refresh.ts): rotate, and Cancel of its command. */
    rotation: { rotateScan: rotation.rotateScan, rotate: retries.rotate },
    signal: (operationId: string) => cancellations.signal(operationId),
    forget: (operationId: string) => cancellations.forget(operationId),
    serviceAccountPullSecret,
    close() {
      retries.clear();
      for (const { cache } of caches.values()) cache.stop();
      caches.clear();
    },
  };
}

export type RegistriesService = ReturnType<typeof createRegistriesService>;
