/**
 * The "All contexts" summary: failing and latent counts per context, contexts checked
 * concurrently with a bound and a deadline each, so one slow or unreachable context never blocks
 * the others, and each context's line reported as soon as it is known; an exec-plugin context not
 * in use (nor tracked already) is not contacted. Counts not known are null, never 0.
 */
import pLimit from 'p-limit';
import type { ContextsList, PullsSummaryEntry, PullsView } from '../../api/contract';

export const SUMMARY_CONCURRENCY = 4;
export const SUMMARY_DEADLINE_MS = 10_000;

export interface SummaryDeps {
  contexts: () => Promise<ContextsList>;
  /** The context's view, folded now (its tracker started if need be). */
  view: (context: string) => Promise<PullsView>;
  /** The context is tracked already (contacted anyway). */
  tracked: (context: string) => boolean;
  /** How long to wait for one context before showing it as "timeout". */
  deadlineMs: number;
}

export interface SummaryRequest {
  /** Contexts in use besides the selected one (contacted even with an exec plugin). */
  include?: string[] | undefined;
  /** Check just these contexts (default: all). */
  only?: string[] | undefined;
  /** Each line as soon as it is known, with how many of how many are known. */
  onEntry?: ((entry: PullsSummaryEntry, done: number, total: number) => void) | undefined;
}

/** How a context's check ended: not made, no answer in time, failed, or its view. */
export type SummaryOutcome = 'not-checked' | 'timeout' | { error: unknown } | PullsView;

/** Pure: one context's summary line from how its check ended. */
export function summaryEntry(
  context: string,
  outcome: SummaryOutcome,
  deadlineMs: number,
): PullsSummaryEntry {
  const unchecked = (state: PullsSummaryEntry['state'], message: string): PullsSummaryEntry => ({
    context,
    state,
    failing: null,
    latent: null,
    message,
    freshness: null,
  });
  if (outcome === 'not-checked')
    return unchecked(
      'not-checked',
      'signs in with an exec plugin: checked only when in use (or on Check)',
    );
  if (outcome === 'timeout')
    return unchecked('timeout', `no answer within ${deadlineMs / 1000} s; still trying`);
  if ('error' in outcome) {
    const { error } = outcome;
    return unchecked('unreachable', error instanceof Error ? error.message : String(error));
  }
  return {
    context,
    state: 'checked',
    failing: outcome.failing.length,
    latent: outcome.latent.length,
    message: null,
    freshness: outcome.freshness,
  };
}

export function createSummary({ contexts, view, tracked, deadlineMs }: SummaryDeps) {
  async function summarize(context: string): Promise<PullsSummaryEntry> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), deadlineMs);
    });
    try {
      return summaryEntry(context, await Promise.race([view(context), deadline]), deadlineMs);
    } catch (error) {
      return summaryEntry(context, { error }, deadlineMs);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Counts per context, in the kubeconfig's order. */
  return async function summary({ include = [], only, onEntry }: SummaryRequest = {}): Promise<
    PullsSummaryEntry[]
  > {
    const list = await contexts();
    const wanted = list.contexts.filter((context) => !only || only.includes(context.name));
    const limit = pLimit(SUMMARY_CONCURRENCY);
    let done = 0;
    const report = (entry: PullsSummaryEntry) => {
      onEntry?.(entry, ++done, wanted.length);
      return entry;
    };
    return Promise.all(
      wanted.map((context) => {
        const inUse = context.name === list.selected || include.includes(context.name);
        if (context.usesExecPlugin && !inUse && !tracked(context.name))
          return Promise.resolve(report(summaryEntry(context.name, 'not-checked', deadlineMs)));
        return limit(() => summarize(context.name)).then(report);
      }),
    );
  };
}
