/**
 * Projects: groups of namespaces. Rancher marks a namespace of project P with the label
 * field.cattle.io/projectId=P (annotation <cluster>:P); PullKey's own projects use the label
 * pullkey.dev/project=<name> for clusters without Rancher. Pure functions only.
 */
import type { ProjectSummary } from '../api/contract';

export const RANCHER_PROJECT_LABEL = 'field.cattle.io/projectId';
export const PULLKEY_PROJECT_LABEL = 'pullkey.dev/project';

export interface NamespaceMeta {
  name: string;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
}

export interface NamespaceProjects {
  rancher: string | null;
  pullkey: string | null;
}

export function projectsOf(namespace: NamespaceMeta): NamespaceProjects {
  return {
    rancher: namespace.labels?.[RANCHER_PROJECT_LABEL] ?? null,
    pullkey: namespace.labels?.[PULLKEY_PROJECT_LABEL] ?? null,
  };
}

/** Every project present on the namespaces, Rancher's first, each sorted by id. */
export function groupProjects(namespaces: NamespaceMeta[]): ProjectSummary[] {
  const byKey = new Map<string, ProjectSummary>();
  for (const namespace of namespaces) {
    const { rancher, pullkey } = projectsOf(namespace);
    const refs: Array<[ProjectSummary['kind'], string | null]> = [
      ['rancher', rancher],
      ['pullkey', pullkey],
    ];
    for (const [kind, id] of refs) {
      if (!id) continue;
      const key = `${kind}/${id}`;
      const project = byKey.get(key) ?? {
        kind,
        id,
        clusterId:
          kind === 'rancher'
            ? (namespace.annotations?.[RANCHER_PROJECT_LABEL]?.split(':')[0] ?? null)
            : null,
        namespaces: [],
      };
      project.namespaces.push(namespace.name);
      byKey.set(key, project);
    }
  }
  return [...byKey.values()]
    .map((project) => ({ ...project, namespaces: project.namespaces.sort() }))
    .sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'rancher' ? -1 : 1));
}

/** JSON merge patch that sets (or, with null, removes) PullKey's project label. */
export function pullkeyProjectPatch(project: string | null) {
  return { metadata: { labels: { [PULLKEY_PROJECT_LABEL]: project } } };
}
