/**
 * Binds each contract channel to its handler. Every call is validated against the channel's
 * schema and always resolves to an envelope: Electron only carries `message` of a thrown error
 * across IPC, so codes and details travel inside `{ ok: false, error }` instead.
 */
import { z } from 'zod';
import { channels, type ChannelName, type ParsedInput, type Result } from './contract';
import { AppError, isAppError, toApiError } from './errors';
import type { Handler, Handlers } from './handlers';

export type { Handlers } from './handlers';

export interface Router {
  readonly channels: readonly ChannelName[];
  handle(channel: string, input: unknown): Promise<Result<unknown>>;
}

export interface RouterOptions {
  /** Called with unexpected (non-AppError) failures, e.g. to log them. */
  onUnexpectedError?: (channel: string, error: unknown) => void;
}

function isChannel(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const names = Object.keys(channels) as ChannelName[];
  for (const name of names) {
    if (typeof handlers[name] !== 'function') throw new Error(`No handler for channel ${name}`);
  }

  async function dispatch<C extends ChannelName>(name: C, rawInput: unknown): Promise<unknown> {
    const input = channels[name].input.parse(rawInput) as ParsedInput<C>;
    const handler = handlers[name] as Handler<C>;
    return handler(input);
  }

  return {
    channels: names,
    async handle(channel, input) {
      if (!isChannel(channel)) {
        return {
          ok: false,
          error: toApiError(new AppError('UNKNOWN_CHANNEL', `Unknown channel: ${channel}`)),
        };
      }
      try {
        return { ok: true, value: await dispatch(channel, input) };
      } catch (error) {
        if (!isAppError(error) && !(error instanceof z.ZodError)) {
          options.onUnexpectedError?.(channel, error);
        }
        return { ok: false, error: toApiError(error) };
      }
    },
  };
}
