import type { ProjectChange } from '@core/api/contract';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../../api';
import { useNamespacesStore } from './store';
import { useNotificationsStore } from '../../stores/notifications';

/** PullKey project actions (label patches) and the per-namespace result of the last one. */
export const useProjectsStore = defineStore('projects', () => {
  const lastChange = ref<{ action: string; change: ProjectChange } | null>(null);
  const busy = ref(false);

  async function run(action: string, request: (context: string) => Promise<ProjectChange>) {
    const context = useNamespacesStore().context;
    if (!context) return false;
    busy.value = true;
    try {
      const change = await request(context);
      lastChange.value = { action, change };
      const failed = change.results.filter(
        (result) => result.outcome !== 'updated' && result.outcome !== 'unchanged',
      );
      useNotificationsStore().push({
        severity: failed.length ? 'warn' : 'success',
        summary: `${action}: ${change.project}`,
        detail: failed.length
          ? `${failed.length} of ${change.results.length} namespaces not changed (${failed.map((result) => `${result.namespace}: ${result.outcome}`).join(', ')})`
          : `${change.results.length} namespaces done`,
      });
      return failed.length === 0;
    } catch (error) {
      useNotificationsStore().reportError(error, action);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return {
    lastChange,
    busy,
    create: (name: string, namespaces: string[]) =>
      run('Create project', (context) => call('projects:create', { context, name, namespaces })),
    rename: (from: string, to: string) =>
      run('Rename project', (context) => call('projects:rename', { context, from, to })),
    dissolve: (name: string) =>
      run('Dissolve project', (context) => call('projects:dissolve', { context, name })),
  };
});
