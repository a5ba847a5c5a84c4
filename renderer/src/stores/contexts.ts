import type { ContextsList, KubeContextSummary, KubeconfigProblem } from '@core/api/contract';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call } from '../api';
import { useNotificationsStore } from './notifications';
import { useSubscriptions } from './subscriptions';

export const useContextsStore = defineStore('contexts', () => {
  const contexts = ref<KubeContextSummary[]>([]);
  const selectedName = ref<string | null>(null);
  const problems = ref<KubeconfigProblem[]>([]);
  const files = ref<string[]>([]);
  const missingFiles = ref<string[]>([]);
  const loading = ref(false);
  /** The kubeconfig was read at least once (the first-run screen waits for it). */
  const loaded = ref(false);
  const subscriptions = useSubscriptions();

  const selected = computed(
    () => contexts.value.find((context) => context.name === selectedName.value) ?? null,
  );

  function apply(list: ContextsList) {
    contexts.value = list.contexts;
    selectedName.value = list.selected;
    problems.value = list.problems;
    files.value = list.files;
    missingFiles.value = list.missingFiles ?? [];
    loaded.value = true;
  }

  async function load() {
    loading.value = true;
    try {
      apply(await call('contexts:list'));
      subscriptions.ensure('contexts:changed', apply);
    } catch (error) {
      useNotificationsStore().reportError(error, 'Loading kubeconfig contexts');
    } finally {
      loading.value = false;
    }
  }

  async function select(name: string) {
    if (name === selectedName.value) return;
    const previous = selectedName.value;
    selectedName.value = name;
    try {
      apply(await call('contexts:select', { name }));
    } catch (error) {
      selectedName.value = previous;
      useNotificationsStore().reportError(error, `Switching to context "${name}"`);
    }
  }

  /** "Make current for kubectl": the one action that writes the kubeconfig. */
  async function makeCurrent(name: string) {
    try {
      await call('contexts:make-current', { name });
      useNotificationsStore().push({
        severity: 'success',
        summary: 'kubectl context changed',
        detail: `kubectl now uses "${name}" (current-context written to the kubeconfig).`,
      });
    } catch (error) {
      useNotificationsStore().reportError(error, `Making "${name}" current for kubectl`);
    }
  }

  return {
    contexts,
    selectedName,
    selected,
    problems,
    files,
    missingFiles,
    loading,
    loaded,
    load,
    select,
    makeCurrent,
  };
});
