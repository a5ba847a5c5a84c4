import type { RolloutView } from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../../api';
import { useNotificationsStore } from '../../stores/notifications';
import { useSubscriptions } from '../../stores/subscriptions';

export interface WorkloadRef {
  context: string;
  namespace: string;
  kind: 'Deployment' | 'Pod';
  name: string;
}

/** The open rollout view, kept live by `rollout:progress`. */
export const useRolloutStore = defineStore('rollout', () => {
  const view = ref<RolloutView | null>(null);
  const current = ref<WorkloadRef | null>(null);
  /** "Retry now" in flight, and what it did (shown beside the button, not in a toast). */
  const retrying = ref(false);
  const retried = ref<string | null>(null);
  const subscriptions = useSubscriptions();
  let opens = 0;

  async function open(ref: WorkloadRef) {
    subscriptions.ensure('rollout:progress', (next) => {
      const wanted = current.value;
      if (
        wanted &&
        next.context === wanted.context &&
        next.namespace === wanted.namespace &&
        next.name === wanted.name &&
        next.kind === wanted.kind
      ) {
        view.value = next;
      }
    });
    current.value = ref;
    view.value = null;
    retried.value = null;
    // The user may move on (or close) while this one is listing: only the latest open counts.
    const mine = ++opens;
    try {
      const opened = await call('rollout:open', ref);
      if (mine === opens) view.value = opened;
    } catch (error) {
      if (mine === opens)
        useNotificationsStore().reportError(error, `Opening the rollout of ${ref.name}`);
    }
  }

  async function close() {
    const ref = current.value;
    opens += 1;
    current.value = null;
    view.value = null;
    if (ref) await call('rollout:close', ref).catch(() => undefined);
  }

  async function retry() {
    const ref = current.value;
    if (!ref) return;
    retrying.value = true;
    retried.value = null;
    try {
      const { deleted } = await call('rollout:retry', ref);
      retried.value = deleted.length
        ? `Retrying now: recreating ${deleted.join(', ')}`
        : 'No pod was waiting on a pull';
    } catch (error) {
      useNotificationsStore().reportError(error, 'Retry now');
    } finally {
      retrying.value = false;
    }
  }

  return { view, current, retrying, retried, open, close, retry };
});
