/**
 * The one way a store keeps "a live list of one context": the list read for the context, then
 * replaced by each push event for that same context. Only the latest read counts: an answer (or
 * an error) for a context left meanwhile, or overtaken by a later read, is dropped. The push
 * subscription is taken with the first read and released by `close()` and when the store's
 * scope is disposed.
 *
 * A store that follows the selected context for its whole life passes `followSelected: true`; a
 * list wanted only while its view is open (the Pull doctor's) is opened with `load(context)` by
 * the view and released with `close()`.
 */
import type { EventName, Events } from '@core/api/contract';
import { ref, type Ref } from 'vue';
import { toCallError, type CallError } from '../errors';
import { followSelectedContext } from '../stores/follow-context';
import { useSubscriptions } from '../stores/subscriptions';

/** The push events that carry the whole list of one context. */
export type ContextListEvent = {
  [E in EventName]: Events[E] extends { context: string } ? E : never;
}[EventName];

export interface LiveListOptions<E extends ContextListEvent> {
  /** The push event carrying a newer list of a context. */
  event: E;
  /** Reads the list of a context (the first read, and Refresh with `refresh: true`). */
  read: (context: string, refresh: boolean) => Promise<Events[E]>;
  /** Runs on every list taken for the current context (read or pushed). */
  onList?: (list: Events[E]) => void;
  /** Runs on a failed read of the current context (besides `error`). */
  onError?: (error: unknown, context: string) => void;
  /** Tells the back end the list of a context left is no longer wanted. */
  leave?: (context: string) => Promise<unknown>;
  /** Load the selected context now and on every switch, for the store's life. */
  followSelected?: boolean;
}

export interface LiveList<E extends ContextListEvent> {
  /** The context whose list is shown (null: none). */
  context: Ref<string | null>;
  list: Ref<Events[E] | null>;
  loading: Ref<boolean>;
  error: Ref<CallError | null>;
  /** Shows `context`'s list: read now (the list is cleared when the context changes). */
  load: (context: string | null, refresh?: boolean) => Promise<void>;
  /** Takes a list answered by another call (a write's answer) if it is the current context's. */
  take: (list: Events[E]) => void;
  /** No more list: the subscription is released, a read in flight is dropped. */
  close: () => Promise<void>;
}

export function useLiveList<E extends ContextListEvent>(options: LiveListOptions<E>): LiveList<E> {
  const context = ref<string | null>(null);
  const list = ref(null) as Ref<Events[E] | null>;
  const loading = ref(false);
  const error = ref<CallError | null>(null);
  const subscriptions = useSubscriptions();
  /** The latest read: an older one's answer is dropped. */
  let reads = 0;

  function show(next: Events[E]) {
    list.value = next;
    options.onList?.(next);
  }

  function take(next: Events[E]) {
    if ((next as { context: string }).context === context.value) show(next);
  }

  /** Moves to `next`, clearing the list when the context changes; answers the context left. */
  function switchTo(next: string | null): string | null {
    const previous = context.value;
    if (next !== previous) list.value = null;
    context.value = next;
    error.value = null;
    return previous !== next ? previous : null;
  }

  async function load(forContext: string | null, refresh = false) {
    const read = ++reads;
    const left = switchTo(forContext);
    if (!forContext) {
      loading.value = false;
      if (left) await options.leave?.(left).catch(() => undefined);
      return;
    }
    subscriptions.ensure(options.event, take);
    loading.value = true;
    try {
      if (left && options.leave) await options.leave(left).catch(() => undefined);
      const next = await options.read(forContext, refresh);
      if (read === reads && context.value === forContext) show(next);
    } catch (failure) {
      if (read !== reads || context.value !== forContext) return;
      error.value = toCallError(failure);
      options.onError?.(failure, forContext);
    } finally {
      if (read === reads) loading.value = false;
    }
  }

  async function close() {
    reads++;
    subscriptions.release(options.event);
    const left = switchTo(null);
    loading.value = false;
    if (left) await options.leave?.(left).catch(() => undefined);
  }

  if (options.followSelected) followSelectedContext((name) => load(name));

  return { context, list, loading, error, load, take, close };
}
