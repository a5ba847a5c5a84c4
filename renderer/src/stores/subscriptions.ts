/**
 * The one subscription idiom of the stores: subscribe to a push event once (lazily, when the
 * bridge is needed anyway) and release every subscription when the store's scope is disposed.
 */
import type { EventName, Events } from '@core/api/contract';
import { getCurrentScope, onScopeDispose } from 'vue';
import { on } from '../api';

export function useSubscriptions() {
  const releases = new Map<EventName, () => void>();
  if (getCurrentScope()) {
    onScopeDispose(() => {
      for (const release of releases.values()) release();
      releases.clear();
    });
  }
  /** Subscribes `listener` to `event` unless this store already did. */
  function ensure<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    if (releases.has(event)) return;
    releases.set(event, on(event, listener));
  }
  /** Releases this store's subscription to `event`, if any (`ensure` subscribes again). */
  function release(event: EventName) {
    releases.get(event)?.();
    releases.delete(event);
  }
  return { ensure, release };
}
