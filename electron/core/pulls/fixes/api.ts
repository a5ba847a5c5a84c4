/**
 * The Pull doctor's fix API: every fix is a previewed write (dry run, then the write at the
 * version previewed) answering one shape (`PullFixAnswer`, a `PreviewedWrite`). The channels'
 * handlers, for the core to compose.
 */
import type { Handlers } from '../../api/router';
import type { KubeSession } from '../../kube/session';
import { attachRegistry, type CreateRegistry } from './attach-registry';
import { copySecret, rewriteSecret, setImage } from './fix-writes';
import { deleteStaleJobs } from './stale-jobs';

type FixChannel =
  | 'pulls:set-image'
  | 'pulls:copy-secret'
  | 'pulls:rewrite-secret'
  | 'pulls:delete-stale-jobs'
  | 'pulls:attach-registry';

export interface PullFixPorts {
  session: (context: string) => Promise<KubeSession>;
  /** Fix 2's first step: a registry from a saved login (the registries workflow, injected). */
  createRegistry: (context: string) => CreateRegistry;
}

export function pullFixHandlers(ports: PullFixPorts): Pick<Handlers, FixChannel> {
  return {
    'pulls:set-image': async ({ context, ...input }) =>
      setImage(await ports.session(context), input),
    'pulls:copy-secret': async ({ context, ...input }) =>
      copySecret(await ports.session(context), input),
    'pulls:rewrite-secret': async ({ context, ...input }) =>
      rewriteSecret(await ports.session(context), input),
    'pulls:delete-stale-jobs': async ({ context, ...input }) =>
      deleteStaleJobs(await ports.session(context), input),
    'pulls:attach-registry': async ({ context, ...input }) =>
      attachRegistry(await ports.session(context), ports.createRegistry(context), input),
  };
}
