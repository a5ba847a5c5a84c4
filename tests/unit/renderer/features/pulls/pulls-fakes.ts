/** The Pull doctor's renderer test data, and the fake `window.pullkey` they run against. */
import { fixOrder } from '@core/pulls/fixes/fix-order';
import type { PullDetail, PullFailure, PullsView } from '@core/api/contract';

export { installFakeBridge as installPullsBridge, type Answer } from '../../fake-bridge';

export const workload = {
  context: 'alpha',
  namespace: 'shop',
  kind: 'Deployment' as const,
  name: 'web',
};

export function failure(message: string): PullFailure {
  return {
    ...workload,
    id: 'alpha/shop/Deployment/web',
    containers: [
      {
        name: 'app',
        init: false,
        image: 'r.example/team/web:1',
        reason: 'ImagePullBackOff',
        message: 'back-off',
      },
    ],
    since: null,
    pods: ['web-1'],
    diagnosis: { kind: 'unknown', message, host: 'r.example', secrets: [] },
  };
}

export function pullsView(failing: PullFailure[]): PullsView {
  return {
    context: 'alpha',
    scope: 'cluster',
    namespaces: 2,
    failing,
    latent: [],
    serverVersion: '1.34',
    reverifyNote: '',
    freshness: { state: 'live', since: null, retryAt: null, error: null },
    credentialChecks: { automatic: true, localRegistries: false, notChecked: [] },
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** The detail of `web` while secret "shared" is missing in shop (copy offered) or after. */
export function pullDetail(missing: boolean): PullDetail {
  const facts = {
    ref: workload,
    failure: failure(missing ? 'secret "shared" missing' : 'retrying with "shared"'),
    latent: null,
    sources: null,
    events: [],
    copyCandidates: missing
      ? [
          {
            secret: 'shared',
            sources: [
              {
                namespace: 'team',
                entries: [{ key: 'r.example', username: 'alice', matches: true }],
              },
            ],
          },
        ]
      : [],
    staleJobs: null,
  };
  return { ...facts, fixes: fixOrder(facts), report: '# web' };
}
