/**
 * One live view: its sources (held informers) folded into a view and pushed to its subscriber
 * after every change, changes close together making one push. The fold is pure: what it needs
 * from the cluster beyond the sources is read outside it (`read`, after a fold) and becomes an
 * input of the next fold. A fold that throws pushes the last view marked stale (`stale`), so a
 * view never keeps saying "live" while it stopped following; the next change folds again.
 * A view that changes with the clock alone (a token expiring) names when (`wakeAt`): one timer,
 * rescheduled after every fold, folds it again then. `stop` lets go of the sources and cancels
 * what was coalescing or waiting: nothing is pushed after it.
 */
import type { Freshness } from '../../api/contract';
import { combineFreshness } from '../informer-policy';

/** What a view is folded from: notifies on change, reports its freshness, is released once. */
export interface LiveSource {
  subscribe(listener: () => void): () => void;
  freshness(): Freshness;
  release(): void;
}

export interface LiveViewSpec<V> {
  sources: LiveSource[];
  /** The view from the current inputs: no I/O here. */
  fold: () => V;
  /**
   * The I/O a folded view asks for (owners, secrets, tags), outside the fold: resolves true when
   * it brought new inputs and the view is folded again at once; background reads that answer
   * later call `changed()` instead. Optional.
   */
  read?: (view: V) => Promise<boolean> | boolean;
  /**
   * The view when a fold threw: the last one shown (or null), marked stale with why; null when
   * there is nothing to show (nothing is pushed then).
   */
  stale: (last: V | null, error: unknown) => V | null;
  /** The view to its subscriber (an event pushed to the renderer). */
  push: (view: V) => void;
  /** Changes this close together (ms) are folded and pushed once. */
  coalesceMs: number;
  /**
   * When (epoch ms) the folded view goes out of date by the clock alone, e.g. the earliest token
   * expiry it shows; null: never. The view is folded and pushed again then. Optional.
   */
  wakeAt?: (view: V) => number | null;
}

/** setTimeout's longest delay (about 24.8 days): a later wake is rescheduled on the way. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export interface LiveView<V> {
  /** Folds now (an open asks): the view, or the fold's error thrown to the asker. */
  fold(): Promise<V>;
  /** Something changed: fold and push soon, once for changes close together. */
  changed(): void;
  latest(): V | null;
  /** The sources' freshness, worst first. */
  freshness(): Freshness;
  stopped(): boolean;
  stop(): void;
}

export function createLiveView<V>(spec: LiveViewSpec<V>): LiveView<V> {
  let latest: V | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let wake: { at: number; timer: NodeJS.Timeout } | null = null;

  /** One wake timer: kept when the time is the same, else replaced (or cleared). */
  function scheduleWake(at: number | null) {
    if (wake && wake.at === at) return;
    if (wake) clearTimeout(wake.timer);
    wake = null;
    if (at === null || stopped) return;
    const timer = setTimeout(
      () => {
        wake = null;
        changed();
      },
      Math.min(MAX_DELAY_MS, Math.max(0, at - Date.now())),
    );
    timer.unref?.();
    wake = { at, timer };
  }

  /** Every change seen, even those a pending push already covers. */
  let changes = 0;

  async function fold(): Promise<V> {
    const seen = changes;
    let view = spec.fold();
    if (spec.read) {
      const more = await spec.read(view);
      // A change that came in while the read ran is folded in too: otherwise a fold begun before
      // it (an open's, its read slow on a busy API server) answers AFTER the push that carried
      // the change, and the renderer takes the older view last and keeps it until the next
      // change (a pod in back-off: tens of seconds).
      if (more || changes !== seen) view = spec.fold();
    }
    latest = view;
    if (spec.wakeAt) scheduleWake(spec.wakeAt(view));
    return view;
  }

  function changed() {
    changes += 1;
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      if (stopped) return;
      fold().then(
        (view) => {
          if (!stopped) spec.push(view);
        },
        (error: unknown) => {
          if (stopped) return;
          const view = spec.stale(latest, error);
          if (view === null) return;
          latest = view;
          spec.push(view);
        },
      );
    }, spec.coalesceMs);
  }

  const unsubscribe = spec.sources.map((source) => source.subscribe(changed));

  return {
    fold,
    changed,
    latest: () => latest,
    freshness: () => combineFreshness(spec.sources.map((source) => source.freshness())),
    stopped: () => stopped,
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (wake) clearTimeout(wake.timer);
      wake = null;
      for (const off of unsubscribe) off();
      for (const source of spec.sources) source.release();
    },
  };
}
