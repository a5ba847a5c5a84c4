/**
 * Pure: a kept project registry's row state, folded from its ClusterExternalSecret, the child
 * ExternalSecrets, the store and which copies exist. A namespace counts as kept only when its
 * ExternalSecret is Ready and the secret exists (`provisionedNamespaces` only means "created").
 * "Not reconciling": written (or asked to sync) over 30 s ago and ESO wrote nothing since.
 */
import type { KeptNamespace, KeptRegistry, KeptStore } from '../api/contract';
import { PROJECT_KIND_ANNOTATION } from '../kube/labels';
import { PULLKEY_PROJECT_LABEL, RANCHER_PROJECT_LABEL } from '../kube/projects';
import {
  DEFAULT_REFRESH_INTERVAL,
  FORCE_SYNC_ANNOTATION,
  REGISTRY_LABEL,
  durationMs,
} from './names';
import {
  readyOf,
  type ClusterExternalSecretObject,
  type ExternalSecretObject,
  type SecretStoreObject,
} from './objects';

/** How long ESO may stay silent after a write or a Sync now before the row says so. */
export const NOT_RECONCILING_AFTER_MS = 30_000;

export interface FoldInput {
  ces: ClusterExternalSecretObject;
  /** The CES's children, by namespace. */
  externalSecrets: Map<string, ExternalSecretObject>;
  store: SecretStoreObject | null;
  /** `namespace/name` of every copy that exists; null: copies not readable (Ready alone counts). */
  secrets: Set<string> | null;
  now: number;
}

function namespaceState(
  namespace: string,
  target: string,
  es: ExternalSecretObject | undefined,
  secrets: Set<string> | null,
): KeptNamespace {
  const secret = secrets ? secrets.has(`${namespace}/${target}`) : true;
  const ready = readyOf(es?.status?.conditions);
  const base = {
    namespace,
    reason: ready?.reason ?? null,
    message: ready?.message ?? null,
    refreshTime: es?.status?.refreshTime ?? null,
    secret,
  };
  if (!ready) return { ...base, state: 'waiting' };
  if (ready.status !== 'True') return { ...base, state: 'failing' };
  return { ...base, state: secret ? 'kept' : 'no-secret' };
}

function storeState(name: string, store: SecretStoreObject | null): KeptStore {
  const ready = readyOf(store?.status?.conditions);
  return {
    name,
    ready: ready ? ready.status === 'True' : null,
    reason: ready?.reason ?? (store ? null : 'NotFound'),
    message: ready?.message ?? (store ? null : `ClusterSecretStore ${name} does not exist`),
  };
}

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

/** ESO has been silent too long: nothing written since the CES, a Sync now, or a refresh due. */
function silent(input: FoldInput, namespaces: KeptNamespace[], intervalMs: number | null) {
  const { ces, now } = input;
  const written = time(ces.metadata.creationTimestamp);
  const noStatus = !ces.status?.conditions?.length && !ces.status?.provisionedNamespaces?.length;
  if (noStatus) return now - written > NOT_RECONCILING_AFTER_MS;
  // Only Ready copies are refreshed on schedule (a failing one keeps its last refreshTime).
  const refreshed = namespaces
    .filter((ns) => ns.state === 'kept')
    .map((ns) => time(ns.refreshTime))
    .filter((t) => !Number.isNaN(t));
  const oldest = refreshed.length ? Math.min(...refreshed) : NaN;
  const sync = time(ces.metadata.annotations?.[FORCE_SYNC_ANNOTATION]);
  if (!Number.isNaN(sync) && !Number.isNaN(oldest) && now - sync > NOT_RECONCILING_AFTER_MS)
    if (oldest < sync - 1000) return true;
  if (intervalMs !== null && !Number.isNaN(oldest))
    return now - oldest > intervalMs + NOT_RECONCILING_AFTER_MS;
  const waitingSince = namespaces.some((ns) => ns.state === 'waiting');
  return waitingSince && now - written > NOT_RECONCILING_AFTER_MS && refreshed.length === 0;
}

function summaryOf(
  state: KeptRegistry['state'],
  kept: number,
  total: number,
  problems: string[],
): string {
  const counted = `${kept}/${total} namespaces`;
  switch (state) {
    case 'kept':
      return `Kept by External Secrets — ${counted}`;
    case 'converging':
      return `External Secrets is writing the copies — ${counted}`;
    case 'not-reconciling':
      return (
        'External Secrets is not reconciling: it wrote no status for over 30 s (is the ' +
        'operator running, with cluster kinds enabled?)'
      );
    case 'failing':
      return `External Secrets: ${counted} — ${problems[0] ?? 'failing'}`;
  }
}

export function foldKept(input: FoldInput): KeptRegistry {
  const { ces } = input;
  const spec = ces.spec?.externalSecretSpec;
  const target = spec?.target?.name ?? ces.metadata.name;
  const storeName = spec?.secretStoreRef?.name ?? '';
  const interval = spec?.refreshInterval ?? DEFAULT_REFRESH_INTERVAL;
  const labels = ces.metadata.labels ?? {};
  const failed = (ces.status?.failedNamespaces ?? []).map((f) => ({
    namespace: f.namespace,
    reason: f.reason ?? 'failed',
  }));
  const failedSet = new Set(failed.map((f) => f.namespace));
  const provisioned = (ces.status?.provisionedNamespaces ?? []).filter((n) => !failedSet.has(n));
  const namespaces: KeptNamespace[] = [
    ...provisioned.map((ns) =>
      namespaceState(ns, target, input.externalSecrets.get(ns), input.secrets),
    ),
    ...failed.map((f) => ({
      namespace: f.namespace,
      state: 'not-created' as const,
      reason: 'ClusterExternalSecretFailed',
      message: f.reason,
      refreshTime: null,
      secret: input.secrets?.has(`${f.namespace}/${target}`) ?? false,
    })),
  ].sort((a, b) => a.namespace.localeCompare(b.namespace));
  const store = storeState(storeName, input.store);
  const kept = namespaces.filter((ns) => ns.state === 'kept');
  const problems = [
    ...(store.ready === false ? [`store ${store.name}: ${store.message ?? store.reason}`] : []),
    ...namespaces
      .filter(
        (ns) => ns.state === 'failing' || ns.state === 'not-created' || ns.state === 'no-secret',
      )
      .map((ns) =>
        ns.state === 'no-secret'
          ? `${ns.namespace}: the secret is missing`
          : `${ns.namespace}: ${ns.message ?? ns.reason ?? 'failing'}`,
      ),
  ];
  const cesReady = readyOf(ces.status?.conditions);
  if (cesReady?.status === 'False' && !problems.length && cesReady.message)
    problems.push(cesReady.message);
  let state: KeptRegistry['state'];
  if (silent(input, namespaces, durationMs(interval))) state = 'not-reconciling';
  else if (problems.length) state = 'failing';
  else if (namespaces.length === 0 && !ces.status?.conditions?.length) state = 'converging';
  else state = kept.length === namespaces.length ? 'kept' : 'converging';
  const refreshTimes = kept
    .map((ns) => ns.refreshTime)
    .filter((t): t is string => !!t)
    .sort();
  const projectKindAnnotation = ces.metadata.annotations?.[PROJECT_KIND_ANNOTATION];
  const selector = ces.spec?.namespaceSelectors?.[0]?.matchLabels ?? {};
  const rancherId = selector[RANCHER_PROJECT_LABEL];
  return {
    id: ces.metadata.name,
    name: labels[REGISTRY_LABEL] ?? target,
    project:
      projectKindAnnotation === 'rancher' || (rancherId && !projectKindAnnotation)
        ? { kind: 'rancher', id: rancherId ?? labels[PULLKEY_PROJECT_LABEL] ?? '' }
        : {
            kind: 'pullkey',
            id: selector[PULLKEY_PROJECT_LABEL] ?? labels[PULLKEY_PROJECT_LABEL] ?? '',
          },
    source: {
      namespace: input.store?.spec?.provider?.kubernetes?.remoteNamespace ?? '',
      name: spec?.dataFrom?.[0]?.extract?.key ?? '',
    },
    refreshInterval: interval,
    state,
    summary: summaryOf(state, kept.length, namespaces.length, problems),
    kept: kept.length,
    total: namespaces.length,
    refreshedAt: refreshTimes[0] ?? null,
    namespaces,
    failedNamespaces: failed,
    store,
    writtenAt: ces.metadata.creationTimestamp ?? null,
    syncRequestedAt: ces.metadata.annotations?.[FORCE_SYNC_ANNOTATION] ?? null,
    resourceVersion: ces.metadata.resourceVersion ?? '',
  };
}
