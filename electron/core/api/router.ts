/**
 * Binds each contract channel to its handler. Every call is validated against the channel's
 * schema and always resolves to an envelope: Electron only carries `message` of a thrown error
 * across IPC, so codes and details travel inside `{ ok: false, error }` instead.
 */
import { z } from 'zod';
import {
  channels,
  type ChannelName,
  type ChannelOutput,
  type ParsedInput,
  type Result,
} from './contract';
import { AppError, isAppError, type ApiError } from './errors';

export type Handler<C extends ChannelName> = (
  input: ParsedInput<C>,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

export type Handlers = { [C in ChannelName]: Handler<C> };

export interface Router {
  readonly channels: readonly ChannelName[];
  handle(channel: string, input: unknown): Promise<Result<unknown>>;
}

export interface RouterOptions {
  /** Called with unexpected (non-AppError) failures, e.g. to log them. */
  onUnexpectedError?: (channel: string, error: unknown) => void;
}

/** Validation problems sent back at most (the rest are counted). */
const MAX_ISSUES = 20;

function isChannel(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

export function toApiError(error: unknown): ApiError {
  if (isAppError(error)) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: plainData(error.details) };
  }
  if (error instanceof z.ZodError) {
    // Bounded answer: a 100k-item array must not come back as 100k issues.
    const issues = error.issues.slice(0, MAX_ISSUES);
    const more = error.issues.length - issues.length;
    return {
      code: 'INVALID_INPUT',
      message:
        `Invalid input: ${z.prettifyError(new z.ZodError(issues))}${more > 0 ? `\n(and ${more} more problems)` : ''}`.slice(
          0,
          4096,
        ),
      details: issues.map((issue) => ({
        path: issue.path.map(String).join('.').slice(0, 256),
        message: issue.message.slice(0, 512),
      })),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: message || 'Unexpected error' };
}

/** Details must survive structured clone and JSON alike: strip functions, classes, cycles. */
function plainData(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return undefined;
  }
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
