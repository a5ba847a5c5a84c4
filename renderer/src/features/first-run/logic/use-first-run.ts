import { computed } from 'vue';
import { useClustersStore } from '../../clusters/store';
import { useContextsStore } from '../../../stores/contexts';
import { firstRunKind } from './state';

/** The first-run screen the app shows now, or null. */
export function useFirstRun() {
  const contexts = useContextsStore();
  const clusters = useClustersStore();
  return computed(() =>
    firstRunKind({
      loaded: contexts.loaded,
      contexts: contexts.contexts,
      files: contexts.files,
      missingFiles: contexts.missingFiles,
      problems: contexts.problems,
      reachable: Object.fromEntries(
        Object.entries(clusters.statuses).map(([name, status]) => [name, !!status.version]),
      ),
    }),
  );
}
