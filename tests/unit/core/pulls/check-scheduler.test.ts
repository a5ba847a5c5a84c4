import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { createCheckScheduler } from '@core/pulls/check-scheduler';
import type { CheckVerdict, CredentialCheck } from '@core/pulls/credential-checks';
import { UNKNOWN_TTL_MS } from '@core/pulls/retry-rules';
import type { Tracker } from '@core/pulls/tracker';

const HOST = 'registry.example.com:5000';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const pullSecret: V1Secret = {
  metadata: { name: 'cred', namespace: 'team1-dev', resourceVersion: '7' },
  type: 'kubernetes.io/dockerconfigjson',
  data: {
    '.dockerconfigjson': b64(
      JSON.stringify({ auths: { [HOST]: { auth: b64('alice:alice-pw') } } }),
    ),
  },
};
const image = `${HOST}/team/app:1.0`;
const pod = (name: string): V1Pod => ({
  metadata: { name, namespace: 'team1-dev' },
  spec: { imagePullSecrets: [{ name: 'cred' }], containers: [{ name: 'app', image }] },
  status: {
    phase: 'Running',
    containerStatuses: [
      { name: 'app', image, imageID: '', ready: true, restartCount: 0, state: { running: {} } },
    ],
  },
});
const KEY = `team1-dev/cred@7|${HOST}/team/app#alice`;

function setUp(answer: () => Promise<CheckVerdict>) {
  let clock = 1_000;
  const asked: CredentialCheck[] = [];
  const changed: Tracker[] = [];
  const t = {
    viewOpen: true,
    stopped: false,
    checks: new Map(),
    checkLimit: pLimit(4),
  } as unknown as Tracker;
  const scheduler = createCheckScheduler({
    now: () => clock,
    checkCredential: (check) => {
      asked.push(check);
      return answer();
    },
    secretOf: () => pullSecret,
    changed: (tracker) => changed.push(tracker),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { t, scheduler, asked, changed, settle, later: (ms: number) => (clock += ms) };
}

describe('the laptop’s registry checks of running pods’ credentials', () => {
  it('run only while the Pulls view is open, once per key for pods sharing it', async () => {
    const { t, scheduler, asked, settle } = setUp(() => Promise.resolve({ state: 'ok' }));
    t.viewOpen = false;
    scheduler.startChecks(t, [pod('a'), pod('b')]);
    await settle();
    expect(asked).toEqual([]);
    t.viewOpen = true;
    scheduler.startChecks(t, [pod('a'), pod('b')]);
    expect(scheduler.verdict(t, KEY)).toBeUndefined(); // under way
    await settle();
    expect(asked.map((check) => check.key)).toEqual([KEY]);
    expect(scheduler.verdict(t, KEY)).toEqual({ state: 'ok' });
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(asked).toHaveLength(1);
  });

  it('folds the view again on a rejection, not on an accepted credential', async () => {
    let verdict: CheckVerdict = { state: 'ok' };
    const { t, scheduler, changed, settle } = setUp(() => Promise.resolve(verdict));
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(changed).toEqual([]);
    t.checks.clear();
    verdict = { state: 'rejected', reason: '401' };
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(changed).toEqual([t]);
  });

  it('takes a failed check as "unknown" and asks again only after its TTL', async () => {
    const { t, scheduler, asked, settle, later } = setUp(() =>
      Promise.reject(new Error('connect ECONNREFUSED')),
    );
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(scheduler.verdict(t, KEY)).toEqual({ state: 'unknown' });
    later(UNKNOWN_TTL_MS);
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(asked).toHaveLength(1);
    later(1);
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(asked).toHaveLength(2);
  });

  it('asks nothing once the tracker stopped', async () => {
    const { t, scheduler, asked, settle } = setUp(() => Promise.resolve({ state: 'ok' }));
    t.stopped = true;
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(asked).toEqual([]);
  });
});
