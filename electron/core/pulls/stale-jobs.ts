/**
 * A CronJob stays failing after its image (or pull secrets) is fixed: the Jobs it started before
 * keep the pod template they were made from, and their pods keep failing. These Jobs are found by
 * the CronJob's controller ownerReference (its uid, never a label), still running, with a pod
 * that cannot get its image, and a pod template whose pull fields differ from the CronJob's now.
 * Deleting them is previewed first; each delete carries uid and resourceVersion preconditions and
 * propagationPolicy Background (the Job's pods go with it).
 */
import { BatchV1Api, type V1CronJob, type V1Job, type V1Pod } from '@kubernetes/client-node';
import type { JobPrecondition, PullStaleJobs, StaleJobsAnswer } from '../api/contract';
import { AppError, isAppError } from '../api/errors';
import type { KubeSession } from '../kube/session';
import { controllerOf, pullFailures } from './pod-failures';

type PodSpecLike = NonNullable<NonNullable<V1Job['spec']>['template']['spec']>;

/** What decides what a pod pulls, and with which credentials. */
function pullFields(spec: PodSpecLike | undefined): string {
  const images = (list: Array<{ name: string; image?: string }> | undefined) =>
    (list ?? []).map((container) => [container.name, container.image ?? '']);
  return JSON.stringify({
    containers: images(spec?.containers),
    initContainers: images(spec?.initContainers),
    imagePullSecrets: (spec?.imagePullSecrets ?? []).map((ref) => ref.name ?? ''),
    serviceAccountName: spec?.serviceAccountName ?? '',
  });
}

function finished(job: V1Job): boolean {
  return (job.status?.conditions ?? []).some(
    (condition) =>
      (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True',
  );
}

/** Pure: the CronJob's running Jobs made from an older template whose pods fail to pull. */
export function staleJobsOf(cronJob: V1CronJob, jobs: V1Job[], pods: V1Pod[]): V1Job[] {
  const uid = cronJob.metadata?.uid;
  if (!uid) return [];
  const current = pullFields(cronJob.spec?.jobTemplate.spec?.template.spec);
  const failingJobs = new Set(
    pods.flatMap((pod) => {
      const owner = controllerOf(pod.metadata);
      return owner?.kind === 'Job' && !pod.metadata?.deletionTimestamp && pullFailures(pod).length
        ? [owner.uid]
        : [];
    }),
  );
  return jobs.filter((job) => {
    const owner = controllerOf(job.metadata);
    return (
      owner?.kind === 'CronJob' &&
      owner.uid === uid &&
      !job.metadata?.deletionTimestamp &&
      !finished(job) &&
      failingJobs.has(job.metadata?.uid ?? '') &&
      pullFields(job.spec?.template.spec) !== current
    );
  });
}

/** Pure: what the detail says about them (null when there are none). */
export function staleJobsNote(cronJob: string, jobs: V1Job[]): PullStaleJobs | null {
  if (!jobs.length) return null;
  const names = jobs.map((job) => job.metadata?.name ?? '').sort();
  return {
    cronJob,
    jobs: names,
    message: `${names.length === 1 ? 'Job' : 'Jobs'} ${names.join(', ')} started before CronJob ${cronJob} changed: ${names.length === 1 ? 'it keeps the old pod template and keeps' : 'they keep the old pod template and keep'} failing, so this row stays failing. New Jobs use the current template; delete these to clear it.`,
  };
}

const precondition = (job: V1Job): JobPrecondition => ({
  name: job.metadata?.name ?? '',
  uid: job.metadata?.uid ?? '',
  resourceVersion: job.metadata?.resourceVersion ?? '',
});

function preview(cronJob: string, jobs: JobPrecondition[]): string {
  if (!jobs.length)
    return `# CronJob ${cronJob} has no Job started from an older template that still fails: nothing to delete\n`;
  return [
    `# Delete these Jobs of CronJob ${cronJob} (controlled by it), each only if still this uid and resourceVersion;`,
    '# propagationPolicy: Background (their pods are deleted with them). The CronJob is not changed.',
    ...jobs.map(
      (job) => `- Job ${job.name} (uid ${job.uid}, resourceVersion ${job.resourceVersion})`,
    ),
    '',
  ].join('\n');
}

/** Reads the CronJob, its namespace's Jobs and pods: the stale Jobs now. */
export async function readStaleJobs(
  session: KubeSession,
  namespace: string,
  name: string,
  pods?: V1Pod[],
): Promise<V1Job[]> {
  const batch = session.kubeConfig.makeApiClient(BatchV1Api);
  const [cronJob, jobs, podList] = await Promise.all([
    session.call(() => batch.readNamespacedCronJob({ name, namespace })),
    session.call(() => batch.listNamespacedJob({ namespace })),
    pods ?? session.call(() => session.core.listNamespacedPod({ namespace })).then((l) => l.items),
  ]);
  return staleJobsOf(cronJob, jobs.items, podList);
}

/**
 * Dry run: the stale Jobs with their preconditions. Write: the Jobs previewed, deleted only if
 * each is still stale, controlled by this CronJob and at the version previewed (else nothing is
 * deleted); the server checks the preconditions again on each delete.
 */
export async function deleteStaleJobs(
  session: KubeSession,
  input: {
    namespace: string;
    cronJob: string;
    jobs?: JobPrecondition[] | undefined;
    dryRun: boolean;
  },
): Promise<StaleJobsAnswer> {
  const { namespace, cronJob } = input;
  const current = (await readStaleJobs(session, namespace, cronJob)).map(precondition);
  if (input.dryRun)
    return {
      preview: preview(cronJob, current),
      written: false,
      resourceVersion: null,
      jobs: current,
      deleted: [],
    };
  const wanted = input.jobs ?? [];
  if (!wanted.length)
    throw new AppError('INVALID_INPUT', 'No Job to delete: preview the deletion first');
  const changed = wanted.filter(
    (job) =>
      !current.some(
        (now) =>
          now.name === job.name &&
          now.uid === job.uid &&
          now.resourceVersion === job.resourceVersion,
      ),
  );
  if (changed.length)
    throw new AppError(
      'KUBE_CONFLICT',
      `Job ${changed.map((job) => job.name).join(', ')} changed since you saw it (or no longer needs deleting): nothing was deleted. Reload and try again.`,
    );
  const batch = session.kubeConfig.makeApiClient(BatchV1Api);
  const deleted: string[] = [];
  for (const job of wanted) {
    try {
      await session.call(() =>
        batch.deleteNamespacedJob({
          name: job.name,
          namespace,
          body: {
            preconditions: { uid: job.uid, resourceVersion: job.resourceVersion },
            propagationPolicy: 'Background',
          },
        }),
      );
      deleted.push(job.name);
    } catch (error) {
      if (isAppError(error) && error.code === 'KUBE_CONFLICT')
        throw new AppError(
          'KUBE_CONFLICT',
          `Job ${job.name} changed since you saw it: not deleted${deleted.length ? ` (deleted before it: ${deleted.join(', ')})` : ''}. Reload and try again.`,
        );
      throw error;
    }
  }
  return {
    preview: preview(cronJob, wanted),
    written: true,
    resourceVersion: null,
    jobs: wanted,
    deleted,
  };
}
