/**
 * The Pull doctor's fix API: every fix is a previewed write (dry run, then the write at the
 * version previewed) answering one shape (`PullFixAnswer`, a `PreviewedWrite`). The channels'
 * handlers, for the core to compose.
 */
import type { pullFixChannels } from '../../api/contract';
import type { HandlersOf } from '../../api/handlers';
import type { KubeSession } from '../../kube/session';
import { attachRegistry, type CreateRegistry } from './attach-registry';
import { copySecret, rewriteSecret, setImage } from './fix-writes';
import { deleteStaleJobs } from './stale-jobs';

/** The handlers of every channel of `api/channels/pulls-fixes.ts`. */
type FixHandlers = Pick<HandlersOf<'pulls'>, keyof typeof pullFixChannels>;

export interface PullFixPorts {
  session: (context: string) => Promise<KubeSession>;
  /** Fix 2's first step: a registry from a saved login (the registries workflow, injected). */
  createRegistry: (context: string) => CreateRegistry;
}

export function pullFixHandlers(ports: PullFixPorts): FixHandlers {
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
