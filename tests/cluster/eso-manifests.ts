/**
 * External Secrets Operator objects for tests on the ESO cluster (cluster.json `eso`), as kubectl
 * Lists: the shape issue 22 has PullKey write (a source Secret in a namespace of its own, a
 * ServiceAccount that may only read secrets there, a ClusterSecretStore limited to the project's
 * namespaces, one ClusterExternalSecret per project registry).
 */

const esoApi = 'external-secrets.io/v1';

export interface EsoStoreOptions {
  /** the ClusterSecretStore's name; also the ServiceAccount's, Role's and RoleBinding's */
  name: string;
  /** where the source secrets live (created by this List) */
  sourceNamespace: string;
  /** API server URL and its CA PEM: out of cluster the store must name them explicitly */
  server: string;
  caPem: string;
  /** namespace labels the store may serve (spec.conditions): without them any namespace could read the sources */
  namespaceLabels: Record<string, string>;
}

/** Source namespace, a ServiceAccount with get/list/watch on its secrets, and the ClusterSecretStore. */
export function esoStoreList(o: EsoStoreOptions) {
  const meta = { name: o.name, namespace: o.sourceNamespace };
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.sourceNamespace } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: meta,
        rules: [
          { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
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
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: o.name },
        subjects: [{ kind: 'ServiceAccount', name: o.name, namespace: o.sourceNamespace }],
      },
      {
        apiVersion: esoApi,
        kind: 'ClusterSecretStore',
        metadata: { name: o.name },
        spec: {
          conditions: [{ namespaceSelector: { matchLabels: o.namespaceLabels } }],
          provider: {
            kubernetes: {
              remoteNamespace: o.sourceNamespace,
              server: { url: o.server, caBundle: Buffer.from(o.caPem).toString('base64') },
              auth: { serviceAccount: { name: o.name, namespace: o.sourceNamespace } },
            },
          },
        },
      },
    ],
  };
}

/** A `kubernetes.io/dockerconfigjson` Secret as kubectl writes it, for one registry login. */
export function dockerConfigSecret(
  namespace: string,
  name: string,
  host: string,
  user: { username: string; password: string },
) {
  const auth = Buffer.from(`${user.username}:${user.password}`).toString('base64');
  const config = { auths: { [host]: { username: user.username, password: user.password, auth } } };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(JSON.stringify(config)).toString('base64') },
  };
}

export interface ClusterExternalSecretOptions {
  name: string;
  store: string;
  /** the source Secret (in the store's remoteNamespace) */
  source: string;
  /** the copy's name in every selected namespace */
  target: string;
  namespaceLabels: Record<string, string>;
  /** how often each copy is refreshed from the source, e.g. "10s" */
  refreshInterval: string;
}

/** One ClusterExternalSecret: every namespace with the labels gets an owned dockerconfigjson copy. */
export function clusterExternalSecret(o: ClusterExternalSecretOptions) {
  return {
    apiVersion: esoApi,
    kind: 'ClusterExternalSecret',
    metadata: { name: o.name },
    spec: {
      namespaceSelectors: [{ matchLabels: o.namespaceLabels }],
      refreshTime: '10s',
      externalSecretSpec: {
        refreshInterval: o.refreshInterval,
        secretStoreRef: { kind: 'ClusterSecretStore', name: o.store },
        target: {
          name: o.target,
          creationPolicy: 'Owner',
          template: { type: 'kubernetes.io/dockerconfigjson' },
        },
        dataFrom: [{ extract: { key: o.source } }],
      },
    },
  };
}
