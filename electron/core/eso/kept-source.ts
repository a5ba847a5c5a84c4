/**
 * Pure: is a Secret the source of a project registry kept by External Secrets? PullKey writes
 * the source (`<registry>-<kind>-<project>` in pullkey-system) with `pullkey.dev/in-cluster`,
 * `pullkey.dev/registry` and `pullkey.dev/in-cluster-store`; the project is read back from its
 * name, else from its store's name (both checked by writing them again), else unknown.
 */
import type { KeptSourceOf, RegistryGroup } from '../api/contract';
import {
  IN_CLUSTER_LABEL,
  REGISTRY_LABEL,
  STORE_LABEL,
  keptName,
  storeName,
  type InClusterProject,
} from './names';

const KINDS = ['pullkey', 'rancher'] as const;

/** The project whose `write(project)` gives `written`, from the text after `prefix`. */
function projectFrom(
  written: string,
  prefix: string,
  write: (project: InClusterProject) => string,
): InClusterProject | null {
  if (!written.startsWith(prefix)) return null;
  const rest = written.slice(prefix.length);
  for (const kind of KINDS) {
    if (!rest.startsWith(`${kind}-`)) continue;
    const project = { kind, id: rest.slice(kind.length + 1) };
    if (project.id && write(project) === written) return project;
  }
  return null;
}

export function keptSourceOf(metadata: {
  name?: string | undefined;
  labels?: Record<string, string> | undefined;
}): KeptSourceOf | null {
  const labels = metadata.labels ?? {};
  const registry = labels[REGISTRY_LABEL];
  if (!registry || !labels[IN_CLUSTER_LABEL] || !labels[STORE_LABEL]) return null;
  const project =
    projectFrom(metadata.name ?? '', `${registry}-`, (each) => keptName(each, registry)) ??
    projectFrom(labels[STORE_LABEL], 'pullkey-', storeName);
  return { registry, project };
}

/**
 * How many namespaces a kept source feeds: the copies of its project registry that External
 * Secrets keeps (null when the project cannot be read back from the source).
 */
export function sourceFeeds(
  source: KeptSourceOf,
  groups: readonly Pick<RegistryGroup, 'name' | 'scope' | 'copies'>[],
): number | null {
  const project = source.project;
  if (!project) return null;
  const kept = groups.find(
    (group) =>
      group.name === source.registry &&
      group.scope.kind === 'project' &&
      group.scope.project === project.id &&
      group.scope.projectKind === project.kind,
  );
  return kept?.copies.filter((copy) => copy.owner?.engine === 'external-secrets').length ?? 0;
}
