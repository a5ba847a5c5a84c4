/** The deploy domain's slice of the router: the deploy form, its preflight and apply, recent deployments. */
import type { HandlersOf } from '../api/handlers';
import type { ImageAccess } from '../image-access/access';
import type { createDeployService } from './service';

export interface DeployHandlerDeps {
  deploy: ReturnType<typeof createDeployService>;
  images: ImageAccess;
}

export function deployHandlers({ deploy, images }: DeployHandlerDeps): HandlersOf<'deploy'> {
  return {
    'deploy:suggest': ({ context, namespace, image, name }) =>
      deploy.suggest(context, namespace, image, name),
    'deploy:tags': ({ context, namespace, image, pullSecrets }) =>
      images.tags(context, namespace, image, pullSecrets),
    'deploy:preflight': ({ context, workload, update }) =>
      deploy.preflight(context, workload, update),
    'deploy:apply': ({ context, workload, update, seen, dryRun }) =>
      deploy.apply(context, workload, update, seen, dryRun),
    'deploy:recent': () => deploy.recent(),
  };
}
