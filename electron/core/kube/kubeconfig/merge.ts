import type { ClusterEntry, ContextEntry, KubeconfigFile, UserEntry } from './parse';

export interface Sourced<T> {
  entry: T;
  source: string;
}

export interface DuplicateName {
  kind: 'cluster' | 'user' | 'context';
  name: string;
  /** The file whose definition is used. */
  kept: string;
  /** The file whose definition is ignored. */
  ignored: string;
}

export interface MergedKubeconfig {
  files: string[];
  clusters: Map<string, Sourced<ClusterEntry>>;
  users: Map<string, Sourced<UserEntry>>;
  contexts: Map<string, Sourced<ContextEntry>>;
  currentContext: string | null;
  duplicates: DuplicateName[];
}

function mergeNamed<T extends { name: string }>(
  kind: DuplicateName['kind'],
  files: KubeconfigFile[],
  pick: (file: KubeconfigFile) => T[],
  duplicates: DuplicateName[],
): Map<string, Sourced<T>> {
  const merged = new Map<string, Sourced<T>>();
  for (const file of files) {
    for (const entry of pick(file)) {
      const existing = merged.get(entry.name);
      if (existing) {
        duplicates.push({ kind, name: entry.name, kept: existing.source, ignored: file.file });
        continue;
      }
      merged.set(entry.name, { entry, source: file.file });
    }
  }
  return merged;
}

/**
 * kubectl's merge rules: for clusters, users and contexts the first file that defines a name
 * wins; current-context comes from the first file that sets one. Duplicates are reported.
 */
export function mergeKubeconfigs(files: KubeconfigFile[]): MergedKubeconfig {
  const duplicates: DuplicateName[] = [];
  return {
    files: files.map((file) => file.file),
    clusters: mergeNamed('cluster', files, (file) => file.clusters, duplicates),
    users: mergeNamed('user', files, (file) => file.users, duplicates),
    contexts: mergeNamed('context', files, (file) => file.contexts, duplicates),
    currentContext: files.find((file) => file.currentContext)?.currentContext ?? null,
    duplicates,
  };
}
