import type { NamespacesList, NamespaceSummary, ProjectSummary } from '@core/api/contract';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call } from '../../api';
import { toCallError, type CallError } from '../../errors';
import { useClustersStore } from '../clusters/store';
import { followSelectedContext } from '../../stores/follow-context';
import { useNotificationsStore } from '../../stores/notifications';
import { useSubscriptions } from '../../stores/subscriptions';

/** The namespaces and projects of the selected context, kept live by `namespaces:changed`. */
export const useNamespacesStore = defineStore('namespaces', () => {
  const context = ref<string | null>(null);
  const list = ref<NamespacesList | null>(null);
  const loading = ref(false);
  const error = ref<CallError | null>(null);
  const subscriptions = useSubscriptions();
  let request = 0;

  const namespaces = computed<NamespaceSummary[]>(() => list.value?.namespaces ?? []);
  const projects = computed<ProjectSummary[]>(() => list.value?.projects ?? []);

  function apply(next: NamespacesList) {
    if (next.context !== context.value) return;
    list.value = next;
    useClustersStore().setCounts(next.context, {
      namespaces: next.namespaces.length,
      projects: next.projects.length,
      scope: next.scope,
    });
  }

  async function load(forContext: string | null, refresh = false) {
    if (forContext !== context.value) list.value = null;
    context.value = forContext;
    error.value = null;
    if (!forContext) return;
    subscriptions.ensure('namespaces:changed', apply);
    const mine = ++request;
    loading.value = true;
    try {
      const next = await call('namespaces:list', { context: forContext, refresh });
      if (mine === request) apply(next);
    } catch (failure) {
      if (mine !== request) return;
      error.value = toCallError(failure);
    } finally {
      if (mine === request) loading.value = false;
    }
  }

  async function remember(namespace: string) {
    if (!context.value) return;
    try {
      apply(await call('namespaces:remember', { context: context.value, namespace }));
    } catch (failure) {
      useNotificationsStore().reportError(failure, `Adding namespace "${namespace}"`);
    }
  }

  followSelectedContext((name) => load(name));

  return { context, list, namespaces, projects, loading, error, load, remember };
});
