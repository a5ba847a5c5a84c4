import type { DeploySuggestion, PreflightResult, RecentDeployment } from '@core/api/contract';
import { defineStore } from 'pinia';
import { computed, effectScope, onScopeDispose, ref, watch, type EffectScope } from 'vue';
import { call } from '../../api';
import {
  defaultNamespace,
  emptyDraft,
  imageWithTag,
  interpretDraft,
  type DeployDraft,
} from './logic/draft';
import { deployFieldOf, deployLabels, type DeployField } from './logic/fields';
import { fieldErrors } from '../../forms/field-errors';
import { debounce } from '../../lib/debounce';
import { useContextsStore } from '../../stores/contexts';
import { useNamespacesStore } from '../namespaces/store';
import { useNotificationsStore } from '../../stores/notifications';
import { useRevertWatchStore } from '../../stores/revert-watch';

/**
 * The deploy form's draft (kept when navigating away) and every call it needs: pull-secret
 * suggestions, registry tags, the automatic preflight, the launch and recent deploys.
 */
export const useDeployStore = defineStore('deploy', () => {
  const contexts = useContextsStore();
  const namespaces = useNamespacesStore();
  const notifications = useNotificationsStore();
  const revertWatch = useRevertWatchStore();

  const draft = ref<DeployDraft>(emptyDraft());
  const suggestion = ref<DeploySuggestion | null>(null);
  const preflight = ref<PreflightResult | null>(null);
  const preflighting = ref(false);
  const tags = ref<string[]>([]);
  const recent = ref<RecentDeployment[]>([]);
  const launching = ref(false);
  /** What the back end refused in the draft, per field (shown there; cleared on any edit). */
  const refused = ref<Partial<Record<DeployField, string>>>({});

  const meaning = computed(() => interpretDraft(draft.value));
  const workload = computed(() => meaning.value.workload);

  /** A refused input goes to its field; anything else is an outcome, for a toast. */
  function report(error: unknown, action: string) {
    const fields = fieldErrors(error, deployFieldOf, deployLabels, 'form');
    if (fields) refused.value = fields;
    else notifications.reportError(error, action);
  }

  async function loadRecent() {
    recent.value = await call('deploy:recent').catch(() => []);
  }

  function reset() {
    draft.value = { ...emptyDraft(), namespace: draft.value.namespace };
    suggestion.value = null;
    preflight.value = null;
    tags.value = [];
  }

  // Suggestions: pull secrets matching the image (kubelet rules), existing workload of that name.
  const suggest = debounce(
    250,
    async (context: string, namespace: string, image: string, name: string) => {
      try {
        const next = await call('deploy:suggest', {
          context,
          namespace,
          image,
          // An invalid name is already shown at its field: only a valid one is worth a lookup.
          ...(name && !meaning.value.nameError ? { name } : {}),
        });
        suggestion.value = next;
        if (!draft.value.manualSecrets) draft.value.pullSecrets = [...next.preselected];
        if (!next.existing || next.existing.owner) draft.value.update = false;
      } catch (error) {
        report(error, 'Checking pull secrets');
      }
    },
  );

  // Tag suggestions from the registry, with the same credentials.
  const listTags = debounce(400, async (context: string, namespace: string) => {
    tags.value = await call('deploy:tags', {
      context,
      namespace,
      image: draft.value.image.trim(),
      pullSecrets: draft.value.pullSecrets,
    }).catch(() => []);
  });

  // Preflight, automatically, whenever the workload changes.
  let preflightRun = 0;
  const runPreflight = debounce(300, async (context: string, run: number) => {
    const current = workload.value;
    if (!current) return;
    preflighting.value = true;
    try {
      const result = await call('deploy:preflight', {
        context,
        workload: current,
        update: draft.value.update,
      });
      if (run === preflightRun) preflight.value = result;
    } catch (error) {
      report(error, 'Preflight');
    } finally {
      if (run === preflightRun) preflighting.value = false;
    }
  });

  let following: EffectScope | null = null;
  function unfollow() {
    following?.stop();
    following = null;
    suggest.cancel();
    listTags.cancel();
    runPreflight.cancel();
  }
  onScopeDispose(unfollow);

  /**
   * Keeps suggestions, tags and preflight in step with the draft and the selected context while
   * the form is shown; returns the function that stops it.
   */
  function follow(): () => void {
    unfollow();
    const scope = effectScope(true);
    following = scope;
    scope.run(() => {
      watch(
        draft,
        () => {
          if (Object.keys(refused.value).length) refused.value = {};
        },
        { deep: true },
      );
      watch(
        () => namespaces.namespaces,
        (list) => (draft.value.namespace = defaultNamespace(draft.value.namespace, list)),
        { immediate: true },
      );
      watch(
        () =>
          [
            contexts.selectedName,
            draft.value.namespace,
            draft.value.image,
            draft.value.name,
          ] as const,
        ([context, namespace, image, name]) => {
          suggest.cancel();
          if (context && namespace) suggest.schedule(context, namespace, image, name);
        },
        { immediate: true },
      );
      watch(
        () => [meaning.value.image.reference?.name, draft.value.pullSecrets.join(',')] as const,
        ([name]) => {
          listTags.cancel();
          tags.value = [];
          const context = contexts.selectedName;
          const namespace = draft.value.namespace;
          if (name && context && namespace) listTags.schedule(context, namespace);
        },
      );
      watch(
        () => [JSON.stringify(workload.value), draft.value.update] as const,
        () => {
          runPreflight.cancel();
          preflight.value = null;
          const context = contexts.selectedName;
          if (!context || !workload.value) return;
          runPreflight.schedule(context, ++preflightRun);
        },
      );
    });
    return () => {
      if (following === scope) unfollow();
    };
  }

  function toggleSecret(name: string, on: boolean) {
    draft.value.manualSecrets = true;
    draft.value.pullSecrets = on
      ? [...new Set([...draft.value.pullSecrets, name])]
      : draft.value.pullSecrets.filter((secret) => secret !== name);
  }

  function useTag(tag: string) {
    if (!meaning.value.image.reference) return;
    draft.value.image = imageWithTag(draft.value.image, tag);
  }

  /** Applies the workload; returns where its rollout is shown, or null (reported) on failure. */
  async function launch(): Promise<{
    context: string;
    namespace: string;
    kind: 'Deployment' | 'Pod';
    name: string;
  } | null> {
    const context = contexts.selectedName;
    const current = workload.value;
    if (!context || !current) return null;
    launching.value = true;
    try {
      const seen = draft.value.update ? preflight.value?.update?.seen : undefined;
      const entry = await call('deploy:apply', {
        context,
        workload: current,
        update: draft.value.update,
        ...(seen ? { seen } : {}),
      });
      void loadRecent();
      // An owned workload's update: watch the written image for a revert by its owner.
      if (entry.owned?.watch) void revertWatch.watch(entry.owned.watch);
      return { context, namespace: entry.namespace, kind: entry.kind, name: entry.name };
    } catch (error) {
      report(error, `Launching ${current.name}`);
      return null;
    } finally {
      launching.value = false;
    }
  }

  return {
    draft,
    suggestion,
    preflight,
    preflighting,
    tags,
    recent,
    launching,
    refused,
    meaning,
    workload,
    loadRecent,
    reset,
    follow,
    toggleSecret,
    useTag,
    launch,
  };
});
