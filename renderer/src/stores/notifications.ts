import { defineStore } from 'pinia';
import { ref } from 'vue';
import { codeOf, messageOf } from '../errors';

export interface Notice {
  id: number;
  severity: 'error' | 'warn' | 'success' | 'info';
  summary: string;
  detail: string;
}

/** Errors and confirmations for the toast area; stores report here, App.vue shows them. */
export const useNotificationsStore = defineStore('notifications', () => {
  const queue = ref<Notice[]>([]);
  let nextId = 1;

  function push(notice: Omit<Notice, 'id'>) {
    queue.value.push({ ...notice, id: nextId++ });
  }

  function reportError(error: unknown, action: string) {
    push({
      severity: 'error',
      summary: `${action} failed (${codeOf(error)})`,
      detail: messageOf(error),
    });
  }

  function take(): Notice[] {
    const taken = queue.value;
    queue.value = [];
    return taken;
  }

  return { queue, push, reportError, take };
});
