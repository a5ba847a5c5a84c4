import type { ClusterStatus } from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../../api';
import { messageOf } from '../../errors';

export interface ContextCounts {
  namespaces: number;
  projects: number;
  scope: 'cluster' | 'partial';
}

/** Reachability, version and namespace/project counts of every context, checked in the background. */
export const useClustersStore = defineStore('clusters', () => {
  const statuses = ref<Record<string, ClusterStatus>>({});
  const counts = ref<Record<string, ContextCounts>>({});
  const checking = ref<Record<string, boolean>>({});

  async function check(context: string) {
    checking.value = { ...checking.value, [context]: true };
    try {
      const status = await call('cluster:status', { context });
      statuses.value = { ...statuses.value, [context]: status };
      if (status.version) {
        const list = await call('namespaces:list', { context }).catch(() => null);
        if (list) {
          counts.value = {
            ...counts.value,
            [context]: {
              namespaces: list.namespaces.length,
              projects: list.projects.length,
              scope: list.scope,
            },
          };
        }
      }
    } catch (error) {
      statuses.value = {
        ...statuses.value,
        [context]: {
          context,
          server: null,
          reachable: false,
          version: null,
          error: { code: 'INTERNAL', message: messageOf(error) },
          checkedAt: new Date().toISOString(),
        },
      };
    } finally {
      checking.value = { ...checking.value, [context]: false };
    }
  }

  /** Checks all contexts, a few at a time (a slow or dead cluster must not hold up the rest). */
  async function checkAll(contexts: string[], concurrency = 3) {
    const queue = [...contexts];
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await check(next);
    });
    await Promise.all(workers);
  }

  function setCounts(context: string, value: ContextCounts) {
    counts.value = { ...counts.value, [context]: value };
  }

  return { statuses, counts, checking, check, checkAll, setCounts };
});
