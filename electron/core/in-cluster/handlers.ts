/** The in-cluster domain's slice of the router: project registries kept by External Secrets. */
import type { HandlersOf } from '../api/handlers';
import type { InClusterService } from './service';

export function inClusterHandlers(inCluster: InClusterService): HandlersOf<'inCluster'> {
  return {
    'inCluster:capability': (input) => inCluster.capability(input),
    'inCluster:keep': (input) => inCluster.keep(input),
    'inCluster:open': ({ context }) => inCluster.open(context),
    'inCluster:close': async ({ context }) => ({ closed: await inCluster.close(context) }),
    'inCluster:sync-now': (input) => inCluster.syncNow(input),
    'inCluster:delete': (input) => inCluster.remove(input, 'delete'),
    'inCluster:to-laptop': (input) => inCluster.remove(input, 'to-laptop'),
  };
}
