import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { NamespaceResult } from '../api/contract';
import { isAppError } from '../api/errors';
import { PULLKEY_PROJECT_LABEL, pullkeyProjectPatch } from './projects';
import type { KubeSession } from './session';

/** Sets (or removes, with null) PullKey's project label on each namespace; one result each. */
export async function applyProjectLabel(
  session: KubeSession,
  namespaces: string[],
  project: string | null,
): Promise<NamespaceResult[]> {
  const limit = pLimit(8);
  const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  return Promise.all(
    namespaces.map((namespace) =>
      limit(async (): Promise<NamespaceResult> => {
        try {
          const current = await session.call(() => session.core.readNamespace({ name: namespace }));
          if ((current.metadata?.labels?.[PULLKEY_PROJECT_LABEL] ?? null) === project) {
            return { namespace, outcome: 'unchanged' };
          }
          await session.call(() =>
            session.core.patchNamespace(
              { name: namespace, body: pullkeyProjectPatch(project) },
              mergePatch,
            ),
          );
          return { namespace, outcome: 'updated' };
        } catch (error) {
          const code = isAppError(error) ? error.code : 'INTERNAL';
          const message = error instanceof Error ? error.message : String(error);
          if (code === 'CLUSTER_FORBIDDEN') return { namespace, outcome: 'forbidden', message };
          if (code === 'KUBE_NOT_FOUND') return { namespace, outcome: 'not-found', message };
          return { namespace, outcome: 'failed', message };
        }
      }),
    ),
  );
}
