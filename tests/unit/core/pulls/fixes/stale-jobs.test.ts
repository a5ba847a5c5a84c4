import type { V1CronJob, V1Job, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { buildDetail } from '@core/pulls/diagnosis/evidence';
import { AppError } from '@core/api/errors';
import type { KubeSession } from '@core/kube/session';
import { deleteStaleJobs, staleJobsNote, staleJobsOf } from '@core/pulls/fixes/stale-jobs';
import { backOff, containerStatus } from '../../../../kit/pods';

const template = (image: string) => ({ spec: { containers: [{ name: 'app', image }] } });

const cronJob: V1CronJob = {
  metadata: { name: 'nightly', namespace: 'team1-dev', uid: 'cron-1' },
  spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: template('reg/app:1.1') } } },
};

function job(name: string, image: string, owner: string | null, done = false): V1Job {
  return {
    metadata: {
      name,
      namespace: 'team1-dev',
      uid: `${name}-uid`,
      resourceVersion: '7',
      ownerReferences: owner
        ? [
            {
              apiVersion: 'batch/v1',
              kind: 'CronJob',
              name: 'nightly',
              uid: owner,
              controller: true,
            },
          ]
        : undefined,
    },
    spec: { template: template(image) },
    status: done ? { conditions: [{ type: 'Failed', status: 'True' }] } : {},
  };
}

function podOf(jobName: string, image: string, pulling: boolean): V1Pod {
  return {
    metadata: {
      name: `${jobName}-x`,
      namespace: 'team1-dev',
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: jobName,
          uid: `${jobName}-uid`,
          controller: true,
        },
      ],
    },
    spec: { containers: [{ name: 'app', image }] },
    status: {
      containerStatuses: [
        containerStatus(
          'app',
          image,
          pulling ? backOff('Back-off pulling image') : { running: {} },
        ),
      ],
    },
  };
}

describe("a CronJob's Jobs started before its fix", () => {
  const jobs = [
    job('nightly-old', 'reg/app:1.0', 'cron-1'),
    job('nightly-new', 'reg/app:1.1', 'cron-1'),
    job('nightly-done', 'reg/app:1.0', 'cron-1', true),
    job('lookalike', 'reg/app:1.0', null),
    job('other-owner', 'reg/app:1.0', 'cron-2'),
    job('nightly-running', 'reg/app:1.0', 'cron-1'),
  ];
  const pods = [
    podOf('nightly-old', 'reg/app:1.0', true),
    podOf('nightly-new', 'reg/app:1.1', true),
    podOf('nightly-done', 'reg/app:1.0', true),
    podOf('lookalike', 'reg/app:1.0', true),
    podOf('other-owner', 'reg/app:1.0', true),
    podOf('nightly-running', 'reg/app:1.0', false),
  ];

  it('are the running Jobs it controls, made from an older template, whose pods fail to pull', () => {
    expect(staleJobsOf(cronJob, jobs, pods).map((item) => item.metadata?.name)).toEqual([
      'nightly-old',
    ]);
  });

  it('the row says why it stays failing, and the fix to delete them comes first', () => {
    const stale = staleJobsNote('nightly', staleJobsOf(cronJob, jobs, pods));
    expect(stale).toEqual({
      cronJob: 'nightly',
      jobs: ['nightly-old'],
      message: expect.stringContaining(
        'Job nightly-old started before CronJob nightly changed: it keeps the old pod template and keeps failing',
      ),
    });
    expect(staleJobsNote('nightly', [])).toBeNull();
    const detail = buildDetail({
      ref: { context: 'alpha', namespace: 'team1-dev', kind: 'CronJob', name: 'nightly' },
      failure: {
        id: 'alpha/team1-dev/CronJob/nightly',
        context: 'alpha',
        namespace: 'team1-dev',
        kind: 'CronJob',
        name: 'nightly',
        containers: [],
        since: null,
        pods: ['nightly-old-x'],
        diagnosis: { kind: 'not-found', host: 'reg', secrets: [], message: 'tag 1.0 not found' },
      },
      latent: null,
      pod: null,
      serviceAccount: null,
      nodes: [],
      events: [],
      templateSecrets: null,
      secret: () => undefined,
      staleJobs: stale,
    });
    expect(detail.fixes[0]).toBe('stale-jobs');
    expect(detail.report).toContain('started before CronJob nightly changed');
  });
});

describe('deleting the stale Jobs: each one tried, each outcome answered', () => {
  const names = ['nightly-a', 'nightly-b', 'nightly-c'];
  const staleJobs = names.map((name) => job(name, 'reg/app:1.0', 'cron-1'));
  const stalePods = names.map((name) => podOf(name, 'reg/app:1.0', true));

  /** A cluster holding `jobs`; deleting `refused` answers `code` (the server's precondition check). */
  function fakeSession(jobs: V1Job[], refused: Record<string, 'KUBE_CONFLICT' | 'KUBE_NOT_FOUND'>) {
    const deleted: string[] = [];
    const batch = {
      readNamespacedCronJob: () => Promise.resolve(cronJob),
      listNamespacedJob: () => Promise.resolve({ items: jobs }),
      deleteNamespacedJob: ({ name }: { name: string }) => {
        const code = refused[name];
        if (code) return Promise.reject(new AppError(code, `Job ${name}: refused`));
        deleted.push(name);
        return Promise.resolve({});
      },
    };
    const session = {
      call: <T>(request: () => Promise<T>) => request(),
      kubeConfig: { makeApiClient: () => batch },
      core: { listNamespacedPod: () => Promise.resolve({ items: stalePods }) },
    } as unknown as KubeSession;
    return { session, deleted };
  }
  const input = { namespace: 'team1-dev', cronJob: 'nightly' };

  it('goes on past a Job changed since the preview and says which were deleted', async () => {
    const { session, deleted } = fakeSession(staleJobs, { 'nightly-b': 'KUBE_CONFLICT' });
    const preview = await deleteStaleJobs(session, { ...input, dryRun: true });
    expect(preview.jobs.map((item) => item.name)).toEqual(names);
    const answer = await deleteStaleJobs(session, { ...input, jobs: preview.jobs, dryRun: false });
    expect(deleted).toEqual(['nightly-a', 'nightly-c']);
    expect(answer.outcomes).toEqual([
      { name: 'nightly-a', result: 'deleted' },
      { name: 'nightly-b', result: 'changed' },
      { name: 'nightly-c', result: 'deleted' },
    ]);
    expect(answer.deleted).toEqual(['nightly-a', 'nightly-c']);
    expect(answer.written).toBe(true);
    expect(answer.summary).toBe(
      'Deleted Jobs nightly-a, nightly-c. Job nightly-b changed since the preview (or no longer needs deleting): left as it is.',
    );
  });

  it('says which were already gone and which changed before the write, deleting the rest', async () => {
    const previewed = staleJobs.map((item) => ({
      name: item.metadata!.name!,
      uid: item.metadata!.uid!,
      resourceVersion: '7',
    }));
    const now = fakeSession(
      [
        { ...staleJobs[1]!, metadata: { ...staleJobs[1]!.metadata, resourceVersion: '8' } },
        staleJobs[2]!,
      ],
      { 'nightly-c': 'KUBE_NOT_FOUND' },
    );
    const answer = await deleteStaleJobs(now.session, {
      ...input,
      jobs: previewed,
      dryRun: false,
    });
    expect(answer.outcomes).toEqual([
      { name: 'nightly-a', result: 'gone' },
      { name: 'nightly-b', result: 'changed' },
      { name: 'nightly-c', result: 'gone' },
    ]);
    expect(answer.written).toBe(false);
    expect(answer.summary).toBe(
      'Nothing was deleted. Job nightly-b changed since the preview (or no longer needs deleting): left as it is. Jobs nightly-a, nightly-c were already gone.',
    );
  });
});
