/**
 * Pure: the objects PullKey writes to hand a project registry to External Secrets Operator, in
 * the order they are written. In the source namespace: the source Secret (kubectl's
 * dockerconfigjson form), a ServiceAccount whose Role may only get the project's sources, its
 * RoleBinding; cluster-wide: a ClusterSecretStore (Kubernetes provider) limited by
 * `spec.conditions` to the project's namespaces, and the ClusterExternalSecret that fans the
 * source out to every namespace of the project as a copy owned by its ExternalSecret.
 */
import type { DockerConfig } from '../dockerconfig/dockerconfig';
import { registrySecret } from '../dockerconfig/secret-manifest';
import {
  ESO_API,
  REGISTRY_LABEL,
  STORE_LABEL,
  inClusterLabels,
  keptName,
  projectCopyMetadata,
  projectLabel,
  storeName,
  type InClusterProject,
} from './names';
import { PROJECT_KIND_ANNOTATION } from '../kube/labels';
import { PULLKEY_PROJECT_LABEL } from '../kube/projects';

/** The API server and CA the store names; only set in tests (out of cluster): omitted otherwise. */
export interface StoreServer {
  url: string;
  caPem: string;
}

export interface KeepPlanInput {
  project: InClusterProject;
  /** The registry: the copies' secret name. */
  registry: string;
  sourceNamespace: string;
  refreshInterval: string;
  config: DockerConfig;
  server?: StoreServer | undefined;
  /** The other sources the project's store serves (its Role names each source it may read). */
  otherSources?: string[] | undefined;
}

export interface PlannedObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export interface KeepPlan {
  id: string;
  store: string;
  source: { namespace: string; name: string };
  objects: PlannedObject[];
}

/** The store's objects: ServiceAccount, Role, RoleBinding and the ClusterSecretStore. */
function storeObjects(input: KeepPlanInput, name: string, source: string): PlannedObject[] {
  const sources = [...new Set([...(input.otherSources ?? []), source])].sort();
  const labels = inClusterLabels(name, { [PULLKEY_PROJECT_LABEL]: input.project.id });
  const annotations = { [PROJECT_KIND_ANNOTATION]: input.project.kind };
  const meta = { name, namespace: input.sourceNamespace, labels, annotations };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta,
      rules: [
        // Only the project's sources: another project's namespace can never read them through
        // an ExternalSecret of its own (ESO's extract is a GET by name; its store validation
        // asks for a rule with "get" on secrets).
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: sources },
        {
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectrulesreviews'],
          verbs: ['create'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: input.sourceNamespace }],
    },
    {
      apiVersion: ESO_API,
      kind: 'ClusterSecretStore',
      metadata: { name, labels, annotations },
      spec: {
        // Without conditions any namespace could read the sources through this store.
        conditions: [{ namespaceSelector: { matchLabels: projectLabel(input.project) } }],
        provider: {
          kubernetes: {
            remoteNamespace: input.sourceNamespace,
            ...(input.server
              ? {
                  server: {
                    url: input.server.url,
                    caBundle: Buffer.from(input.server.caPem).toString('base64'),
                  },
                }
              : {}),
            auth: { serviceAccount: { name, namespace: input.sourceNamespace } },
          },
        },
      },
    },
  ];
}

/** Every object of a kept project registry, in write order. */
export function keepPlan(input: KeepPlanInput): KeepPlan {
  const id = keptName(input.project, input.registry);
  const store = storeName(input.project);
  const source = registrySecret(
    id,
    input.sourceNamespace,
    { kind: 'namespace', namespace: input.sourceNamespace },
    input.config,
  );
  source.metadata.labels = {
    ...source.metadata.labels,
    ...inClusterLabels(id, { [REGISTRY_LABEL]: input.registry, [STORE_LABEL]: store }),
  };
  const copy = projectCopyMetadata(input.project);
  const ces: PlannedObject = {
    apiVersion: ESO_API,
    kind: 'ClusterExternalSecret',
    metadata: {
      name: id,
      labels: inClusterLabels(id, {
        [REGISTRY_LABEL]: input.registry,
        [PULLKEY_PROJECT_LABEL]: input.project.id,
      }),
      annotations: { [PROJECT_KIND_ANNOTATION]: input.project.kind },
    },
    spec: {
      namespaceSelectors: [{ matchLabels: projectLabel(input.project) }],
      refreshTime: input.refreshInterval,
      // The children carry PullKey's labels: the live view watches them by label.
      externalSecretMetadata: { labels: inClusterLabels(id) },
      externalSecretSpec: {
        refreshInterval: input.refreshInterval,
        secretStoreRef: { kind: 'ClusterSecretStore', name: store },
        target: {
          name: input.registry,
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          template: {
            type: 'kubernetes.io/dockerconfigjson',
            metadata: { labels: copy.labels, annotations: copy.annotations },
          },
        },
        dataFrom: [{ extract: { key: id } }],
      },
    },
  };
  return {
    id,
    store,
    source: { namespace: input.sourceNamespace, name: id },
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: input.sourceNamespace } },
      source as unknown as PlannedObject,
      ...storeObjects(input, store, id),
      ces,
    ],
  };
}
