/**
 * A CronJob stays failing after its image (or pull secrets) is fixed: the Jobs it started before
 * keep the pod template they were made from, and their pods keep failing. These Jobs are found by
 * the CronJob's controller ownerReference (its uid, never a label), still running, with a pod
 * that cannot get its image, and a pod template whose pull fields differ from the CronJob's now.
 * Deleting them is previewed first; each delete carries uid and resourceVersion preconditions and
 * propagationPolicy Background (the Job's pods go with it), and each Job's outcome is answered.
 */
import { BatchV1Api, type V1CronJob, type V1Job, type V1Pod } from '@kubernetes/client-node';
import type {
  JobPrecondition,
  PullStaleJobs,
  StaleJobOutcome,
  StaleJobsAnswer,
} from '../../api/contract';
import { AppError, isAppError } from '../../api/errors';
import type { KubeSession } from '../../kube/session';
import { controllerReference } from '../../kube/owners';
import { pullFailures } from '../live/pod-failures';

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
      const owner = controllerReference(pod.metadata?.ownerReferences);
      return owner?.kind === 'Job' && !pod.metadata?.deletionTimestamp && pullFailures(pod).length
        ? [owner.uid]
        : [];
    }),
  );
  return jobs.filter((job) => {
    const owner = controllerReference(job.metadata?.ownerReferences);
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

/** Reads the CronJob, its namespace's Jobs and pods: the stale Jobs now, and every Job. */
async function readJobs(
  session: KubeSession,
  namespace: string,
  name: string,
  pods?: V1Pod[],
): Promise<{ stale: V1Job[]; all: V1Job[] }> {
  const batch = session.kubeConfig.makeApiClient(BatchV1Api);
  const [cronJob, jobs, podList] = await Promise.all([
    session.call(() => batch.readNamespacedCronJob({ name, namespace })),
    session.call(() => batch.listNamespacedJob({ namespace })),
    pods ?? session.call(() => session.core.listNamespacedPod({ namespace })).then((l) => l.items),
  ]);
  return { stale: staleJobsOf(cronJob, jobs.items, podList), all: jobs.items };
}

/** The stale Jobs now. */
export async function readStaleJobs(
  session: KubeSession,
  namespace: string,
  name: string,
  pods?: V1Pod[],
): Promise<V1Job[]> {
  return (await readJobs(session, namespace, name, pods)).stale;
}

const sameJob = (a: JobPrecondition, b: JobPrecondition) =>
  a.name === b.name && a.uid === b.uid && a.resourceVersion === b.resourceVersion;

/** Pure: what became of each Job previewed, in words; never "nothing" when one was deleted. */
function outcomeSummary(outcomes: StaleJobOutcome[]): string {
  const named = (result: StaleJobOutcome['result']) =>
    outcomes.filter((outcome) => outcome.result === result).map((outcome) => outcome.name);
  const [deleted, changed, gone] = [named('deleted'), named('changed'), named('gone')];
  const jobs = (names: string[]) => `${names.length === 1 ? 'Job' : 'Jobs'} ${names.join(', ')}`;
  return [
    deleted.length ? `Deleted ${jobs(deleted)}.` : 'Nothing was deleted.',
    changed.length
      ? `${jobs(changed)} changed since the preview (or no longer needs deleting): left as ${changed.length === 1 ? 'it is' : 'they are'}.`
      : '',
    gone.length ? `${jobs(gone)} ${gone.length === 1 ? 'was' : 'were'} already gone.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Dry run: the stale Jobs with their preconditions. Write: each Job previewed is deleted only if
 * it is still stale, controlled by this CronJob and at the version previewed (the server checks
 * the preconditions again); each one's outcome is answered (deleted, changed since the preview
 * and left, already gone), one Job's refusal never hiding another's deletion.
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
  const read = await readJobs(session, namespace, cronJob);
  const current = read.stale.map(precondition);
  if (input.dryRun)
    return {
      preview: preview(cronJob, current),
      written: false,
      resourceVersion: null,
      jobs: current,
      deleted: [],
      outcomes: [],
      summary: '',
    };
  const wanted = input.jobs ?? [];
  if (!wanted.length)
    throw new AppError('INVALID_INPUT', 'No Job to delete: preview the deletion first');
  const batch = session.kubeConfig.makeApiClient(BatchV1Api);
  const outcomes: StaleJobOutcome[] = [];
  for (const job of wanted) {
    if (!current.some((now) => sameJob(now, job))) {
      const exists = read.all.some(
        (now) => now.metadata?.name === job.name && now.metadata.uid === job.uid,
      );
      outcomes.push({ name: job.name, result: exists ? 'changed' : 'gone' });
      continue;
    }
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
      outcomes.push({ name: job.name, result: 'deleted' });
    } catch (error) {
      if (isAppError(error) && error.code === 'KUBE_CONFLICT')
        outcomes.push({ name: job.name, result: 'changed' });
      else if (isAppError(error) && error.code === 'KUBE_NOT_FOUND')
        outcomes.push({ name: job.name, result: 'gone' });
      else if (isAppError(error) && outcomes.some((outcome) => outcome.result === 'deleted'))
        throw new AppError(
          error.code,
          `${outcomeSummary(outcomes)} Job ${job.name} and those after it were not deleted: ${error.message}`,
        );
      else throw error;
    }
  }
  const deleted = outcomes.filter((o) => o.result === 'deleted').map((o) => o.name);
  return {
    preview: preview(cronJob, wanted),
    written: deleted.length > 0,
    resourceVersion: null,
    jobs: wanted,
    deleted,
    outcomes,
    summary: outcomeSummary(outcomes),
  };
}
