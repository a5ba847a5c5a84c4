/**
 * The one sentence every workload or ServiceAccount write gives when an engine owns the object:
 * per engine, from the markers that engine writes; none for an unmarked object.
 */
import { describe, expect, it } from 'vitest';
import { joinWarnings, workloadChangeWarning, type OwnedMetadata } from '@core/ownership/owner';

const base = { name: 'web', namespace: 'team1' };

const rows: Array<[engine: string, kind: string, meta: OwnedMetadata, expected: string]> = [
  [
    'Helm',
    'Deployment',
    {
      labels: { 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: {
        'meta.helm.sh/release-name': 'shop',
        'meta.helm.sh/release-namespace': 'team1',
      },
    },
    "Helm release shop (namespace team1) manages this Deployment: the next helm upgrade drops this change. Change the chart's values instead.",
  ],
  [
    'Argo CD (tracking-id)',
    'StatefulSet',
    { annotations: { 'argocd.argoproj.io/tracking-id': 'shop:apps/StatefulSet:team1/web' } },
    'Argo CD application shop (tracking-id shop:apps/StatefulSet:team1/web) tracks this StatefulSet: with self-heal on, this change is reverted within minutes (else at its next sync). Change the manifest in Git instead.',
  ],
  [
    'Argo CD (label tracking)',
    'Deployment',
    { labels: { 'app.kubernetes.io/instance': 'shop' } },
    'Argo CD application shop (label tracking) tracks this Deployment: with self-heal on, this change is reverted within minutes (else at its next sync). Change the manifest in Git instead.',
  ],
  [
    'Flux Kustomization',
    'DaemonSet',
    {
      labels: {
        'kustomize.toolkit.fluxcd.io/name': 'apps',
        'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
      },
    },
    'Flux (Kustomization flux-system/apps) manages this DaemonSet: its next reconcile (every few minutes) puts back what Git says. Change the manifest in Git instead.',
  ],
  [
    'Flux HelmRelease',
    'Deployment',
    {
      labels: {
        'helm.toolkit.fluxcd.io/name': 'shop',
        'helm.toolkit.fluxcd.io/namespace': 'team1',
        'app.kubernetes.io/managed-by': 'Helm',
      },
      annotations: { 'meta.helm.sh/release-name': 'shop' },
    },
    "Flux (HelmRelease team1/shop) manages this Deployment: its next reconcile (every few minutes) puts back what Git says. Change the HelmRelease's values in Git instead.",
  ],
  [
    'Fleet',
    'Deployment',
    {
      labels: { 'objectset.rio.cattle.io/hash': 'abc' },
      annotations: { 'objectset.rio.cattle.io/id': 'default-shop' },
    },
    "Fleet (bundle default-shop) manages this Deployment: its drift correction or next deployment puts back what the bundle says. Change the bundle's manifest in Git instead.",
  ],
  [
    'an operator',
    'ServiceAccount',
    {
      ownerReferences: [
        { apiVersion: 'example.com/v1', kind: 'Shop', name: 'main', controller: true },
      ],
    },
    'an operator (Shop team1/main) manages this ServiceAccount: it puts back what its source says. Change that resource instead.',
  ],
];

describe('workloadChangeWarning', () => {
  it.each(rows)('%s', (_engine, kind, meta, expected) => {
    expect(workloadChangeWarning(kind, { ...base, ...meta })).toBe(expected);
  });

  it('says nothing for a workload without markers', () => {
    expect(workloadChangeWarning('Deployment', base)).toBeUndefined();
    expect(workloadChangeWarning('Deployment', undefined)).toBeUndefined();
  });

  it('ignores a tracking-id copied from another object', () => {
    const meta = {
      annotations: { 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:team1/other' },
    };
    expect(workloadChangeWarning('Deployment', { ...base, ...meta })).toBeUndefined();
  });
});

describe('joinWarnings', () => {
  it('keeps every warning given, in order', () => {
    expect(joinWarnings('A.', undefined, 'B.')).toBe('A. B.');
    expect(joinWarnings(undefined, undefined)).toBeUndefined();
    expect(joinWarnings('A.')).toBe('A.');
  });
});
