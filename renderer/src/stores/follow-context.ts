/**
 * The one way a store follows the selected context: `load` runs now and on every switch. Called
 * in a store's setup, so the watch is released when the store is disposed.
 */
import { watch } from 'vue';
import { useContextsStore } from './contexts';

export function followSelectedContext(load: (context: string | null) => unknown) {
  const contexts = useContextsStore();
  watch(
    () => contexts.selectedName,
    (name) => void load(name),
    { immediate: true },
  );
}
