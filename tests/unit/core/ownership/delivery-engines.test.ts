/**
 * Workloads, ServiceAccounts and secrets delivered by Helm, Argo CD, Flux, Fleet or an operator,
 * with the markers those tools write, and near-misses that must NOT count as owned.
 */
import { describe, expect, it } from 'vitest';
import {
  ownershipRules,
  secretOwner,
  workloadOwner,
  type OwnedMetadata,
} from '@core/ownership/owner';

const base = { name: 'web', namespace: 'shop' };
type Row = [label: string, meta: OwnedMetadata, expected: Record<string, unknown> | null];

function table(rows: Row[]) {
  it.each(rows)('%s', (_label, meta, expected) => {
    const found = workloadOwner({ ...base, ...meta });
    if (expected === null) expect(found).toBeNull();
    else expect(found).toMatchObject(expected);
  });
}

const helmMeta = {
  labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'web' },
  annotations: { 'meta.helm.sh/release-name': 'web', 'meta.helm.sh/release-namespace': 'shop' },
};

describe('Helm (pkg/action/validate.go)', () => {
  table([
    [
      'a release object',
      helmMeta,
      { engine: 'helm', source: 'release shop/web', badge: 'Kept by Helm (release shop/web)' },
    ],
    [
      'near-miss: managed-by "helm-ish"',
      { labels: { 'app.kubernetes.io/managed-by': 'helm-ish' } },
      null,
    ],
    [
      "near-miss: `helm template | kubectl apply` (label, no release annotations; the instance label is the chart's)",
      { labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'web' } },
      null,
    ],
  ]);
});

describe('Argo CD (common/common.go)', () => {
  table([
    [
      'annotation tracking',
      { annotations: { 'argocd.argoproj.io/tracking-id': 'shop-app:apps/Deployment:shop/web' } },
      { engine: 'argocd', source: 'application shop-app' },
    ],
    [
      'apps in any namespace: <ns>_<app>',
      {
        annotations: {
          'argocd.argoproj.io/tracking-id': 'argocd_shop-app:apps/StatefulSet:shop/web',
        },
      },
      { engine: 'argocd', source: 'application argocd_shop-app' },
    ],
    [
      'a core-group ServiceAccount',
      { annotations: { 'argocd.argoproj.io/tracking-id': 'shop-app:/ServiceAccount:shop/web' } },
      { engine: 'argocd' },
    ],
    [
      'label tracking',
      { labels: { 'app.kubernetes.io/instance': 'shop-app' } },
      { engine: 'argocd', source: 'application shop-app (label tracking)' },
    ],
    [
      'near-miss: a tracking id copied from another object',
      { annotations: { 'argocd.argoproj.io/tracking-id': 'shop-app:apps/Deployment:shop/other' } },
      null,
    ],
    [
      'near-miss: a malformed tracking id',
      { annotations: { 'argocd.argoproj.io/tracking-id': 'shop-app' } },
      null,
    ],
  ]);
  it('Helm markers win over the instance label a chart sets', () => {
    expect(workloadOwner({ ...base, ...helmMeta })?.engine).toBe('helm');
  });
});

describe('Flux (kustomize-controller, helm-controller)', () => {
  table([
    [
      'Kustomization',
      {
        labels: {
          'kustomize.toolkit.fluxcd.io/name': 'apps',
          'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
        },
      },
      { engine: 'flux-kustomize', source: 'Kustomization flux-system/apps' },
    ],
    [
      'HelmRelease (its objects carry Helm markers too)',
      {
        labels: {
          ...helmMeta.labels,
          'helm.toolkit.fluxcd.io/name': 'web',
          'helm.toolkit.fluxcd.io/namespace': 'flux-system',
        },
        annotations: helmMeta.annotations,
      },
      { engine: 'flux-helm', source: 'HelmRelease flux-system/web' },
    ],
    [
      'near-miss: the name label without the namespace label',
      { labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps' } },
      null,
    ],
  ]);
});

describe('Fleet (internal/helmdeployer/postrender.go)', () => {
  table([
    [
      'a bundle object (deployed with Helm)',
      {
        labels: {
          ...helmMeta.labels,
          'objectset.rio.cattle.io/hash': '362023f752e7f1989d8b652e029bd2c658ae7c44',
        },
        annotations: { ...helmMeta.annotations, 'objectset.rio.cattle.io/id': 'default-web' },
      },
      { engine: 'fleet', source: 'bundle web' },
    ],
  ]);
});

describe('operators (a controller reference to a custom resource)', () => {
  table([
    [
      'controller reference to a custom resource',
      {
        ownerReferences: [
          { apiVersion: 'db.example.com/v1', kind: 'Postgres', name: 'orders', controller: true },
        ],
      },
      {
        engine: 'operator',
        source: 'Postgres shop/orders',
        badge: 'Kept by an operator (Postgres shop/orders)',
      },
    ],
    [
      'near-miss: an owner reference that is not the controller',
      { ownerReferences: [{ apiVersion: 'db.example.com/v1', kind: 'Postgres', name: 'orders' }] },
      null,
    ],
    [
      'near-miss: a built-in controller (a Deployment owning a ReplicaSet)',
      {
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true },
        ],
      },
      null,
    ],
    [
      'near-miss: a Kubernetes API group (*.k8s.io)',
      {
        ownerReferences: [
          {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'Gateway',
            name: 'gw',
            controller: true,
          },
        ],
      },
      null,
    ],
  ]);
});

describe('the table', () => {
  it('cites a source for every rule', () => {
    for (const rule of ownershipRules)
      expect(rule.cites).toMatch(/\S+\/\S+ .+\.(go|cs)|apimachinery/);
  });

  it('applies the secret-copy rules to secrets only', () => {
    const reflected = { annotations: { 'reflector.v1.k8s.emberstack.com/reflects': 'a/b' } };
    expect(secretOwner(reflected)?.engine).toBe('reflector');
    expect(workloadOwner(reflected)).toBeNull();
  });

  it('never reads the instance label alone as Argo CD on a secret (a hand-applied manifest)', () => {
    const applied = {
      name: 'pull',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/instance': 'shop' },
    };
    expect(secretOwner(applied)).toBeNull();
  });

  it('recognises delivery tools on secrets too', () => {
    expect(secretOwner({ name: 'pull', namespace: 'shop', ...helmMeta })?.engine).toBe('helm');
  });

  it('an engine copy rule wins over the delivery tool that shipped the ExternalSecret', () => {
    const meta = {
      ...base,
      labels: { ...helmMeta.labels, 'reconcile.external-secrets.io/managed': 'true' },
      annotations: helmMeta.annotations,
    };
    expect(secretOwner(meta)?.engine).toBe('external-secrets');
  });
});
