import type { KeepFreshState } from '@core/api/contract';
import { getCurrentScope, onScopeDispose, ref, watch } from 'vue';
import { call } from '../../api';
import { messageOf } from '../../errors';

export interface KeepFreshTarget {
  context: string;
  namespace: string;
  source: string;
}

/**
 * The state of "Keep fresh in the cluster" for `target`, read (`cluster-refresh:state`) every
 * `everyMs` while the calling component lives: one read at a time (the next is scheduled when one
 * answers), none while the window is hidden, started again when the target (the context) changes,
 * stopped when the component goes. An answer for an earlier target is dropped.
 */
export function useKeepFreshState(target: () => KeepFreshTarget | null, everyMs = 5_000) {
  const state = ref<KeepFreshState | null>(null);
  /** The first answer for the current target arrived. */
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

  async function tick(mine: number, current: KeepFreshTarget) {
    try {
      if (hidden() && loaded.value) return;
      const answer = await call('cluster-refresh:state', current);
      if (mine !== generation) return;
      state.value = answer.state;
      error.value = null;
    } catch (failure) {
      if (mine !== generation) return;
      error.value = messageOf(failure);
    } finally {
      if (mine === generation) {
        loaded.value = true;
        timer = setTimeout(() => void tick(mine, current), everyMs);
      }
    }
  }

  function stop() {
    generation++;
    clearTimeout(timer);
  }

  /** Reads now (after a write), then on the interval again. */
  function refresh() {
    const current = target();
    stop();
    if (current) void tick(generation, current);
  }

  watch(
    () => {
      const current = target();
      return current ? `${current.context}\n${current.namespace}\n${current.source}` : '';
    },
    () => {
      state.value = null;
      loaded.value = false;
      error.value = null;
      refresh();
    },
    { immediate: true },
  );
  if (getCurrentScope()) onScopeDispose(stop);

  return { state, loaded, error, refresh, stop };
}
