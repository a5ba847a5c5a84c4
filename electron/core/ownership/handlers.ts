/** The ownership domain's channels (`ownership:*`), for the core to compose. */
import type { HandlersOf } from '../api/handlers';
import type { RevertWatches } from './revert-watch';

export function ownershipHandlers(watches: RevertWatches): HandlersOf<'ownership'> {
  return {
    'ownership:watch-revert': ({ target, seconds }) => watches.start(target, seconds),
  };
}
