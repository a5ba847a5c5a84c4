/**
 * A context's Pulls view, live (one kube/live-view per tracker): its pods and pull secrets folded
 * (pure `fold.ts`) with the owners and secrets read by name and the registry checks' answers, and
 * pushed as `pulls:changed` after every change (changes within 30 ms make one push). The owners
 * of the pods shown are read after a fold, outside it; the view is folded again when they name
 * new workloads. The ESO informers (eso-feeds.ts) name copies fed by a failing token generator;
 * the view is folded again when the earliest token expiry among the pods' pull secrets passes
 * (one timer, in kube/live-view), so "expires at 14:02" turns "expired" with no cluster event.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { PullsView } from '../../api/contract';
import type { EventHub } from '../../api/events';
import { createLiveView as createKubeLiveView, type LiveView } from '../../kube/live-view/view';
import type { CheckScheduler } from '../checks/check-scheduler';
import type { ClusterReads } from './cluster-reads';
import type { CredentialCheck } from '../checks/credential-checks';
import { nextTokenExpiry } from './expired-tokens';
import { foldFailing, foldLatent, referencedSecrets, reverifyNote } from './fold';
import type { Tracker } from './tracker';

/** Changes this close together are folded and pushed once. */
const PUSH_DELAY_MS = 30;
/** Folded this long after a token's expiry: it is past for certain. */
const EXPIRY_MARGIN_MS = 100;

export interface LiveViewDeps {
  events: EventHub;
  now: () => number;
  reads: ClusterReads;
  checks: Pick<CheckScheduler, 'startChecks' | 'verdict'>;
}

export function createLiveView({ events, now, reads, checks }: LiveViewDeps) {
  /** Per tracker: when its last fold goes out of date by the clock (a token expiry). */
  const wakes = new WeakMap<Tracker, number | null>();
  /** The earliest token expiry to come among the pull secrets the pods name (informer only). */
  function nextExpiry(t: Tracker, pods: V1Pod[]): number | null {
    const secrets = referencedSecrets(pods).flatMap(
      (ref) => t.secrets.get(ref.namespace, ref.name) ?? [],
    );
    return nextTokenExpiry(secrets, now());
  }

  function fold(t: Tracker): PullsView {
    const pods = t.pods.objects();
    const input = {
      context: t.context,
      pods,
      owners: t.owners,
      secret: (namespace: string, name: string) => reads.secretOf(t, namespace, name),
      registryVerdict: (check: CredentialCheck) => checks.verdict(t, check),
      generators: t.eso.lookup() ?? undefined,
    };
    wakes.set(t, nextExpiry(t, pods));
    return {
      context: t.context,
      scope: t.pods.scope,
      namespaces: t.pods.namespaces,
      failing: foldFailing(input),
      latent: foldLatent(input),
      serverVersion: t.version,
      reverifyNote: reverifyNote(t.version),
      freshness: t.pods.freshness(),
      updatedAt: new Date(now()).toISOString(),
      credentialChecks: checks.startChecks(t, pods),
    };
  }

  /**
   * Names the workloads of the pods shown (failing or latent): their owners not read yet are read
   * (a fold of 5,000 pods is not free: folded again only when an owner was read or a failing
   * generator's error was read), and their pull secrets the informer does not hold are read by
   * name in the background.
   */
  async function read(t: Tracker, view: PullsView): Promise<boolean> {
    // By name: the pods shown are few, the pods held are many.
    const involved = [
      ...new Set(
        [...view.failing, ...view.latent].flatMap((item) =>
          item.pods.flatMap((pod) => t.pods.get(item.namespace, pod) ?? []),
        ),
      ),
    ];
    const ownersKnown = t.owners.size;
    const [, causes] = await Promise.all([
      reads.resolveOwners(t, involved),
      // The failing generators' own errors (their Events), for the ones this fold met.
      t.eso.readCauses(),
    ]);
    for (const ref of referencedSecrets(involved)) reads.secretOf(t, ref.namespace, ref.name);
    return t.owners.size !== ownersKnown || causes;
  }

  /**
   * The view when a fold failed: the last one shown (or an empty one), marked stale with why, so
   * it never keeps saying "live" while it stopped following the cluster. The next change folds
   * again. The error is named, never quoted: its message may hold a secret's bytes.
   */
  function unfolded(t: Tracker, last: PullsView | null, error: unknown): PullsView {
    const at = new Date(now()).toISOString();
    return {
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
  }

  /** The tracker's live view: its pods and pull secrets followed, released when it stops. */
  function viewOf(t: Tracker): LiveView<PullsView> {
    return createKubeLiveView<PullsView>({
      sources: [t.pods, t.secrets, t.eso],
      fold: () => fold(t),
      read: (view) => read(t, view),
      stale: (last, error) => unfolded(t, last, error),
      push: (view) => events.emit('pulls:changed', view),
      coalesceMs: PUSH_DELAY_MS,
      wakeAt: () => {
        const at = wakes.get(t);
        return at == null ? null : at + EXPIRY_MARGIN_MS;
      },
    });
  }

  return {
    view: viewOf,
    /** Folds the tracker's view now (an open). */
    fold: (t: Tracker) => t.view.fold(),
    /** Folds and pushes the view soon, once for changes close together; never after a stop. */
    schedule: (t: Tracker) => t.view.changed(),
  };
}
