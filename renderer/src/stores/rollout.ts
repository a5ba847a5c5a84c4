import type { RolloutView } from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { useNotificationsStore } from './notifications';
import { useSubscriptions } from './subscriptions';

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
  const subscriptions = useSubscriptions();

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
    try {
      view.value = await call('rollout:open', ref);
    } catch (error) {
      useNotificationsStore().reportError(error, `Opening the rollout of ${ref.name}`);
    }
  }

  async function close() {
    const ref = current.value;
    current.value = null;
    view.value = null;
    if (ref) await call('rollout:close', ref).catch(() => undefined);
  }

  async function retry() {
    const ref = current.value;
    if (!ref) return;
    try {
      const { deleted } = await call('rollout:retry', ref);
      useNotificationsStore().push({
        severity: 'info',
        summary: 'Retrying now',
        detail: deleted.length
          ? `Recreating ${deleted.join(', ')}`
          : 'No pod was waiting on a pull',
      });
    } catch (error) {
      useNotificationsStore().reportError(error, 'Retry now');
    }
  }

  return { view, current, open, close, retry };
});
