/**
 * A fake `window.pullkey` for renderer tests: answers per channel, the calls made, and push
 * events delivered to whoever subscribed (subscriptions counted, to see leaks).
 */
import type { EventName, Events, PullkeyBridge } from '@core/api/contract';
import { ApiCallError } from '@renderer/errors';

export type Answer = (input: never) => unknown;

export function installFakeBridge(answers: Record<string, Answer>) {
  const calls: Array<{ channel: string; input: unknown }> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  window.pullkey = {
    invoke: (async (channel: string, input: unknown) => {
      calls.push({ channel, input });
      const answer = answers[channel];
      if (!answer) return { ok: true, value: [] };
      try {
        return { ok: true, value: await answer(input as never) };
      } catch (error) {
        if (error instanceof ApiCallError)
          return { ok: false, error: { code: error.code, message: error.message } };
        throw error;
      }
    }) as unknown as PullkeyBridge['invoke'],
    subscribe: ((event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    }) as PullkeyBridge['subscribe'],
  };
  return {
    calls,
    called: (channel: string) => calls.filter((call) => call.channel === channel),
    subscribers: (event: EventName) => listeners.get(event)?.size ?? 0,
    push<E extends EventName>(event: E, payload: Events[E]) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}
