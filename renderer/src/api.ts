/**
 * The renderer's only way to the back end: a typed client over `window.pullkey` that unwraps the
 * envelope and throws ApiCallError (with the back end's error code) on failure.
 */
import type {
  ChannelInput,
  ChannelName,
  ChannelOutput,
  EventName,
  Events,
} from '@core/api/contract';
import { ApiCallError, messageOf } from './errors';

export { ApiCallError };

function bridge() {
  if (!window.pullkey) {
    throw new ApiCallError({
      code: 'BRIDGE_MISSING',
      message: 'PullKey back end is not connected (window.pullkey is missing)',
    });
  }
  return window.pullkey;
}

export async function call<C extends ChannelName>(
  channel: C,
  ...input: ChannelInput<C> extends undefined ? [] : [ChannelInput<C>]
): Promise<ChannelOutput<C>> {
  let result;
  try {
    result = await bridge().invoke(channel, ...input);
  } catch (error) {
    if (error instanceof ApiCallError) throw error;
    throw new ApiCallError({ code: 'TRANSPORT_FAILED', message: messageOf(error) });
  }
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value;
}

export function on<E extends EventName>(
  event: E,
  listener: (payload: Events[E]) => void,
): () => void {
  return bridge().subscribe(event, listener);
}
