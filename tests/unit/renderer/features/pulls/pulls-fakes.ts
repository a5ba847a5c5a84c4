/**
 * The Pull doctor's renderer test data, and the fake `window.pullkey` they run against: the
 * details and answers the fix tests share.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach } from 'vitest';
import { fixOrder } from '@core/pulls/model/fix-order';
import type {
  AttachRegistryAnswer,
  JobPrecondition,
  PullDetail,
  PullDiagnosis,
  PullFailure,
  PullsView,
  StaleJobsAnswer,
} from '@core/api/contract';

export { installFakeBridge as installPullsBridge, type Answer } from '../../fake-bridge';

/** Before each test of the enclosing describe: an empty page and, unless told, a fresh Pinia. */
export function emptyPageEachTest({ pinia = true } = {}) {
  beforeEach(() => {
    document.body.innerHTML = '';
    if (pinia) setActivePinia(createPinia());
  });
}

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

/** The detail of `web` (as `pullDetail(false)`) diagnosed `kind` for r.example with `secrets`. */
export function diagnosedDetail(
  kind: PullDiagnosis['kind'],
  message: string,
  secrets: string[] = [],
): PullDetail {
  const detail = pullDetail(false);
  detail.failure!.diagnosis = { kind, message, host: 'r.example', secrets };
  return detail;
}

/** The detail of `web` when no credential is there for r.example (fix 2 offered); its pods use ServiceAccount builder. */
export function noCredentialsDetail(): PullDetail {
  const detail = diagnosedDetail('no-credentials', 'no credentials for r.example');
  detail.fixes = ['attach-registry'];
  detail.sources = {
    pod: 'web-1',
    serviceAccount: 'builder',
    imagePullSecrets: [],
    origin: 'none',
    serviceAccountSecrets: [],
    missingSecrets: [],
    rejectedSecrets: [],
    tries: [],
    nodeIdentity: [],
  };
  return detail;
}

/** Fix 2's dry run for `web` (registry r-example), or its write with `over`. */
export function attachRegistryAnswer(
  over: Partial<AttachRegistryAnswer> = {},
): AttachRegistryAnswer {
  return {
    preview: '# Creates secret r-example in namespace shop …\n{"spec":{}}',
    written: false,
    resourceVersion: '42',
    target: 'workload',
    serviceAccount: 'builder',
    secret: 'r-example',
    imagePullSecrets: ['r-example'],
    recreate: null,
    ...over,
  };
}

/** The stale-Jobs fix's dry run of `jobs` (nothing deleted), or its write with `over`. */
export function staleJobsAnswer(
  jobs: JobPrecondition[],
  over: Partial<StaleJobsAnswer> = {},
): StaleJobsAnswer {
  return {
    preview: '# Delete\n',
    written: false,
    resourceVersion: null,
    jobs,
    deleted: [],
    outcomes: [],
    summary: '',
    ...over,
  };
}
