/**
 * Live rollout views: one live view (kube/live-view) per open workload, folded (`fold.ts`) from
 * its informers (`informers.ts`) and what was read beside them (`reads.ts`), pushed as
 * `rollout:progress`. Pods are selected by ownership (Deployment → ReplicaSets → pods by
 * ownerReference uid; a Pod by name and uid), never by a shared label.
 */
import type { RolloutView, WorkloadRef } from '../api/contract';
import type { EventHub } from '../api/events';
import type { ImageAccess } from '../image-access/access';
import type { ClusterService } from '../kube/clusters';
import { sourceOf } from '../kube/live-view/informers';
import { createLiveView, type LiveView } from '../kube/live-view/view';
import { createLiveViews } from '../kube/live-view/views';
import { foldRolloutView, ownPods, rolloutId, workloadOf, type RolloutInputs } from './fold';
import { heldOf, openRolloutInformers } from './informers';
import { readRolloutInputs } from './reads';
import { recreateStuck, stuckOnPull } from './retry';

/** Changes this close together are folded and pushed once. */
const PUSH_DELAY_MS = 15;

/** A view that could not be folded again: it shows the last state read. */
const unfolded = (error: unknown): RolloutView['freshness'] => ({
  state: 'stale',
  since: new Date().toISOString(),
  retryAt: null,
  error: `PullKey could not update this view (${error instanceof Error ? error.name : 'error'}): it shows the last state read`,
});

interface Followed {
  inputs: RolloutInputs;
  view: LiveView<RolloutView>;
}

export function createRolloutService(
  clusters: ClusterService,
  images: ImageAccess,
  events: EventHub,
) {
  const refs = new Map<string, WorkloadRef>();

  async function start(id: string): Promise<Followed> {
    const ref = refs.get(id)!;
    const session = await clusters.session(ref.context);
    const inputs: RolloutInputs = {
      ref,
      ...(await openRolloutInformers(session, ref)),
      failures: new Map(),
      secrets: new Map(),
    };
    const view: LiveView<RolloutView> = createLiveView<RolloutView>({
      sources: heldOf(inputs).map(sourceOf),
      fold: () => ({ ...foldRolloutView(inputs, view.latest()), freshness: view.freshness() }),
      read: (folded) => {
        readRolloutInputs(images, session, inputs, folded, () => view.changed());
        return false;
      },
      // The last view, marked stale (the error named, never quoted).
      stale: (last, error) => last && { ...last, freshness: unfolded(error) },
      push: (folded) => events.emit('rollout:progress', folded),
      coalesceMs: PUSH_DELAY_MS,
    });
    return { inputs, view };
  }

  const views = createLiveViews<Followed>(start, (followed) => {
    followed.view.stop();
    const id = rolloutId(followed.inputs.ref);
    if (!views.has(id)) refs.delete(id);
  });

  /** The views of `ref`, by its id (the ref is kept for the start). */
  const keyOf = (ref: WorkloadRef) => {
    const id = rolloutId(ref);
    if (!views.has(id)) refs.set(id, ref);
    return id;
  };

  async function open(ref: WorkloadRef): Promise<RolloutView> {
    return (await views.open(keyOf(ref))).view.fold();
  }

  /**
   * Re-makes this workload's pods stuck on a pull — only its own (by ownership), each with a uid
   * precondition — so they are pulled again at once (see `./retry.ts`). The view is held for the
   * retry only: an open view stays open, a view not open is let go afterwards.
   */
  async function retry(ref: WorkloadRef): Promise<{ deleted: string[] }> {
    const session = await clusters.session(ref.context);
    const held = await views.subscribe(keyOf(ref));
    try {
      const { inputs, view } = held.value;
      const stuck = stuckOnPull(ownPods(inputs, workloadOf(inputs, view.latest()).uid).pods);
      await recreateStuck(session, ref, stuck);
      return { deleted: stuck.map((pod) => pod.metadata?.name ?? '') };
    } finally {
      held.release();
    }
  }

  return {
    open,
    close: (ref: WorkloadRef) => views.close(rolloutId(ref)),
    retry,
    closeAll: views.closeAll,
  };
}
