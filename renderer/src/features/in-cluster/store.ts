import type {
  ChannelInput,
  InClusterCapability,
  KeptRegistry,
  RegistryGroup,
} from '@core/api/contract';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call } from '../../api';
import { useLiveList } from '../../composables/live-list';
import { useNotificationsStore } from '../../stores/notifications';
import { keptFor } from './logic/kept';

type KeepInput = Omit<ChannelInput<'inCluster:keep'>, 'context' | 'dryRun'>;
export type KeepFreshInput = Omit<ChannelInput<'cluster-refresh:keep-fresh'>, 'context' | 'dryRun'>;

/**
 * Project registries kept in the cluster by External Secrets Operator, on the selected context:
 * what the context offers (`inCluster:capability`, asked once per context and again on "Check
 * again"), the kept registries live while the Registries view is open (`inCluster:open` …
 * `inCluster:changed`, released by `close`), and the in-cluster writes (each previewed first by
 * its caller through `usePreviewedWrite`), "Keep fresh in the cluster" among them (its state is read
 * by `useKeepFreshState`).
 */
export const useInClusterStore = defineStore('in-cluster', () => {
  const live = useLiveList({
    event: 'inCluster:changed',
    read: (context) => call('inCluster:open', { context }),
    leave: (context) => call('inCluster:close', { context }),
  });
  const { context, list, loading, error } = live;

  /** Capability per context; a failed check is not kept. */
  const capabilities = ref<Record<string, InClusterCapability>>({});
  const checkError = ref<Record<string, string>>({});
  /** Contexts being checked (what was known stays shown meanwhile: Check again keeps focus). */
  const inFlight = ref<string[]>([]);

  const kept = computed<KeptRegistry[]>(() => list.value?.kept ?? []);

  function keptOf(group: RegistryGroup): KeptRegistry | null {
    return keptFor(list.value, group);
  }

  function without<T>(record: Record<string, T>, key: string): Record<string, T> {
    return Object.fromEntries(Object.entries(record).filter(([each]) => each !== key));
  }

  /** Asks what `forContext` offers, unless known or being asked (`force`: Check again). */
  async function check(forContext: string | null, force = false): Promise<void> {
    if (!forContext || inFlight.value.includes(forContext)) return;
    if (!force && forContext in capabilities.value) return;
    inFlight.value = [...inFlight.value, forContext];
    try {
      const answer = await call('inCluster:capability', { context: forContext });
      capabilities.value = { ...capabilities.value, [forContext]: answer };
      checkError.value = without(checkError.value, forContext);
    } catch (failure) {
      capabilities.value = without(capabilities.value, forContext);
      checkError.value = {
        ...checkError.value,
        [forContext]: failure instanceof Error ? failure.message : String(failure),
      };
    } finally {
      inFlight.value = inFlight.value.filter((each) => each !== forContext);
    }
  }

  const capability = computed(() =>
    context.value ? (capabilities.value[context.value] ?? null) : null,
  );
  const checking = computed(() => !!context.value && inFlight.value.includes(context.value));
  const capabilityError = computed(() =>
    context.value ? (checkError.value[context.value] ?? null) : null,
  );

  /** Follows `forContext`: its kept registries live, and its capability. */
  async function open(forContext: string | null) {
    await Promise.all([live.load(forContext), check(forContext)]);
  }

  function requireContext(): string {
    if (!context.value) throw new Error('No context selected');
    return context.value;
  }

  /** Opt in (dryRun: the preview; else the write at the previewed version). */
  function keep(input: KeepInput, dryRun: boolean) {
    return call('inCluster:keep', { ...input, context: requireContext(), dryRun });
  }

  /** Keep a kept registry's token fresh in the cluster (dryRun: the preview; else the write). */
  function keepFresh(input: KeepFreshInput, dryRun: boolean) {
    return call('cluster-refresh:keep-fresh', { ...input, context: requireContext(), dryRun });
  }

  async function syncNow(id: string, name: string): Promise<boolean> {
    try {
      await call('inCluster:sync-now', { context: requireContext(), id });
      useNotificationsStore().push({
        severity: 'success',
        summary: 'Sync now',
        detail: `External Secrets was asked to refresh every copy of ${name} now.`,
      });
      return true;
    } catch (failure) {
      useNotificationsStore().reportError(failure, `Sync now of ${name}`);
      return false;
    }
  }

  function remove(id: string, resourceVersion: string | null, dryRun: boolean) {
    return call('inCluster:delete', {
      context: requireContext(),
      id,
      ...(resourceVersion ? { resourceVersion } : {}),
      dryRun,
    });
  }

  function toLaptop(id: string, resourceVersion: string | null, dryRun: boolean) {
    return call('inCluster:to-laptop', {
      context: requireContext(),
      id,
      ...(resourceVersion ? { resourceVersion } : {}),
      dryRun,
    });
  }

  return {
    context,
    list,
    loading,
    error,
    kept,
    capability,
    checking,
    capabilityError,
    keptOf,
    open,
    close: live.close,
    check,
    keep,
    keepFresh,
    syncNow,
    remove,
    toLaptop,
  };
});
