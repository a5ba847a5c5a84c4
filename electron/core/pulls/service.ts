/**
 * The Pull doctor: every failing or latent image pull on a context (or on all of them), with the
 * evidence for one workload. This file wires the rooms together: `live/` (`tracker`: informers
 * per context; `cluster-reads`: secrets and owners read by name; `live-view`: fold and push
 * `pulls:changed`; `summary`: "All contexts"), `checks/` (`check-scheduler`: the laptop's registry
 * checks of running pods' credentials) and `diagnosis/` (`evidence-read`: one workload's detail).
 * The fixes answer their own channels (`fixes/api.ts`).
 */
import type { ContextsList, PullsView } from '../api/contract';
import type { EventHub } from '../api/events';
import type { ClusterService } from '../kube/clusters';
import { createCheckScheduler } from './checks/check-scheduler';
import { memoryCheckSettings, type CheckSettingsStore } from './checks/check-settings';
import { createClusterReads } from './live/cluster-reads';
import type { CheckCredential } from './checks/credential-probe';
import type { RegistryTls } from './diagnosis/node-checks-read';
import { createLiveView } from './live/live-view';
import { createSummary, SUMMARY_DEADLINE_MS, type SummaryRequest } from './live/summary';
import { createTrackers, type Tracker } from './live/tracker';
import { createWorkloadDetail } from './diagnosis/evidence-read';

export interface PullsDeps {
  clusters: ClusterService;
  events: EventHub;
  contexts: () => Promise<ContextsList>;
  now?: () => number;
  /** How long the summary waits for one context before showing it as "timeout". */
  summaryDeadlineMs?: number;
  /** TLS this computer uses for a registry host (kept CAs), for the laptop-side checks. */
  registryTls?: RegistryTls;
  /** Checks one credential against the registry from this computer (latent "now rejected"). */
  checkCredential?: CheckCredential | undefined;
  /** The user's choice per context about those checks (default: in memory). */
  checkSettings?: CheckSettingsStore;
}

export function createPullsService({
  clusters,
  events,
  contexts,
  now = Date.now,
  summaryDeadlineMs = SUMMARY_DEADLINE_MS,
  registryTls = () => Promise.resolve({}),
  checkCredential,
  checkSettings = memoryCheckSettings(),
}: PullsDeps) {
  // Every change (a pod, a pull secret, a read by name, a rejection) folds and pushes the view.
  const changed = (t: Tracker) => live.schedule(t);
  const trackers = createTrackers(
    clusters,
    (t) => live.view(t),
    (context) => checkSettings.read(context),
    (t) => checks.forget(t),
  );
  const reads = createClusterReads(now, changed);
  const checks = createCheckScheduler({ now, checkCredential, secretOf: reads.secretOf, changed });
  const live = createLiveView({ events, now, reads, checks });

  /** The Pulls view opens a context: registry checks of running pods start from here on. */
  async function open(context: string): Promise<PullsView> {
    const t = await trackers.tracker(context);
    t.viewOpen = true;
    return live.fold(t);
  }

  /** The user turns the context's automatic checks on or off (kept); the view folded with it. */
  async function setCheckSettings(
    context: string,
    patch: { automatic?: boolean | undefined; localRegistries?: boolean | undefined },
  ): Promise<PullsView> {
    // The context first: an unknown one fails here, and nothing is saved for it.
    const t = await trackers.tracker(context);
    t.checkSettings = await checkSettings.update(context, patch);
    return live.fold(t);
  }

  const summarize = createSummary({
    contexts,
    view: (context) => trackers.tracker(context).then(live.fold),
    tracked: trackers.has,
    deadlineMs: summaryDeadlineMs,
  });
  /** The summary; with an `operationId`, each line is pushed as `pulls:summary-entry` too. */
  function summary(
    request: Omit<SummaryRequest, 'onEntry'> & { operationId?: string | undefined } = {},
  ) {
    const { operationId, ...rest } = request;
    return summarize({
      ...rest,
      onEntry: operationId
        ? (entry, done, total) =>
            events.emit('pulls:summary-entry', { operationId, entry, done, total })
        : undefined,
    });
  }

  return {
    open,
    setCheckSettings,
    close: trackers.close,
    summary,
    detail: createWorkloadDetail({
      tracker: trackers.tracker,
      fold: live.fold,
      secretOf: reads.secretOf,
      registryTls,
    }),
    closeAll: trackers.closeAll,
  };
}
