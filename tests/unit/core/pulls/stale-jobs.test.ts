import type { V1CronJob, V1Job, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { buildDetail } from '@core/pulls/detail';
import { staleJobsNote, staleJobsOf } from '@core/pulls/stale-jobs';

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
        {
          name: 'app',
          image,
          imageID: '',
          ready: false,
          restartCount: 0,
          state: pulling
            ? { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } }
            : { running: {} },
        },
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
