/**
 * Objects as the GitOps engines make them, for the ownership tests (issue 20): a StatefulSet with
 * Argo CD's tracking-id annotation, and an Argo CD Application (of Argo CD's own CRD,
 * tests/cluster/crds) that syncs automatically and self-heals.
 */

export interface TrackedOptions {
  /** The tracking id's application: `<app>` or, apps in any namespace, `<namespace>_<app>`. */
  app: string;
  image: string;
  replicas?: number;
  pullSecrets?: string[];
  /** The tracking id as written (default: the one Argo CD writes for this very object). */
  trackingId?: string;
}

/** A StatefulSet as Argo CD's annotation tracking leaves it: <app>:<group>/<kind>:<namespace>/<name>. */
export function argoTrackedStatefulSet(namespace: string, name: string, options: TrackedOptions) {
  const { app, image, replicas = 0, pullSecrets = [] } = options;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name,
      namespace,
      annotations: {
        'argocd.argoproj.io/tracking-id':
          options.trackingId ?? `${app}:apps/StatefulSet:${namespace}/${name}`,
      },
    },
    spec: {
      serviceName: name,
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(pullSecrets.length
            ? { imagePullSecrets: pullSecrets.map((secret) => ({ name: secret })) }
            : {}),
          containers: [{ name: 'app', image }],
        },
      },
    },
  };
}

/** An Argo CD Application as `argocd app create --sync-policy automated --self-heal` keeps it. */
export const selfHealingApplication = (namespace: string, name: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name, namespace },
  spec: {
    project: 'default',
    source: { repoURL: 'https://git.example.com/shop.git', path: name, targetRevision: 'HEAD' },
    destination: { server: 'https://kubernetes.default.svc', namespace },
    syncPolicy: { automated: { selfHeal: true, prune: true } },
  },
  status: { sync: { status: 'Synced' } },
});
