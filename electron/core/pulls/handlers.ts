/** The Pulls domain's slice of the router: the Pull doctor's live view, counts, detail and fixes. */
import type { HandlersOf } from '../api/handlers';
import type { ClusterService } from '../kube/clusters';
import { copySecret, rewriteSecret, setImage } from './fixes/fix-writes';
import { deleteStaleJobs } from './fixes/stale-jobs';
import type { createPullsService } from './service';

export interface PullHandlerDeps {
  pulls: ReturnType<typeof createPullsService>;
  clusters: ClusterService;
}

export function pullHandlers({ pulls, clusters }: PullHandlerDeps): HandlersOf<'pulls'> {
  return {
    'pulls:open': ({ context }) => pulls.open(context),
    'pulls:close': async ({ context }) => ({ closed: await pulls.close(context) }),
    'pulls:check-settings': ({ context, ...patch }) => pulls.setCheckSettings(context, patch),
    'pulls:summary': (request) => pulls.summary(request),
    'pulls:detail': (ref) => pulls.detail(ref),
    'pulls:set-image': async ({ context, ...input }) =>
      setImage(await clusters.session(context), input),
    'pulls:copy-secret': async ({ context, ...input }) =>
      copySecret(await clusters.session(context), input),
    'pulls:rewrite-secret': async ({ context, ...input }) =>
      rewriteSecret(await clusters.session(context), input),
    'pulls:delete-stale-jobs': async ({ context, ...input }) =>
      deleteStaleJobs(await clusters.session(context), input),
  };
}
