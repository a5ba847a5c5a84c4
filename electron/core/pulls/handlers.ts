/** The Pulls domain's slice of the router: the Pull doctor's live view, counts, detail and fixes. */
import type { HandlersOf } from '../api/handlers';
import type { ClusterService } from '../kube/clusters';
import { pullFixHandlers, type PullFixPorts } from './fixes/api';
import type { createPullsService } from './service';

export interface PullHandlerDeps {
  pulls: ReturnType<typeof createPullsService>;
  clusters: ClusterService;
  /** Fix 2's first step: a registry from a saved login (the registries workflow, injected). */
  createRegistry: PullFixPorts['createRegistry'];
}

export function pullHandlers({
  pulls,
  clusters,
  createRegistry,
}: PullHandlerDeps): HandlersOf<'pulls'> {
  return {
    'pulls:open': ({ context }) => pulls.open(context),
    'pulls:close': async ({ context }) => ({ closed: await pulls.close(context) }),
    'pulls:check-settings': ({ context, ...patch }) => pulls.setCheckSettings(context, patch),
    'pulls:summary': (request) => pulls.summary(request),
    'pulls:detail': (ref) => pulls.detail(ref),
    ...pullFixHandlers({ session: (context) => clusters.session(context), createRegistry }),
  };
}
