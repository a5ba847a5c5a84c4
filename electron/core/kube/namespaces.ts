/**
 * The namespaces a user can see on one context, with what they may do in each, kept live by a
 * watch (informer) where the user may list namespaces.
 */
import type { V1Namespace } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { NamespaceStuck, NamespacesList, NamespaceSummary } from '../api/contract';
import { isAppError } from '../api/errors';
import {
  accessQuestions,
  answersFromRules,
  namespacesNamedByRules,
  toNamespaceAccess,
  type AccessAnswers,
  type ResourceRule,
} from './access';
import { accessAllowed } from './access-review';
import { memoizeSuccess } from './memo';
import { createInformer, type Informer } from './informer';
import { acquireInformer, clusterTransport } from './live-view/informers';
import { rawList } from './raw-list';
import { groupProjects, projectsOf, type NamespaceMeta } from './projects';
import { stuckOnEso } from '../eso/stuck';
import type { KubeSession } from './session';

const PARTIAL_NOTE =
  'You may not list all namespaces on this cluster: showing the context namespace, the namespaces your roles name, and the ones you added.';

export interface NamespaceWatcher {
  list(options?: { refresh?: boolean }): Promise<NamespacesList>;
  remember(namespace: string): void;
  stop(): void;
}

type Listed = NamespaceMeta & { phase: string; stuck?: NamespaceStuck | null };

function meta(namespace: V1Namespace): Listed {
  const name = namespace.metadata?.name ?? '';
  // Wire JSON: deletionTimestamp is the RFC 3339 string (see raw-list.ts).
  const deleting = namespace.metadata?.deletionTimestamp as unknown as string | undefined;
  return {
    name,
    labels: namespace.metadata?.labels,
    annotations: namespace.metadata?.annotations,
    phase: namespace.status?.phase ?? 'Active',
    stuck: stuckOnEso({
      name,
      deletionTimestamp: deleting ? String(deleting) : null,
      finalizers: namespace.metadata?.finalizers,
    }),
  };
}

export function createNamespaceWatcher(
  session: KubeSession,
  extraNamespaces: () => string[],
  onChange: (list: NamespacesList) => void,
): NamespaceWatcher {
  const limit = pLimit(8);
  const accessCache = new Map<string, Promise<AccessAnswers>>();
  let current: Promise<NamespacesList> | null = null;
  let informer: { informer: Informer<V1Namespace>; release(): void } | null = null;
  let stopped = false;
  const remembered = new Set<string>();

  /** Questions answered yes cluster-wide need no per-namespace review (a failure is not kept). */
  const clusterWide = memoizeSuccess(() =>
    Promise.all(
      accessQuestions.map(
        async (question) => [question.key, await accessAllowed(session, question)] as const,
      ),
    ).then((entries): Partial<AccessAnswers> =>
      Object.fromEntries(entries.filter(([, allowed]) => allowed)),
    ),
  );

  async function rulesIn(
    namespace: string,
  ): Promise<{ rules: ResourceRule[]; incomplete: boolean }> {
    const review = await session.call(() =>
      session.authz.createSelfSubjectRulesReview({ body: { spec: { namespace } } }),
    );
    return {
      rules: review.status?.resourceRules ?? [],
      incomplete: review.status?.incomplete === true,
    };
  }

  async function accessIn(namespace: string): Promise<AccessAnswers> {
    const granted = await clusterWide.get();
    if (accessQuestions.every((question) => granted[question.key])) {
      return granted as AccessAnswers;
    }
    const { rules } = await limit(() => rulesIn(namespace));
    const fromRules = answersFromRules(rules);
    return Object.fromEntries(
      accessQuestions.map((question) => [
        question.key,
        granted[question.key] === true || fromRules[question.key],
      ]),
    ) as AccessAnswers;
  }

  function cachedAccess(namespace: string): Promise<AccessAnswers> {
    let answers = accessCache.get(namespace);
    if (!answers) {
      answers = accessIn(namespace);
      accessCache.set(namespace, answers);
      answers.catch(() => accessCache.delete(namespace));
    }
    return answers;
  }

  async function summarize(
    scope: NamespacesList['scope'],
    metas: Listed[],
  ): Promise<NamespacesList> {
    const sorted = [...metas].sort((a, b) => a.name.localeCompare(b.name));
    const namespaces: NamespaceSummary[] = await Promise.all(
      sorted.map(async (namespace) => ({
        name: namespace.name,
        phase: namespace.phase,
        projects: projectsOf(namespace),
        access: toNamespaceAccess(await cachedAccess(namespace.name)),
        ...(namespace.stuck ? { stuck: namespace.stuck } : {}),
      })),
    );
    return {
      context: session.context,
      scope,
      note: scope === 'partial' ? PARTIAL_NOTE : null,
      namespaces,
      projects: groupProjects(sorted),
    };
  }

  async function listPartial(): Promise<NamespacesList> {
    const { rules } = await rulesIn(session.namespace).catch(() => ({ rules: [] }));
    const names = new Set([
      session.namespace,
      ...namespacesNamedByRules(rules),
      ...extraNamespaces(),
      ...remembered,
    ]);
    const metas = await Promise.all(
      [...names].map(async (name) => {
        try {
          return meta(await session.call(() => session.core.readNamespace({ name })));
        } catch (error) {
          if (isAppError(error) && error.code === 'KUBE_NOT_FOUND') return null;
          return { name, phase: 'Unknown' };
        }
      }),
    );
    return summarize(
      'partial',
      metas.filter((entry): entry is NonNullable<typeof entry> => entry !== null),
    );
  }

  /** One namespaces informer per session; its changes (and freshness) are pushed. */
  function namespacesInformer(): Informer<V1Namespace> {
    if (informer) return informer.informer;
    informer = acquireInformer(session, 'namespaces', () =>
      createInformer<V1Namespace>({
        path: '/api/v1/namespaces',
        // Wire JSON (only names, labels, annotations and phase are read): see raw-list.ts.
        list: () =>
          session.call(() => rawList<V1Namespace>(session.kubeConfig, '/api/v1/namespaces')),
        ...clusterTransport(session.kubeConfig),
        fatal: (error) => isAppError(error) && error.code === 'CLUSTER_FORBIDDEN',
      }),
    );
    const watched = informer.informer;
    let pending: NodeJS.Timeout | null = null;
    let known = new Set<string>();
    watched.subscribe(() => {
      if (pending || stopped || !watched.synced()) return;
      // Coalesce bursts (e.g. a namespace created with labels in several writes).
      pending = setTimeout(() => {
        pending = null;
        if (stopped) return;
        const objects = watched.objects();
        const names = new Set(objects.map((namespace) => namespace.metadata?.name ?? ''));
        for (const name of known) if (!names.has(name)) accessCache.delete(name);
        known = names;
        const next = summarizeWatched(watched);
        current = next;
        // A failure (e.g. an access review while the server is away) is never kept as the list.
        next.then(onChange, () => {
          if (current === next) current = null;
        });
      }, 50);
    });
    return watched;
  }

  async function summarizeWatched(watched: Informer<V1Namespace>): Promise<NamespacesList> {
    const list = await summarize('cluster', watched.objects().map(meta));
    return { ...list, freshness: watched.freshness() };
  }

  async function load(refresh: boolean): Promise<NamespacesList> {
    const watched = namespacesInformer();
    try {
      await (refresh && watched.synced() ? watched.relist() : watched.ready());
    } catch (error) {
      if (isAppError(error) && error.code === 'CLUSTER_FORBIDDEN') return listPartial();
      throw error;
    }
    return summarizeWatched(watched);
  }

  return {
    list({ refresh = false } = {}) {
      if (refresh) {
        accessCache.clear();
        clusterWide.clear();
      }
      if (!current || refresh) {
        const next = load(refresh);
        current = next;
        next.catch(() => {
          if (current === next) current = null;
        });
      }
      return current;
    },
    remember(namespace) {
      remembered.add(namespace);
      current = null;
    },
    stop() {
      stopped = true;
      informer?.release();
    },
  };
}
