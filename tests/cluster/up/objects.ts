// The Kubernetes objects both clusters start with: namespaces (some in Rancher-style projects)
// and the RBAC of user dev.
import { log, type Run } from './run.ts';

export function seedObjects(kubectl: Run['kubectl'], kubeconfig: string) {
  // ---- seed Kubernetes objects
  const projects = {
    alpha: { 'p-team1': ['team1-dev', 'team1-staging'], 'p-team2': ['team2-app'] } as Record<string, string[]>,
    beta: { 'p-team1': ['team1-dev'] } as Record<string, string[]>,
  };
  const namespaces = { alpha: ['team1-dev', 'team1-staging', 'team2-app', 'sandbox'], beta: ['team1-dev', 'beta-apps'] };
  const devNamespaces = { alpha: ['team1-dev', 'team1-staging'], beta: ['team1-dev'] };
  for (const c of ['alpha', 'beta'] as const) {
    const items: object[] = [];
    for (const ns of namespaces[c]) {
      const project = Object.entries(projects[c]).find(([, l]) => l.includes(ns))?.[0];
      items.push({
        apiVersion: 'v1', kind: 'Namespace',
        metadata: {
          name: ns,
          labels: project ? { 'field.cattle.io/projectId': project } : {},
          annotations: project ? { 'field.cattle.io/projectId': `c-${c}:${project}` } : {},
        },
      });
    }
    for (const ns of devNamespaces[c]) {
      items.push({
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
        metadata: { name: 'dev-edit', namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dev' }],
      });
    }
    // Like Rancher does for project members: let dev GET its namespaces by name, so its
    // SelfSubjectRulesReview names them (dev still may not list all namespaces).
    items.push(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole',
        metadata: { name: 'dev-namespaces' },
        rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: devNamespaces[c] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding',
        metadata: { name: 'dev-namespaces' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'dev-namespaces' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dev' }],
      },
    );
    kubectl(kubeconfig, `${c}-admin`, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  }
  log('namespaces and RBAC seeded');
  return { projects, namespaces, devNamespaces };
}
