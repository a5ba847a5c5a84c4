/**
 * Pure: the one warning every previewed write of a workload or ServiceAccount gives when an
 * engine owns the object (PullKey warns, it does not refuse: the user may want the change now
 * and fix the source later). Every caller says the same sentence.
 */
import type { EngineOwner } from '../api/contract';

/** What to change instead, per engine. */
export const instead: Record<EngineOwner['engine'], string> = {
  helm: "Change the chart's values instead.",
  argocd: 'Change the manifest in Git instead.',
  'flux-kustomize': 'Change the manifest in Git instead.',
  'flux-helm': "Change the HelmRelease's values in Git instead.",
  fleet: "Change the bundle's manifest in Git instead.",
  operator: 'Change that resource instead.',
  'external-secrets': 'Change the source instead.',
  'rancher-project': 'Change the source instead.',
  'rancher-legacy': 'Change the source instead.',
  reflector: 'Change the source instead.',
  kyverno: 'Change the source instead.',
  'sealed-secrets': 'Change the source instead.',
  'vault-secrets-operator': 'Change the source instead.',
};

/** What becomes of a change made here, per engine that delivers workloads. */
function fate(owner: EngineOwner): string {
  switch (owner.engine) {
    case 'helm':
      return 'the next helm upgrade drops this change.';
    case 'argocd':
      return 'with self-heal on, this change is reverted within minutes (else at its next sync).';
    case 'flux-kustomize':
    case 'flux-helm':
      return 'its next reconcile (every few minutes) puts back what Git says.';
    case 'fleet':
      return 'its drift correction or next deployment puts back what the bundle says.';
    default:
      return 'it puts back what its source says.';
  }
}

/** "Helm release shop (namespace team1)" / "Argo CD application web (tracking-id …)". */
function manager(owner: EngineOwner, trackingId: string | undefined): string {
  if (owner.engine === 'helm') {
    const [namespace, release] = owner.source.replace(/^release /, '').split('/');
    return release ? `Helm release ${release} (namespace ${namespace})` : `Helm ${owner.source}`;
  }
  if (owner.engine === 'argocd')
    return `Argo CD ${owner.source}${trackingId ? ` (tracking-id ${trackingId})` : ''}`;
  return `${owner.engineName} (${owner.source})`;
}

/**
 * The warning for a change to `kind` `name` owned by `owner`, or undefined when nobody owns it.
 * `trackingId`: Argo CD's tracking-id annotation, quoted when present.
 */
export function ownedWorkloadWarning(
  kind: string,
  owner: EngineOwner | null,
  trackingId?: string,
): string | undefined {
  if (!owner) return undefined;
  const verb = owner.engine === 'argocd' ? 'tracks' : 'manages';
  return `${manager(owner, trackingId)} ${verb} this ${kind}: ${fate(owner)} ${instead[owner.engine]}`;
}

/** Two warnings as one (either may be absent); none is ever dropped. */
export function joinWarnings(...warnings: Array<string | undefined>): string | undefined {
  const present = warnings.filter((warning): warning is string => !!warning);
  return present.length ? present.join(' ') : undefined;
}
