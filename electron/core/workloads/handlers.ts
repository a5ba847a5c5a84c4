/** The workloads domain's slice of the router: pull secrets added to a workload or a ServiceAccount. */
import type { HandlersOf } from '../api/handlers';
import type { ClusterService } from '../kube/clusters';
import { attachPullSecrets } from './attach';
import { attachToServiceAccount } from './service-account';

export function workloadHandlers(clusters: ClusterService): HandlersOf<'workloads'> {
  return {
    'workloads:attach-pull-secrets': async ({ context, ...input }) =>
      attachPullSecrets(await clusters.session(context), input),
    'workloads:attach-service-account': async ({ context, ...input }) =>
      attachToServiceAccount(await clusters.session(context), input),
  };
}
