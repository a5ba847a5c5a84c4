/**
 * Pure: which of the Pull doctor's fixes apply to a detail, the one that works and changes least
 * first. Deleting a CronJob's stale Jobs comes first (nothing else clears the row once its
 * template is fixed); copying a missing secret whose entries the kubelet would use leaves the
 * workload untouched, so it comes before "create a registry and attach it" (which changes the
 * workload, and cannot change a bare Pod at all).
 */
import type { PullDetail, PullFixKind } from '../../api/contract';

export function fixOrder(
  detail: Pick<PullDetail, 'failure' | 'latent' | 'copyCandidates' | 'staleJobs'> & {
    sources?: Pick<NonNullable<PullDetail['sources']>, 'ownedSecrets'> | null;
  },
): PullFixKind[] {
  const diagnosis = detail.failure?.diagnosis;
  // Editing a registry an engine keeps would write its copy: not offered (the detail's note says
  // where to change the source instead).
  const owned = new Set((detail.sources?.ownedSecrets ?? []).map((item) => item.secret));
  const editable = (secrets: string[]) =>
    !secrets.length || secrets.some((name) => !owned.has(name));
  const fixes: PullFixKind[] = [];
  if (detail.staleJobs?.jobs.length) fixes.push('stale-jobs');
  if (detail.copyCandidates.some((candidate) => candidate.sources.length))
    fixes.push('copy-secret');
  const rejectedSecrets =
    diagnosis?.kind === 'credentials-rejected' || diagnosis?.kind === 'access-denied'
      ? diagnosis.secrets
      : detail.latent?.registryRejected?.length
        ? detail.latent.registryRejected.map((item) => item.secret)
        : null;
  if (rejectedSecrets && editable(rejectedSecrets)) fixes.push('edit-registry');
  if (
    diagnosis &&
    (diagnosis.kind === 'no-credentials' ||
      (diagnosis.kind === 'rate-limited' && !diagnosis.secrets.length)) &&
    diagnosis.host
  )
    fixes.push('attach-registry');
  return fixes;
}
