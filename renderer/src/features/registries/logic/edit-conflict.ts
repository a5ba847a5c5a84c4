/**
 * An edit that met copies changed elsewhere (resourceVersion conflict): the registry as the user
 * saw it, the conflicted namespaces, what changed there, and the copies to write again.
 */
import type { RegistryGroup, WriteReport } from '@core/api/contract';
import { computed, ref } from 'vue';
import { useRegistriesStore } from '../store';
import { conflictChanges } from './conflict';

export function useEditConflict() {
  const registries = useRegistriesStore();
  const seen = ref<RegistryGroup | null>(null);
  const conflicted = ref<string[]>([]);
  const live = () => registries.groups.find((group) => group.id === seen.value?.id) ?? null;

  const changes = computed(() =>
    seen.value && conflicted.value.length
      ? conflictChanges(seen.value, live(), conflicted.value)
      : [],
  );

  /** The dialog opened on `group`: nothing conflicted yet. */
  function start(group: RegistryGroup | null) {
    seen.value = group;
    conflicted.value = [];
  }

  /** The copies to write: all of them, or after a conflict only the conflicted ones. */
  function target(): RegistryGroup | null {
    const group = seen.value;
    if (!group || !conflicted.value.length) return group;
    const copies = group.copies.filter((copy) => conflicted.value.includes(copy.namespace));
    return { ...group, copies };
  }

  /** Records a write's conflicts; true when there were some. */
  function settle(report: WriteReport | null): boolean {
    conflicted.value = (report?.results ?? [])
      .filter((result) => result.outcome === 'conflict')
      .map((result) => result.namespace);
    return conflicted.value.length > 0;
  }

  /** Reloads the list and takes the copies as they are now; false when the registry is gone. */
  async function reload(): Promise<boolean> {
    await registries.load(registries.context, true);
    const now = live();
    if (now) seen.value = now;
    return now !== null;
  }

  return { changes, start, target, settle, reload };
}
