import type { KubeContextSummary } from '../../api/contract';
import type { MergedKubeconfig } from './merge';

/** One row per context, as the renderer shows them; sorted by name. */
export function summarizeContexts(merged: MergedKubeconfig): KubeContextSummary[] {
  return [...merged.contexts.values()]
    .map(({ entry, source }) => {
      const cluster = entry.context?.cluster ?? '';
      const user = merged.users.get(entry.context?.user ?? '')?.entry;
      return {
        name: entry.name,
        cluster,
        server: merged.clusters.get(cluster)?.entry.cluster?.server ?? null,
        user: entry.context?.user ?? '',
        namespace: entry.context?.namespace || 'default',
        current: merged.currentContext === entry.name,
        source,
        usesExecPlugin: Boolean(user?.user?.exec),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** PullKey's selection if it still exists, else kubectl's current-context, else the first. */
export function pickSelectedContext(
  contexts: KubeContextSummary[],
  remembered: string | undefined,
): string | null {
  if (remembered && contexts.some((context) => context.name === remembered)) return remembered;
  return contexts.find((context) => context.current)?.name ?? contexts[0]?.name ?? null;
}
