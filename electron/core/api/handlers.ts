/**
 * What a handler of a channel is. Each domain of the core exports its slice (`HandlersOf<'pulls'>`:
 * the handlers of every `pulls:*` channel); `core/index.ts` composes the slices into the router.
 * Types only: building blocks may import this file, never the router.
 */
import type { ChannelName, ChannelOutput, ParsedInput } from './contract';

export type Handler<C extends ChannelName> = (
  input: ParsedInput<C>,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

export type Handlers = { [C in ChannelName]: Handler<C> };

/** The handlers of the channels named `<prefix>:…`, for each of the prefixes a domain owns. */
export type HandlersOf<Prefix extends string> = {
  [C in ChannelName as C extends `${Prefix}:${string}` ? C : never]: Handler<C>;
};
