/**
 * Builds `window.pullkey` over any transport: Electron IPC in the preload, a WebSocket in the
 * test bridge. Only `invoke` and `subscribe` are exposed.
 */
import type { EventName, Events, PullkeyBridge, Result } from '../core/api/contract';

export interface Transport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Registers a raw event listener; returns the unregister function. */
  onEvent(listener: (message: unknown) => void): () => void;
}

function isEventMessage(message: unknown): message is { event: EventName; payload: unknown } {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { event?: unknown }).event === 'string'
  );
}

export function createBridge(transport: Transport): PullkeyBridge {
  return {
    invoke: (channel: string, ...rest: unknown[]) =>
      transport.invoke(channel, rest[0]) as Promise<Result<never>>,
    subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      return transport.onEvent((message) => {
        if (isEventMessage(message) && message.event === event) {
          listener(message.payload as Events[E]);
        }
      });
    },
  } as PullkeyBridge;
}
