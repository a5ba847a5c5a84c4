/**
 * A context's Pulls view, live: the tracker's pods folded (pure `fold.ts`) with the owners and
 * secrets read by name and the registry checks' answers, and pushed as `pulls:changed` after
 * every change (changes within 30 ms make one push).
 */
import type { PullsView } from '../../api/contract';
import type { EventHub } from '../../api/events';
import type { CheckScheduler } from '../checks/check-scheduler';
import type { ClusterReads } from './cluster-reads';
import type { CredentialCheck } from '../checks/credential-checks';
import { foldFailing, foldLatent, referencedSecrets, reverifyNote } from './fold';
import type { Tracker } from './tracker';

/** Changes this close together are folded and pushed once. */
const PUSH_DELAY_MS = 30;

export interface LiveViewDeps {
  events: EventHub;
  now: () => number;
  reads: ClusterReads;
  checks: Pick<CheckScheduler, 'startChecks' | 'verdict'>;
}

export function createLiveView({ events, now, reads, checks }: LiveViewDeps) {
  async function fold(t: Tracker): Promise<PullsView> {
    const pods = t.pods.objects();
    const input = {
      context: t.context,
      pods,
      owners: t.owners,
      secret: (namespace: string, name: string) => reads.secretOf(t, namespace, name),
      registryVerdict: (check: CredentialCheck) => checks.verdict(t, check),
    };
    // Name the workloads of the pods listed (failing or latent) before showing them; fold again
    // only when an owner was read (a fold of 5,000 pods is not free).
    let failing = foldFailing(input);
    let latent = foldLatent(input);
    const shown = new Set(
      [...failing, ...latent].flatMap((item) => item.pods.map((pod) => `${item.namespace}/${pod}`)),
    );
    const involved = pods.filter((pod) =>
      shown.has(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`),
    );
    const ownersKnown = t.owners.size;
    await reads.resolveOwners(t, involved);
    if (t.owners.size !== ownersKnown) {
      failing = foldFailing(input);
      latent = foldLatent(input);
    }
    for (const ref of referencedSecrets(involved)) reads.secretOf(t, ref.namespace, ref.name);
    const credentialChecks = checks.startChecks(t, pods);
    const view: PullsView = {
      context: t.context,
      scope: t.pods.scope,
      namespaces: t.pods.namespaces,
      failing,
      latent,
      serverVersion: t.version,
      reverifyNote: reverifyNote(t.version),
      freshness: t.pods.freshness(),
      updatedAt: new Date(now()).toISOString(),
      credentialChecks,
    };
    t.latest = view;
    return view;
  }

  /** Folds and pushes the view soon, once for changes close together; never after a stop. */
  function schedule(t: Tracker) {
    if (t.timer || t.stopped) return;
    t.timer = setTimeout(() => {
      t.timer = null;
      if (t.stopped) return;
      void fold(t)
        .then((view) => {
          if (!t.stopped) events.emit('pulls:changed', view);
        })
        .catch((error: unknown) => {
          if (!t.stopped) events.emit('pulls:changed', unfolded(t, error));
        });
    }, PUSH_DELAY_MS);
  }

  /**
   * The view when a fold failed: the last one shown (or an empty one), marked stale with why, so
   * it never keeps saying "live" while it stopped following the cluster. The next change folds
   * again. The error is named, never quoted: its message may hold a secret's bytes.
   */
  function unfolded(t: Tracker, error: unknown): PullsView {
    const at = new Date(now()).toISOString();
    const last = t.latest;
    const view: PullsView = {
      context: t.context,
      scope: last?.scope ?? t.pods.scope,
      namespaces: last?.namespaces ?? t.pods.namespaces,
      failing: last?.failing ?? [],
      latent: last?.latent ?? [],
      serverVersion: t.version,
      reverifyNote: last?.reverifyNote ?? reverifyNote(t.version),
      freshness: {
        state: 'stale',
        since: last?.freshness.since ?? at,
        retryAt: null,
        error: `PullKey could not update this view (${error instanceof Error ? error.name : 'error'}): it shows the last state read`,
      },
      updatedAt: last?.updatedAt ?? at,
      credentialChecks: last?.credentialChecks ?? {
        automatic: t.checkSettings.automatic,
        localRegistries: t.checkSettings.localRegistries,
        notChecked: [],
      },
    };
    t.latest = view;
    return view;
  }

  return { fold, schedule };
}
