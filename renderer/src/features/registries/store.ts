import type {
  ChannelInput,
  RegistryDetail,
  RegistryGroup,
  WriteReport,
  WriteResult,
} from '@core/api/contract';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call } from '../../api';
import { newOperationId } from './operation-id';
import { useLiveList } from '../../composables/live-list';
import { followSelectedContext } from '../../stores/follow-context';
import { useNotificationsStore } from '../../stores/notifications';
import { useRegistryWrites } from './writes-store';
import { useSubscriptions } from '../../stores/subscriptions';
import { matchesOwner, ownerFilterOptions, type OwnerFilter } from './logic/owners';

export interface Operation {
  id: string;
  title: string;
  total: number | null;
  results: WriteResult[];
  warnings: string[];
  running: boolean;
  /**
   * Re-runs the operation for the failed namespaces only (create). Served by the main process,
   * which kept the operation's input: the renderer keeps no password for it.
   */
  retry: ((namespaces: string[]) => Promise<void>) | null;
  /** Create, edit, delete, sync and rotate: Cancel makes the back end start no new namespace. */
  cancellable: boolean;
  /** Cancel was asked. */
  cancelling: boolean;
  /** Create: what "Rename…" after a name clash starts a new create from (no password). */
  created?: CreatedRegistry;
}

/** A create's registry, as "Rename…" prefills the form with it (the login is the saved one). */
export interface CreatedRegistry {
  name: string;
  host: string;
  username: string;
  scope: ChannelInput<'registries:create'>['scope'];
}

export interface Filters {
  text: string;
  host: string | null;
  namespace: string | null;
  project: string | null;
  /** Who keeps the copies (logic/owners.ts); null: all. */
  owner?: OwnerFilter;
}

const failedOutcomes = new Set([
  'forbidden',
  'failed',
  'conflict',
  'clash',
  'not-found',
  'cancelled',
]);
/** Outcomes a retry can change; a clash needs another name and forbidden other rights. */
const retryableOutcomes = new Set(['failed', 'conflict', 'cancelled']);

/** Registries of the selected context, live; the last write operation and its per-namespace results. */
export const useRegistriesStore = defineStore('registries', () => {
  const live = useLiveList({
    event: 'registries:changed',
    read: (context, refresh) => call('registries:list', { context, refresh }),
  });
  const { context, list, loading, error } = live;
  const filters = ref<Filters>({
    text: '',
    host: null,
    namespace: null,
    project: null,
    owner: null,
  });
  const operation = ref<Operation | null>(null);
  const subscriptions = useSubscriptions();

  /** A write's per-namespace results, live (the list itself is the live list's). */
  function followProgress() {
    subscriptions.ensure('registries:progress', ({ operationId, result, total }) => {
      const current = operation.value;
      if (!current || current.id !== operationId) return;
      current.total = total;
      if (
        !current.results.some(
          (r) =>
            r.namespace === result.namespace &&
            r.name === result.name &&
            r.context === result.context,
        )
      ) {
        current.results.push(result);
      }
    });
  }

  async function load(forContext: string | null, refresh = false) {
    followProgress();
    await live.load(forContext, refresh);
  }

  const groups = computed<RegistryGroup[]>(() => list.value?.groups ?? []);
  const hostOptions = computed(() => [...new Set(groups.value.flatMap((g) => g.hosts))].sort());
  const namespaceOptions = computed(() =>
    [...new Set(groups.value.flatMap((g) => g.namespaces))].sort(),
  );
  const projectOptions = computed(() =>
    [
      ...new Set(
        groups.value.flatMap((g) => (g.scope.kind === 'project' ? [g.scope.project] : [])),
      ),
    ].sort(),
  );
  const ownerOptions = computed(() => ownerFilterOptions(groups.value));
  const filtered = computed(() => {
    const { text, host, namespace, project, owner = null } = filters.value;
    const needle = text.trim().toLowerCase();
    return groups.value.filter(
      (group) =>
        (!host || group.hosts.includes(host)) &&
        (!namespace || group.namespaces.includes(namespace)) &&
        (!project || (group.scope.kind === 'project' && group.scope.project === project)) &&
        matchesOwner(group, owner) &&
        (!needle ||
          [group.name, ...group.hosts, ...group.usernames, ...group.namespaces].some((value) =>
            value.toLowerCase().includes(needle),
          )),
    );
  });

  /** "Retry failed" of operation `operationId`, answered by the main process (`registries:retry`). */
  function retryInMain(title: string, operationId: string): Operation['retry'] {
    return async (namespaces) => {
      await runWrite(
        title,
        (retryId) => call('registries:retry', { operationId, retryId, namespaces }),
        'main',
        { cancellable: true },
      );
    };
  }

  /**
   * Runs a write, showing its per-namespace results live; returns the report (or null).
   * `retry: 'main'`: failed namespaces can be retried from the input the main process kept.
   */
  async function runWrite(
    title: string,
    request: (operationId: string) => Promise<WriteReport>,
    retry: Operation['retry'] | 'main' = null,
    { created, cancellable = false }: { created?: CreatedRegistry; cancellable?: boolean } = {},
  ): Promise<WriteReport | null> {
    const id = newOperationId();
    operation.value = {
      id,
      title,
      total: null,
      results: [],
      warnings: [],
      running: true,
      retry: retry === 'main' ? retryInMain(`Retry: ${title}`, id) : retry,
      cancellable,
      cancelling: false,
      ...(created ? { created } : {}),
    };
    try {
      const report = await request(id);
      if (operation.value?.id === id) {
        operation.value.results = report.results;
        operation.value.total = report.results.length;
        operation.value.warnings = report.warnings;
      }
      const failed = report.results.filter((result) => failedOutcomes.has(result.outcome));
      useNotificationsStore().push({
        severity: failed.length ? 'warn' : 'success',
        summary: title,
        detail: failed.length
          ? `${failed.length} of ${report.results.length} not done: see the results`
          : `${report.results.length} done`,
      });
      return report;
    } catch (failure) {
      useNotificationsStore().reportError(failure, title);
      if (operation.value?.id === id) operation.value = null;
      throw failure;
    } finally {
      if (operation.value?.id === id) operation.value.running = false;
    }
  }

  /** Cancels the running write: namespaces not started yet come back "cancelled". */
  async function cancel(): Promise<void> {
    const current = operation.value;
    if (!current?.running || !current.cancellable || current.cancelling) return;
    current.cancelling = true;
    try {
      await call('registries:cancel', { operationId: current.id });
    } catch (failure) {
      current.cancelling = false;
      useNotificationsStore().reportError(failure, `Cancelling ${current.title}`);
    }
  }

  async function detail(namespace: string, name: string): Promise<RegistryDetail | null> {
    if (!context.value) return null;
    try {
      return await call('registries:detail', { context: context.value, namespace, name });
    } catch (failure) {
      useNotificationsStore().reportError(failure, `Opening ${namespace}/${name}`);
      return null;
    }
  }

  const writes = useRegistryWrites({ context, runWrite, retryableOutcomes });

  followSelectedContext((name) => load(name));

  return {
    context,
    list,
    loading,
    error,
    filters,
    ownerOptions,
    operation,
    groups,
    filtered,
    hostOptions,
    namespaceOptions,
    projectOptions,
    load,
    runWrite,
    cancel,
    detail,
    failedOutcomes,
    retryableOutcomes,
    ...writes,
  };
});
