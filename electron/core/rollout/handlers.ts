/** The rollout domain's slice of the router: a workload's live rollout view (`rollout:progress`). */
import type { HandlersOf } from '../api/handlers';
import type { createRolloutService } from './service';

export function rolloutHandlers(
  rollouts: ReturnType<typeof createRolloutService>,
): HandlersOf<'rollout'> {
  return {
    'rollout:open': (ref) => rollouts.open(ref),
    'rollout:close': (ref) => ({ closed: rollouts.close(ref) }),
    'rollout:retry': (ref) => rollouts.retry(ref),
  };
}
