import { onBeforeUnmount, watch } from 'vue';
import { useContextsStore } from '../../stores/contexts';
import { useInClusterStore } from './store';

/**
 * While the calling view lives: the selected context's kept registries, live, and what it
 * offers; released when the view goes (no ESO watch runs for a view nobody looks at).
 */
export function useInClusterFollow() {
  const contexts = useContextsStore();
  const store = useInClusterStore();
  watch(
    () => contexts.selectedName,
    (name) => void store.open(name),
    { immediate: true },
  );
  onBeforeUnmount(() => void store.close());
  return store;
}
