/**
 * Pure: which of the Pull doctor's fixes apply to a detail, the one that works and changes least
 * first. Deleting a CronJob's stale Jobs comes first (nothing else clears the row once its
 * template is fixed); copying a missing secret whose entries the kubelet would use leaves the
 * workload untouched, so it comes before "create a registry and attach it" (which changes the
 * workload, and cannot change a bare Pod at all).
 */
import type { PullDetail, PullFixKind } from '../../api/contract';

export function fixOrder(
  detail: Pick<PullDetail, 'failure' | 'latent' | 'copyCandidates' | 'staleJobs'>,
): PullFixKind[] {
  const diagnosis = detail.failure?.diagnosis;
  const fixes: PullFixKind[] = [];
  if (detail.staleJobs?.jobs.length) fixes.push('stale-jobs');
  if (detail.copyCandidates.some((candidate) => candidate.sources.length))
    fixes.push('copy-secret');
  if (
    diagnosis?.kind === 'credentials-rejected' ||
    diagnosis?.kind === 'access-denied' ||
    detail.latent?.registryRejected?.length
  )
    fixes.push('edit-registry');
  if (
    diagnosis &&
    (diagnosis.kind === 'no-credentials' ||
      (diagnosis.kind === 'rate-limited' && !diagnosis.secrets.length)) &&
    diagnosis.host
  )
    fixes.push('attach-registry');
  return fixes;
}
