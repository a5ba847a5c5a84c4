import type { NamespaceSummary, ProjectSummary } from '@core/api/contract';
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { call } from '../../api';
import { useLiveList } from '../../composables/live-list';
import { useClustersStore } from '../clusters/store';
import { useNotificationsStore } from '../../stores/notifications';

/** The namespaces and projects of the selected context, kept live by `namespaces:changed`. */
export const useNamespacesStore = defineStore('namespaces', () => {
  const live = useLiveList({
    event: 'namespaces:changed',
    read: (context, refresh) => call('namespaces:list', { context, refresh }),
    onList: (next) =>
      useClustersStore().setCounts(next.context, {
        namespaces: next.namespaces.length,
        projects: next.projects.length,
        scope: next.scope,
      }),
    followSelected: true,
  });
  const { context, list, loading, error, load } = live;

  const namespaces = computed<NamespaceSummary[]>(() => list.value?.namespaces ?? []);
  const projects = computed<ProjectSummary[]>(() => list.value?.projects ?? []);

  async function remember(namespace: string) {
    if (!context.value) return;
    try {
      live.take(await call('namespaces:remember', { context: context.value, namespace }));
    } catch (failure) {
      useNotificationsStore().reportError(failure, `Adding namespace "${namespace}"`);
    }
  }

  return { context, list, namespaces, projects, loading, error, load, remember };
});
