import type { EventName, Events } from './contract';

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

/** Push events from the core; the Electron glue and the test bridge forward them. */
export interface EventHub {
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  listen(listener: EventListener): () => void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
