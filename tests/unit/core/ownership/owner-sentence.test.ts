/**
 * The owner sentence once PullKey has read the owner: Argo CD's sync policy, Flux's interval and
 * suspend; not read (not installed, forbidden, gone) → the general sentence, said as such.
 */
import { describe, expect, it } from 'vitest';
import type { EngineOwner, OwnerStatus } from '@core/api/contract';
import { workloadOwner } from '@core/ownership/owner';
import { ownerStatusWarning } from '@core/ownership/owner-sentence';
import { argoStatus } from './owner-status-fakes';

const argoOwner = workloadOwner({
  name: 'web',
  namespace: 'team1',
  annotations: { 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:team1/web' },
})!;
const kustomizeOwner = workloadOwner({
  labels: {
    'kustomize.toolkit.fluxcd.io/name': 'apps',
    'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
  },
})!;
const helmReleaseOwner = workloadOwner({
  labels: {
    'helm.toolkit.fluxcd.io/name': 'shop',
    'helm.toolkit.fluxcd.io/namespace': 'flux-system',
  },
})!;
const flux = (
  kind: 'Kustomization' | 'HelmRelease',
  extra: Partial<Extract<OwnerStatus, { read: 'flux' }>> = {},
): OwnerStatus => ({
  read: 'flux',
  kind,
  object: `flux-system/${kind === 'HelmRelease' ? 'shop' : 'apps'}`,
  interval: '10m',
  suspended: false,
  driftDetection: kind === 'HelmRelease' ? 'disabled' : null,
  ...extra,
});
const say = (owner: EngineOwner, status: OwnerStatus) =>
  ownerStatusWarning('Deployment', owner, status);

describe('the owner sentence from the owner itself', () => {
  it.each<[string, EngineOwner, OwnerStatus, string]>([
    [
      'Argo CD, self-heal',
      argoOwner,
      argoStatus({}),
      'Argo CD application argocd/shop self-heals (now Synced): this change will be reverted within about 3 minutes. Change the manifest in Git instead.',
    ],
    [
      'Argo CD, automated without self-heal',
      argoOwner,
      argoStatus({ selfHeal: false, sync: null }),
      'Argo CD application argocd/shop syncs automatically without self-heal: this change stays until the next commit is synced, which puts back what Git says; the application shows OutOfSync until then. Change the manifest in Git instead.',
    ],
    [
      'Argo CD, manual sync',
      argoOwner,
      argoStatus({ automated: false, selfHeal: false, sync: 'OutOfSync' }),
      'Argo CD application argocd/shop syncs by hand (now OutOfSync): this change stays until someone syncs it, which puts back what Git says; the application shows OutOfSync until then. Change the manifest in Git instead.',
    ],
    [
      'Flux Kustomization',
      kustomizeOwner,
      flux('Kustomization'),
      'Flux Kustomization flux-system/apps (every 10m): its next reconcile, within 10m, puts back what Git says. Change the manifest in Git instead.',
    ],
    [
      'Flux Kustomization, suspended',
      kustomizeOwner,
      flux('Kustomization', { suspended: true }),
      'Flux Kustomization flux-system/apps (every 10m, suspended: the change stays until it resumes; then Git puts back its version). Change the manifest in Git instead.',
    ],
    [
      'Flux HelmRelease, drift detection off',
      helmReleaseOwner,
      flux('HelmRelease', { interval: '5m' }),
      "Flux HelmRelease flux-system/shop (every 5m, drift detection off): the next upgrade of the release drops this change. Change the HelmRelease's values in Git instead.",
    ],
    [
      'Flux HelmRelease, drift detection on',
      helmReleaseOwner,
      flux('HelmRelease', { interval: '5m', driftDetection: 'enabled' }),
      "Flux HelmRelease flux-system/shop (every 5m, drift detection on): its next reconcile, within 5m, puts back what the chart renders. Change the HelmRelease's values in Git instead.",
    ],
  ])('%s', (_name, owner, status, expected) => {
    expect(say(owner, status)).toBe(expected);
  });

  it('says the general sentence, as such, when the owner was not read', () => {
    const sentence = ownerStatusWarning(
      'Deployment',
      argoOwner,
      {
        read: 'none',
        reason: 'Argo CD is not installed on this cluster (no applications.argoproj.io)',
      },
      'shop:apps/Deployment:team1/web',
    );
    expect(sentence).toBe(
      'Argo CD application shop (tracking-id shop:apps/Deployment:team1/web) tracks this Deployment: with self-heal on, this change is reverted within minutes (else at its next sync). Change the manifest in Git instead. (PullKey could not read application shop: Argo CD is not installed on this cluster (no applications.argoproj.io); this is the general case.)',
    );
  });

  it('says the general sentence alone for an owner with nothing to read (Helm)', () => {
    const helm = workloadOwner({
      labels: { 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: { 'meta.helm.sh/release-name': 'shop', 'meta.helm.sh/release-namespace': 't' },
    })!;
    expect(say(helm, { read: 'none', reason: null })).toBe(
      "Helm release shop (namespace t) manages this Deployment: the next helm upgrade drops this change. Change the chart's values instead.",
    );
  });
});
