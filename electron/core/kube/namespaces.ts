/**
 * The namespaces a user can see on one context, with what they may do in each, kept live by a
 * watch (informer) where the user may list namespaces.
 */
import { makeInformer, type V1Namespace } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { NamespacesList, NamespaceSummary } from '../api/contract';
import { isAppError } from '../api/errors';
import {
  accessQuestions,
  answersFromRules,
  namespacesNamedByRules,
  toNamespaceAccess,
  type AccessAnswers,
  type ResourceRule,
} from './access';
import { groupProjects, projectsOf, type NamespaceMeta } from './projects';
import type { KubeSession } from './session';

const PARTIAL_NOTE =
  'You may not list all namespaces on this cluster: showing the context namespace, the namespaces your roles name, and the ones you added.';

export interface NamespaceWatcher {
  list(options?: { refresh?: boolean }): Promise<NamespacesList>;
  remember(namespace: string): void;
  stop(): void;
}

function meta(namespace: V1Namespace): NamespaceMeta & { phase: string } {
  return {
    name: namespace.metadata?.name ?? '',
    labels: namespace.metadata?.labels,
    annotations: namespace.metadata?.annotations,
    phase: namespace.status?.phase ?? 'Active',
  };
}

export function createNamespaceWatcher(
  session: KubeSession,
  extraNamespaces: () => string[],
  onChange: (list: NamespacesList) => void,
): NamespaceWatcher {
  const limit = pLimit(8);
  const accessCache = new Map<string, Promise<AccessAnswers>>();
  let clusterWide: Promise<Partial<AccessAnswers>> | null = null;
  let current: Promise<NamespacesList> | null = null;
  let informer: ReturnType<typeof makeInformer<V1Namespace>> | null = null;
  let stopped = false;
  const remembered = new Set<string>();

  /** Questions answered yes cluster-wide need no per-namespace review. */
  function clusterWideAnswers(): Promise<Partial<AccessAnswers>> {
    clusterWide ??= Promise.all(
      accessQuestions.map(async (question) => {
        const review = await session.call(() =>
          session.authz.createSelfSubjectAccessReview({
            body: {
              spec: {
                resourceAttributes: {
                  verb: question.verb,
                  group: question.group,
                  resource: question.resource,
                },
              },
            },
          }),
        );
        return [question.key, review.status?.allowed === true] as const;
      }),
    ).then((entries) => Object.fromEntries(entries.filter(([, allowed]) => allowed)));
    return clusterWide;
  }

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
    const granted = await clusterWideAnswers();
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
    metas: Array<NamespaceMeta & { phase: string }>,
  ): Promise<NamespacesList> {
    const sorted = [...metas].sort((a, b) => a.name.localeCompare(b.name));
    const namespaces: NamespaceSummary[] = await Promise.all(
      sorted.map(async (namespace) => ({
        name: namespace.name,
        phase: namespace.phase,
        projects: projectsOf(namespace),
        access: toNamespaceAccess(await cachedAccess(namespace.name)),
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

  function startWatch() {
    if (informer || stopped) return;
    const watched = makeInformer<V1Namespace>(session.kubeConfig, '/api/v1/namespaces', () =>
      session.core.listNamespace(),
    );
    let pending: NodeJS.Timeout | null = null;
    const changed = () => {
      if (pending) return;
      // Coalesce bursts (e.g. a namespace created with labels in several writes).
      pending = setTimeout(() => {
        pending = null;
        if (stopped) return;
        current = summarize('cluster', watched.list().map(meta));
        void current.then(onChange, () => undefined);
      }, 50);
    };
    watched.on('add', changed);
    watched.on('update', changed);
    watched.on('delete', (namespace) => {
      accessCache.delete(namespace.metadata?.name ?? '');
      changed();
    });
    watched.on('error', () => {
      // client-node stops the informer on error: restart it after a pause.
      setTimeout(() => {
        if (!stopped) void watched.start().catch(() => undefined);
      }, 3_000);
    });
    informer = watched;
    void watched.start().catch(() => undefined);
  }

  async function load(): Promise<NamespacesList> {
    try {
      const list = await session.call(() => session.core.listNamespace());
      startWatch();
      return await summarize('cluster', list.items.map(meta));
    } catch (error) {
      if (isAppError(error) && error.code === 'CLUSTER_FORBIDDEN') return listPartial();
      throw error;
    }
  }

  return {
    list({ refresh = false } = {}) {
      if (refresh) {
        accessCache.clear();
        clusterWide = null;
      }
      if (!current || refresh) {
        current = load();
        current.catch(() => (current = null));
      }
      return current;
    },
    remember(namespace) {
      remembered.add(namespace);
      current = null;
    },
    stop() {
      stopped = true;
      void informer?.stop();
    },
  };
}
