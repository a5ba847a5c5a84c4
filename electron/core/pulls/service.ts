/**
 * The Pull doctor's I/O: per context, informers on pods and dockerconfigjson secrets (cluster-wide
 * where allowed, else per visible namespace), the intermediate owners (ReplicaSet, Job) read once
 * by uid, secrets named but not seen read once to tell "missing" from "another type". Every change
 * is folded (pure `fold.ts`) and pushed as `pulls:changed`. The "All contexts" summary checks
 * contexts concurrently with a bound and a deadline each; an exec-plugin context not in use is not
 * contacted.
 */
import {
  BatchV1Api,
  type V1Node,
  type V1Pod,
  type V1Secret,
  type V1ServiceAccount,
} from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type {
  ContextsList,
  PullDetail,
  PullWorkloadRef,
  PullsSummaryEntry,
  PullsView,
} from '../api/contract';
import { AppError, isAppError } from '../api/errors';
import type { EventHub } from '../api/events';
import type { ClusterService } from '../kube/clusters';
import type { KubeSession } from '../kube/session';
import { pendingChecks, type CheckVerdict, type CredentialCheck } from './credential-checks';
import { buildDetail } from './detail';
import { networkEvidence, type RegistryTls } from './evidence';
import { networkReport } from './network';
import {
  foldFailing,
  foldLatent,
  podSecrets,
  referencedSecrets,
  reverifyNote,
  running,
} from './fold';
import { ownersToResolve, type OwnerInfo } from './pod-failures';
import { openScoped, type ScopedInformers } from './scoped-informers';

const DOCKERCONFIGJSON = 'type=kubernetes.io/dockerconfigjson';
/** A secret read by name (not in the informer) is read again after this long. */
const LOOKUP_TTL_MS = 30_000;
export const SUMMARY_CONCURRENCY = 4;
export const SUMMARY_DEADLINE_MS = 10_000;
/** Registry checks of running pods' credentials at a time, per context. */
export const CHECK_CONCURRENCY = 4;
/** A check that got no answer (unreachable, TLS) is asked again after this long. */
const UNKNOWN_TTL_MS = 5 * 60_000;
const MAX_CHECKS_KEPT = 10_000;

interface Tracker {
  context: string;
  session: KubeSession;
  pods: ScopedInformers<V1Pod>;
  secrets: ScopedInformers<V1Secret>;
  owners: Map<string, OwnerInfo>;
  /** Secrets named by pods but not in the informer: read by name. */
  lookups: Map<string, { value: V1Secret | 'missing'; at: number } | 'pending'>;
  version: string | null;
  unsubscribe: Array<() => void>;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
  latest: PullsView | null;
  /** The Pulls view is open on this context (not only the summary): registry checks run. */
  viewOpen: boolean;
  /** Registry answers per (secret resourceVersion, image repository, user). */
  checks: Map<string, { verdict: CheckVerdict; at: number } | 'pending'>;
  checkLimit: ReturnType<typeof pLimit>;
}

export interface PullsDeps {
  clusters: ClusterService;
  events: EventHub;
  contexts: () => Promise<ContextsList>;
  now?: () => number;
  /** How long the summary waits for one context before showing it as "timeout". */
  summaryDeadlineMs?: number;
  /** TLS this computer uses for a registry host (kept CAs), for the laptop-side checks. */
  registryTls?: RegistryTls;
  /** Checks one credential against the registry from this computer (latent "now rejected"). */
  checkCredential?: (check: CredentialCheck) => Promise<CheckVerdict>;
}

export function createPullsService({
  clusters,
  events,
  contexts,
  now = Date.now,
  summaryDeadlineMs = SUMMARY_DEADLINE_MS,
  registryTls = () => Promise.resolve({}),
  checkCredential,
}: PullsDeps) {
  const trackers = new Map<string, Promise<Tracker>>();

  async function visibleNamespaces(context: string): Promise<string[]> {
    const list = await clusters.namespaces(context);
    return list.namespaces.map((namespace) => namespace.name);
  }

  function secretOf(t: Tracker, namespace: string, name: string): V1Secret | 'missing' | undefined {
    const seen = t.secrets.get(namespace, name);
    if (seen) return seen;
    const key = `${namespace}/${name}`;
    const looked = t.lookups.get(key);
    if (looked && looked !== 'pending' && now() - looked.at < LOOKUP_TTL_MS) return looked.value;
    if (looked !== 'pending') void lookup(t, namespace, name);
    return looked && looked !== 'pending' ? looked.value : undefined;
  }

  async function lookup(t: Tracker, namespace: string, name: string) {
    const key = `${namespace}/${name}`;
    t.lookups.set(key, 'pending');
    try {
      const secret = await t.session.call(() =>
        t.session.core.readNamespacedSecret({ name, namespace }),
      );
      t.lookups.set(key, { value: secret, at: now() });
    } catch (error) {
      // Not found is an answer; anything else (forbidden, unreachable) is not kept.
      if (isAppError(error) && error.code === 'KUBE_NOT_FOUND')
        t.lookups.set(key, { value: 'missing', at: now() });
      else t.lookups.delete(key);
    }
    schedule(t);
  }

  async function resolveOwners(t: Tracker, pods: V1Pod[]) {
    const wanted = new Map<
      string,
      { uid: string; kind: string; name: string; namespace: string }
    >();
    for (const pod of pods)
      for (const owner of ownersToResolve(pod))
        if (!t.owners.has(owner.uid))
          wanted.set(owner.uid, { ...owner, namespace: pod.metadata?.namespace ?? '' });
    if (!wanted.size) return;
    const batch = t.session.kubeConfig.makeApiClient(BatchV1Api);
    const limit = pLimit(8);
    await Promise.all(
      [...wanted.values()].map((owner) =>
        limit(async () => {
          try {
            const read =
              owner.kind === 'ReplicaSet'
                ? await t.session.call(() =>
                    t.session.apps.readNamespacedReplicaSet({
                      name: owner.name,
                      namespace: owner.namespace,
                    }),
                  )
                : await t.session.call(() =>
                    batch.readNamespacedJob({ name: owner.name, namespace: owner.namespace }),
                  );
            if (read.metadata?.uid !== owner.uid) return;
            const controller = read.metadata?.ownerReferences?.find((ref) => ref.controller);
            t.owners.set(owner.uid, {
              controller: controller ? { kind: controller.kind, name: controller.name } : null,
            });
          } catch (error) {
            // Gone: the owner is shown as itself. Other failures are retried on the next change.
            if (isAppError(error) && error.code === 'KUBE_NOT_FOUND')
              t.owners.set(owner.uid, { controller: null });
          }
        }),
      ),
    );
  }

  function verdictOf(t: Tracker, key: string): CheckVerdict | undefined {
    const entry = t.checks.get(key);
    return entry && entry !== 'pending' ? entry.verdict : undefined;
  }

  /** Asks the registries about running pods' credentials not checked yet (bounded, cached). */
  function startChecks(t: Tracker, pods: V1Pod[]) {
    if (!checkCredential || !t.viewOpen) return;
    const secret = (namespace: string, name: string) => secretOf(t, namespace, name);
    const known = (key: string) => {
      const entry = t.checks.get(key);
      if (!entry) return false;
      return !(
        entry !== 'pending' &&
        entry.verdict.state === 'unknown' &&
        now() - entry.at > UNKNOWN_TTL_MS
      );
    };
    const wanted = pendingChecks(
      pods
        .filter((pod) => running(pod) && pod.spec?.imagePullSecrets?.length)
        .map((pod) => ({ pod, found: podSecrets(pod, secret).found })),
      known,
    );
    if (!wanted.length) return;
    if (t.checks.size + wanted.length > MAX_CHECKS_KEPT) t.checks.clear();
    for (const check of wanted) {
      t.checks.set(check.key, 'pending');
      void t.checkLimit(async () => {
        if (t.stopped) return;
        const verdict = await checkCredential(check).catch((): CheckVerdict => ({
          state: 'unknown',
        }));
        t.checks.set(check.key, { verdict, at: now() });
        if (verdict.state === 'rejected') schedule(t);
      });
    }
  }

  async function fold(t: Tracker): Promise<PullsView> {
    const pods = t.pods.objects();
    const input = {
      context: t.context,
      pods,
      owners: t.owners,
      secret: (namespace: string, name: string) => secretOf(t, namespace, name),
      registryVerdict: (key: string) => verdictOf(t, key),
    };
    // Name the workloads of the pods listed (failing or latent) before showing them; fold again
    // only when an owner was read (a fold of 5,000 pods is not free).
    let failing = foldFailing(input);
    let latent = foldLatent(input);
    const shown = new Set(
      [...failing, ...latent].flatMap((item) => item.pods.map((pod) => `${item.namespace}/${pod}`)),
    );
    const involved = pods.filter((pod) =>
      shown.has(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`),
    );
    const ownersKnown = t.owners.size;
    await resolveOwners(t, involved);
    if (t.owners.size !== ownersKnown) {
      failing = foldFailing(input);
      latent = foldLatent(input);
    }
    for (const ref of referencedSecrets(involved)) secretOf(t, ref.namespace, ref.name);
    startChecks(t, pods);
    const view: PullsView = {
      context: t.context,
      scope: t.pods.scope,
      namespaces: t.pods.namespaces,
      failing,
      latent,
      serverVersion: t.version,
      reverifyNote: reverifyNote(t.version),
      freshness: t.pods.freshness(),
      updatedAt: new Date(now()).toISOString(),
    };
    t.latest = view;
    return view;
  }

  function schedule(t: Tracker) {
    if (t.timer || t.stopped) return;
    t.timer = setTimeout(() => {
      t.timer = null;
      if (t.stopped) return;
      void fold(t)
        .then((view) => {
          if (!t.stopped) events.emit('pulls:changed', view);
        })
        .catch(() => undefined);
    }, 30);
  }

  async function start(context: string): Promise<Tracker> {
    const session = await clusters.session(context);
    const namespaces = () => visibleNamespaces(context);
    const [pods, secrets, status] = await Promise.all([
      openScoped<V1Pod>(session, { resource: 'pods' }, namespaces),
      openScoped<V1Secret>(
        session,
        { resource: 'secrets', query: { fieldSelector: DOCKERCONFIGJSON } },
        namespaces,
      ).catch(() => null),
      session.status(),
    ]);
    const t: Tracker = {
      context,
      session,
      pods,
      secrets: secrets ?? emptyScoped(),
      owners: new Map(),
      lookups: new Map(),
      version: status.version,
      unsubscribe: [],
      timer: null,
      stopped: false,
      latest: null,
      viewOpen: false,
      checks: new Map(),
      checkLimit: pLimit(CHECK_CONCURRENCY),
    };
    t.unsubscribe.push(pods.subscribe(() => schedule(t)));
    t.unsubscribe.push(
      t.secrets.subscribe(() => {
        t.lookups.clear();
        schedule(t);
      }),
    );
    return t;
  }

  async function tracker(context: string): Promise<Tracker> {
    let pending = trackers.get(context);
    if (!pending) {
      pending = start(context);
      trackers.set(context, pending);
      pending.catch(() => {
        // A failure is never cached: the next request starts again.
        if (trackers.get(context) === pending) trackers.delete(context);
      });
    }
    return pending;
  }

  function stop(t: Tracker) {
    t.stopped = true;
    if (t.timer) clearTimeout(t.timer);
    for (const off of t.unsubscribe) off();
    t.pods.release();
    t.secrets.release();
  }

  /** The Pulls view opens a context: registry checks of running pods start from here on. */
  async function open(context: string): Promise<PullsView> {
    const t = await tracker(context);
    t.viewOpen = true;
    return fold(t);
  }

  async function close(context: string): Promise<boolean> {
    const pending = trackers.get(context);
    if (!pending) return false;
    trackers.delete(context);
    const t = await pending.catch(() => null);
    if (t) stop(t);
    return !!t;
  }

  /** Counts per context; never blocked by one slow or unreachable context. */
  async function summary(include: string[] = []): Promise<PullsSummaryEntry[]> {
    const list = await contexts();
    const limit = pLimit(SUMMARY_CONCURRENCY);
    return Promise.all(
      list.contexts.map((context) => {
        const inUse = context.name === list.selected || include.includes(context.name);
        if (context.usesExecPlugin && !inUse && !trackers.has(context.name))
          return Promise.resolve<PullsSummaryEntry>({
            context: context.name,
            state: 'not-checked',
            failing: 0,
            latent: 0,
            message: 'signs in with an exec plugin: checked only when in use (or on Check)',
            freshness: null,
          });
        return limit(() => summarize(context.name));
      }),
    );
  }

  async function summarize(context: string): Promise<PullsSummaryEntry> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), summaryDeadlineMs);
    });
    try {
      const view = await Promise.race([tracker(context).then(fold), deadline]);
      if (view === 'timeout')
        return {
          context,
          state: 'timeout',
          failing: 0,
          latent: 0,
          message: `no answer within ${summaryDeadlineMs / 1000} s; still trying`,
          freshness: null,
        };
      return {
        context,
        state: 'checked',
        failing: view.failing.length,
        latent: view.latent.length,
        message: null,
        freshness: view.freshness,
      };
    } catch (error) {
      return {
        context,
        state: 'unreachable',
        failing: 0,
        latent: 0,
        message: error instanceof Error ? error.message : String(error),
        freshness: null,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The evidence for one workload: credential sources, node identity, events, the report. */
  async function detail(ref: PullWorkloadRef): Promise<PullDetail> {
    const t = await tracker(ref.context);
    const view = t.latest ?? (await fold(t));
    const id = `${ref.context}/${ref.namespace}/${ref.kind}/${ref.name}`;
    const failure = view.failing.find((item) => item.id === id) ?? null;
    const latent = view.latent.find((item) => item.id === id) ?? null;
    if (!failure && !latent)
      throw new AppError(
        'KUBE_NOT_FOUND',
        `${ref.kind} ${ref.namespace}/${ref.name} has no failing pull on context "${ref.context}"`,
      );
    const podName = (failure ?? latent)!.pods[0]!;
    const pod = t.pods.get(ref.namespace, podName);
    const { session } = t;
    const accountName = pod?.spec?.serviceAccountName || 'default';
    const optional = <T>(request: () => Promise<T>) =>
      session.call(request).then(
        (value) => value,
        () => null,
      );
    const [account, node, eventList, template] = await Promise.all([
      optional<V1ServiceAccount>(() =>
        session.core.readNamespacedServiceAccount({ name: accountName, namespace: ref.namespace }),
      ),
      pod?.spec?.nodeName
        ? optional<V1Node>(() => session.core.readNode({ name: pod.spec!.nodeName! }))
        : Promise.resolve(null),
      optional(() =>
        session.core.listNamespacedEvent({
          namespace: ref.namespace,
          fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${podName}`,
        }),
      ),
      templatePullSecrets(session, ref),
    ]);
    const network = failure
      ? await networkEvidence({
          failure,
          tls: registryTls,
          nodes: async () =>
            (await optional(() => session.core.listNode()))?.items ?? (node ? [node] : []),
        })
      : null;
    const built = buildDetail({
      ref,
      failure,
      latent,
      pod: pod ?? null,
      serviceAccount: account,
      nodes: node ? [node] : [],
      events: eventList?.items ?? [],
      templateSecrets: template,
      secret: (namespace, name) => secretOf(t, namespace, name),
      namespacesWith: (name) =>
        t.secrets
          .objects()
          .filter((secret) => secret.metadata?.name === name)
          .map((secret) => secret.metadata?.namespace ?? '')
          .sort(),
    });
    return network ? { ...built, network, report: built.report + networkReport(network) } : built;
  }

  return {
    open,
    close,
    summary,
    detail,
    closeAll() {
      for (const context of [...trackers.keys()]) void close(context);
    },
  };
}

/** The imagePullSecrets the workload's own pod template names (null: unknown). */
async function templatePullSecrets(
  session: KubeSession,
  ref: PullWorkloadRef,
): Promise<string[] | null> {
  const { namespace, name } = ref;
  const names = (list: Array<{ name?: string }> | undefined) =>
    (list ?? []).map((item) => item.name ?? '').filter(Boolean);
  try {
    switch (ref.kind) {
      case 'Deployment':
        return names(
          (await session.call(() => session.apps.readNamespacedDeployment({ name, namespace })))
            .spec?.template.spec?.imagePullSecrets,
        );
      case 'StatefulSet':
        return names(
          (await session.call(() => session.apps.readNamespacedStatefulSet({ name, namespace })))
            .spec?.template.spec?.imagePullSecrets,
        );
      case 'DaemonSet':
        return names(
          (await session.call(() => session.apps.readNamespacedDaemonSet({ name, namespace }))).spec
            ?.template.spec?.imagePullSecrets,
        );
      default:
        return null;
    }
  } catch {
    return null;
  }
}

function emptyScoped<T>(): ScopedInformers<T> {
  return {
    scope: 'namespaces',
    namespaces: 0,
    objects: () => [],
    get: () => undefined,
    freshness: () => ({
      state: 'stale',
      since: null,
      retryAt: null,
      error: 'secrets not readable',
    }),
    subscribe: () => () => undefined,
    release: () => undefined,
  };
}
