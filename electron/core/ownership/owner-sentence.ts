/**
 * Pure: the owner sentence of a workload write once PullKey has read the owner itself (the Argo CD
 * Application's sync policy, the Flux object's interval and suspend). When the owner could not be
 * read (not installed, not allowed, gone), the general sentence is said, and said to be general.
 */
import type { EngineOwner, OwnerStatus } from '../api/contract';
import { instead, ownedWorkloadWarning } from './workload-warning';

/** Argo CD's default reconciliation period (argocd-cm timeout.reconciliation: 180s). */
const ARGO_PERIOD = 'about 3 minutes';

function argoSentence(status: Extract<OwnerStatus, { read: 'argocd' }>): string {
  const app = `Argo CD application ${status.application}`;
  const now = status.sync ? ` (now ${status.sync})` : '';
  if (status.automated && status.selfHeal)
    return `${app} self-heals${now}: this change will be reverted within ${ARGO_PERIOD}.`;
  if (status.automated)
    return `${app} syncs automatically without self-heal${now}: this change stays until the next commit is synced, which puts back what Git says; the application shows OutOfSync until then.`;
  return `${app} syncs by hand${now}: this change stays until someone syncs it, which puts back what Git says; the application shows OutOfSync until then.`;
}

function fluxSentence(status: Extract<OwnerStatus, { read: 'flux' }>): string {
  const every = status.interval ? `every ${status.interval}` : 'on its interval';
  const what = `Flux ${status.kind} ${status.object}`;
  const corrects = status.kind === 'Kustomization' || status.driftDetection === 'enabled';
  if (status.suspended)
    return `${what} (${every}, suspended: the change stays until it resumes; ${corrects ? 'then Git puts back its version' : 'then the next upgrade drops it'}).`;
  if (corrects)
    return `${what} (${every}${status.kind === 'HelmRelease' ? ', drift detection on' : ''}): its next reconcile, within ${status.interval ?? 'its interval'}, puts back what ${status.kind === 'HelmRelease' ? 'the chart renders' : 'Git says'}.`;
  return `${what} (${every}, drift detection off): the next upgrade of the release drops this change.`;
}

/** Why the owner was not read, as said after the general sentence. */
function unread(owner: EngineOwner, reason: string | null): string {
  return reason
    ? ` (PullKey could not read ${owner.source}: ${reason}; this is the general case.)`
    : '';
}

/**
 * The warning for a change to `kind` owned by `owner`, specific when `status` was read.
 * `trackingId`: Argo CD's tracking-id annotation, quoted by the general sentence.
 */
export function ownerStatusWarning(
  kind: string,
  owner: EngineOwner,
  status: OwnerStatus,
  trackingId?: string,
): string {
  if (status.read === 'argocd') return `${argoSentence(status)} ${instead[owner.engine]}`;
  if (status.read === 'flux') return `${fluxSentence(status)} ${instead[owner.engine]}`;
  return `${ownedWorkloadWarning(kind, owner, trackingId) ?? ''}${unread(owner, status.reason)}`;
}
