/**
 * The clusters domain's slice of the router: kubeconfig contexts (`contexts:*`, and
 * `contexts:changed` pushed when the selection or a kubeconfig file changes), a cluster's status,
 * its namespaces and projects.
 */
import type { EventHub } from '../api/events';
import type { HandlersOf } from '../api/handlers';
import type { ClusterService } from './clusters';
import type { ContextService } from './contexts';
import type { KubeconfigStore } from './kubeconfig/store';

export interface ClusterHandlerDeps {
  kubeconfig: KubeconfigStore;
  contexts: ContextService;
  clusters: ClusterService;
  events: EventHub;
}

export function clusterHandlers({
  kubeconfig,
  contexts,
  clusters,
  events,
}: ClusterHandlerDeps): HandlersOf<'contexts' | 'cluster' | 'namespaces' | 'projects'> {
  kubeconfig.onChange((loaded) => {
    void contexts.fromLoaded(loaded).then((list) => events.emit('contexts:changed', list));
  });

  return {
    'contexts:list': () => contexts.list(),
    'contexts:select': async ({ name }) => {
      const list = await contexts.select(name);
      events.emit('contexts:changed', list);
      return list;
    },
    'contexts:make-current': ({ name }) => contexts.makeCurrent(name),
    'cluster:status': ({ context }) => clusters.status(context),
    'namespaces:list': ({ context, refresh }) => clusters.namespaces(context, refresh),
    'namespaces:remember': ({ context, namespace }) =>
      clusters.rememberNamespace(context, namespace),
    'projects:create': ({ context, name, namespaces }) =>
      clusters.createProject(context, name, namespaces),
    'projects:rename': ({ context, from, to }) => clusters.renameProject(context, from, to),
    'projects:dissolve': ({ context, name }) => clusters.dissolveProject(context, name),
  };
}
