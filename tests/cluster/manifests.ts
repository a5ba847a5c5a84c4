/** Manifests several test layers apply with kubectl (integration, e2e, benchmarks). */

/** The namespaces of a PullKey project (label `pullkey.dev/project`), as one kubectl List. */
export function projectNamespacesList(project: string, namespaces: string[]) {
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: namespaces.map((name) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'pullkey.dev/project': project } },
    })),
  };
}
