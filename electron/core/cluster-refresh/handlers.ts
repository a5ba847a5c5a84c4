/** The cluster refresh domain's slice of the router: "Keep fresh in the cluster" and its state. */
import type { HandlersOf } from '../api/handlers';
import type { ClusterRefreshService } from './service';

export function clusterRefreshHandlers(
  service: ClusterRefreshService,
): HandlersOf<'cluster-refresh'> {
  return {
    'cluster-refresh:keep-fresh': (input) => service.keepFresh(input),
    'cluster-refresh:state': (input) => service.state(input),
  };
}
