/**
 * Sessions per context, rebuilt when the kubeconfig entries behind a context change, and the
 * cluster-level operations the renderer asks for: status, namespaces, projects.
 */
import type { ClusterStatus, NamespacesList, ProjectChange } from '../api/contract';
import { AppError } from '../api/errors';
import type { EventHub } from '../api/events';
import type { SettingsStore } from '../settings/store';
import type { KubeconfigStore } from './kubeconfig/store';
import { defaultExecTimeoutMs } from './exec/run-plugin';
import { createNamespaceWatcher, type NamespaceWatcher } from './namespaces';
import { applyProjectLabel } from './project-actions';
import { createSession, sessionFingerprint, type KubeSession } from './session';

interface Entry {
  session: KubeSession;
  namespaces: NamespaceWatcher;
}

export interface ClusterService {
  status(context: string): Promise<ClusterStatus>;
  namespaces(context: string, refresh?: boolean): Promise<NamespacesList>;
  rememberNamespace(context: string, namespace: string): Promise<NamespacesList>;
  createProject(context: string, name: string, namespaces: string[]): Promise<ProjectChange>;
  renameProject(context: string, from: string, to: string): Promise<ProjectChange>;
  dissolveProject(context: string, name: string): Promise<ProjectChange>;
  /** The session of a context (other core modules build on it). */
  session(context: string): Promise<KubeSession>;
  close(): void;
}

export function createClusterService(
  kubeconfig: KubeconfigStore,
  settings: SettingsStore,
  events: EventHub,
  envReady: Promise<unknown> = Promise.resolve(),
): ClusterService {
  const entries = new Map<string, Entry>();
  let known: Record<string, string[]> = {};
  void settings.read().then((value) => (known = value.knownNamespaces ?? {}));

  function drop(context: string) {
    entries.get(context)?.namespaces.stop();
    entries.delete(context);
  }

  kubeconfig.onChange(({ merged }) => {
    for (const [context, entry] of entries) {
      try {
        if (sessionFingerprint(merged, context) !== entry.session.fingerprint) drop(context);
      } catch {
        drop(context);
      }
    }
  });

  async function entry(context: string): Promise<Entry> {
    const existing = entries.get(context);
    if (existing) return existing;
    await envReady;
    const { merged } = await kubeconfig.current();
    const raced = entries.get(context);
    if (raced) return raced;
    const session = createSession(merged, context, process.env, {
      execTimeoutMs: async () => {
        const seconds = (await settings.read()).execPluginTimeoutSeconds;
        return seconds ? seconds * 1000 : defaultExecTimeoutMs;
      },
    });
    const created: Entry = {
      session,
      namespaces: createNamespaceWatcher(
        session,
        () => known[context] ?? [],
        (list) => events.emit('namespaces:changed', list),
      ),
    };
    entries.set(context, created);
    return created;
  }

  /** Members of each PullKey project, from one fresh namespace list. */
  async function pullkeyProjects(context: string): Promise<(name: string) => string[]> {
    const list = await (await entry(context)).namespaces.list({ refresh: true });
    return (name) =>
      list.namespaces.filter((ns) => ns.projects.pullkey === name).map((ns) => ns.name);
  }

  async function relabel(
    context: string,
    project: string,
    namespaces: string[],
    value: string | null,
  ) {
    const { session, namespaces: watcher } = await entry(context);
    const results = await applyProjectLabel(session, namespaces, value);
    const list = await watcher.list({ refresh: true });
    events.emit('namespaces:changed', list);
    return { project, results };
  }

  return {
    session: async (context) => (await entry(context)).session,
    status: async (context) => (await entry(context)).session.status(),
    namespaces: async (context, refresh) =>
      (await entry(context)).namespaces.list({ refresh: refresh ?? false }),
    async rememberNamespace(context, namespace) {
      const list = [...new Set([...(known[context] ?? []), namespace])].sort();
      known = { ...known, [context]: list };
      await settings.update(({ knownNamespaces: current = {} }) => ({
        knownNamespaces: { ...current, [context]: list },
      }));
      const { namespaces } = await entry(context);
      namespaces.remember(namespace);
      return namespaces.list();
    },
    createProject: (context, name, namespaces) => relabel(context, name, namespaces, name),
    async renameProject(context, from, to) {
      const membersOf = await pullkeyProjects(context);
      const members = membersOf(from);
      if (members.length === 0) {
        throw new AppError(
          'KUBE_NOT_FOUND',
          `No PullKey project "${from}" on context "${context}"`,
        );
      }
      if (membersOf(to).length > 0) {
        throw new AppError(
          'KUBE_CONFLICT',
          `A PullKey project "${to}" already exists on context "${context}"`,
        );
      }
      return relabel(context, to, members, to);
    },
    async dissolveProject(context, name) {
      const members = (await pullkeyProjects(context))(name);
      if (members.length === 0) {
        throw new AppError(
          'KUBE_NOT_FOUND',
          `No PullKey project "${name}" on context "${context}"`,
        );
      }
      return relabel(context, name, members, null);
    },
    close() {
      for (const context of [...entries.keys()]) drop(context);
    },
  };
}
