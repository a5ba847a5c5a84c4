import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_SETTINGS, type CheckSettings } from '@core/pulls/checks/check-policy';
import { createCheckScheduler } from '@core/pulls/checks/check-scheduler';
import {
  podCredentialChecks,
  type CheckVerdict,
  type CredentialCheck,
} from '@core/pulls/checks/credential-checks';
import {
  credentialProbe,
  type CheckCredential,
  type CheckReach,
} from '@core/pulls/checks/credential-probe';
import { OK_TTL_MS, REJECTED_BACKOFF_MS, UNKNOWN_TTL_MS } from '@core/pulls/live/retry-rules';
import type { Tracker } from '@core/pulls/live/tracker';
import { b64, dockerConfigSecret, HOST, runningPod } from './check-fixtures';

const pullSecret = (
  name: string,
  auths: Record<string, string> = { [HOST]: 'alice:alice-pw' },
): V1Secret =>
  dockerConfigSecret(
    name,
    Object.fromEntries(Object.entries(auths).map(([host, login]) => [host, { auth: b64(login) }])),
  );
const pod = (name: string, image = `${HOST}/team/app:1.0`, secret = 'cred'): V1Pod =>
  runningPod(name, [secret], image);

function setUp(answer: CheckCredential) {
  let clock = 1_000;
  const secrets = new Map<string, V1Secret>([['cred', pullSecret('cred')]]);
  const asked: CredentialCheck[] = [];
  const reaches: CheckReach[] = [];
  const changed: Tracker[] = [];
  const tracker = (context: string, settings: Partial<CheckSettings> = {}) =>
    ({
      context,
      viewOpen: true,
      stopped: false,
      checkSettings: { ...DEFAULT_CHECK_SETTINGS, ...settings },
      checkLimit: pLimit(4),
    }) as unknown as Tracker;
  const scheduler = createCheckScheduler({
    now: () => clock,
    checkCredential: (check, reach) => {
      asked.push(check);
      reaches.push(reach);
      return answer(check, reach);
    },
    secretOf: (_t, _namespace, name) => secrets.get(name),
    changed: (t) => changed.push(t),
  });
  /** The check the fold looks up for a pod's first image and credential. */
  const checkOf = (item: V1Pod) =>
    podCredentialChecks(item, [secrets.get(item.spec!.imagePullSecrets![0]!.name!)!])[0]!
      .checks[0]!;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    t: tracker('alpha'),
    tracker,
    secrets,
    scheduler,
    asked,
    reaches,
    changed,
    checkOf,
    settle,
    later: (ms: number) => (clock += ms),
  };
}

describe('the laptop’s registry checks of running pods’ credentials', () => {
  it('run only while the Pulls view is open, once for pods sharing a credential', async () => {
    const { t, scheduler, asked, checkOf, settle } = setUp(() => Promise.resolve({ state: 'ok' }));
    t.viewOpen = false;
    scheduler.startChecks(t, [pod('a'), pod('b')]);
    await settle();
    expect(asked).toEqual([]);
    t.viewOpen = true;
    scheduler.startChecks(t, [pod('a'), pod('b')]);
    expect(scheduler.verdict(t, checkOf(pod('a')))).toBeUndefined(); // under way
    await settle();
    expect(asked).toHaveLength(1);
    expect(scheduler.verdict(t, checkOf(pod('b')))).toEqual({ state: 'ok' });
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(asked).toHaveLength(1);
  });

  it('makes one login for N repositories and secrets with the same stale password, then backs off', async () => {
    const { t, secrets, scheduler, asked, changed, checkOf, settle, later } = setUp(() =>
      Promise.resolve({ state: 'rejected', reason: '401: password rejected' }),
    );
    secrets.set('cred-copy', pullSecret('cred-copy'));
    const pods = [
      ...['a', 'b', 'c', 'd', 'e'].map((name) => pod(name, `${HOST}/team/${name}:1.0`)),
      pod('f', `${HOST}/team/f:1.0`, 'cred-copy'),
    ];
    scheduler.startChecks(t, pods);
    await settle();
    expect(asked).toHaveLength(1);
    // The one answer stands for every repository and secret with that credential.
    for (const item of pods)
      expect(scheduler.verdict(t, checkOf(item))).toMatchObject({ state: 'rejected' });
    expect(changed).toEqual([t]);
    // Not asked again before the back-off (5 min), then again after 5, then after 10 more.
    later(REJECTED_BACKOFF_MS - 1);
    scheduler.startChecks(t, pods);
    await settle();
    expect(asked).toHaveLength(1);
    later(1);
    scheduler.startChecks(t, pods);
    await settle();
    expect(asked).toHaveLength(2);
    later(2 * REJECTED_BACKOFF_MS - 1);
    scheduler.startChecks(t, pods);
    await settle();
    expect(asked).toHaveLength(2);
    // The rejection stays shown meanwhile, and a fixed password is asked at once.
    expect(scheduler.verdict(t, checkOf(pods[0]!))).toMatchObject({ state: 'rejected' });
    secrets.set('cred', pullSecret('cred', { [HOST]: 'alice:new-pw' }));
    scheduler.startChecks(t, pods);
    await settle();
    expect(asked.map((check) => check.password)).toEqual(['alice-pw', 'alice-pw', 'new-pw']);
  });

  it('shares one answer between contexts for a registry host, and folds every view showing it', async () => {
    const { t, tracker, scheduler, asked, changed, checkOf, settle } = setUp(() =>
      Promise.resolve({ state: 'rejected', reason: '401' }),
    );
    const beta = tracker('beta');
    scheduler.startChecks(t, [pod('a')]);
    scheduler.startChecks(beta, [pod('a')]);
    await settle();
    expect(asked).toHaveLength(1);
    expect(scheduler.verdict(beta, checkOf(pod('a')))).toMatchObject({ state: 'rejected' });
    expect(changed).toEqual([t, beta]);
  });

  it('keeps the answers of a context whose nodes share this computer to itself, and tells the check', async () => {
    const { t, tracker, scheduler, asked, reaches, checkOf, settle } = setUp(() =>
      Promise.resolve({ state: 'ok' }),
    );
    // Its checks may reach this computer's loopback through the name: the others' may not.
    const local = tracker('kind', { localRegistries: true });
    scheduler.startChecks(t, [pod('a')]);
    scheduler.startChecks(local, [pod('a')]);
    await settle();
    expect(asked).toHaveLength(2);
    expect(reaches).toEqual([{ localRegistries: false }, { localRegistries: true }]);
    expect(scheduler.verdict(local, checkOf(pod('a')))).toEqual({ state: 'ok' });
  });

  it('stops when the user turns the context’s checks off, even a check waiting its turn', async () => {
    const { t, scheduler, asked, checkOf, settle } = setUp(() =>
      Promise.resolve({ state: 'rejected', reason: '401' }),
    );
    const held: Array<() => void> = [];
    // Four checks of other credentials hold the context's four slots.
    for (let slot = 0; slot < 4; slot++)
      void t.checkLimit(() => new Promise<void>((done) => held.push(done)));
    await settle();
    expect(held).toHaveLength(4);
    scheduler.startChecks(t, [pod('a')]);
    t.checkSettings = { ...t.checkSettings, automatic: false };
    for (const done of held) done();
    await settle();
    await settle();
    expect(asked).toEqual([]);
    const state = scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(asked).toEqual([]);
    expect(state).toEqual({ automatic: false, localRegistries: false, notChecked: [] });
    expect(scheduler.verdict(t, checkOf(pod('a')))).toBeUndefined();
    // On again: asked.
    t.checkSettings = { ...t.checkSettings, automatic: true };
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(asked).toHaveLength(1);
  });

  it('never checks loopback or single-label hosts, and says why', async () => {
    const { t, secrets, scheduler, asked, settle } = setUp(() => Promise.resolve({ state: 'ok' }));
    // The kubelet gives "localhost/x" the Docker Hub login; a kind registry is localhost:5000.
    secrets.set(
      'local',
      pullSecret('local', {
        'https://index.docker.io/v1/': 'hubuser:HUB-PASSWORD',
        'localhost:5000': 'kind:kind-pw',
        'registry:5000': 'r:r-pw',
        '127.0.0.1:5001': 'x:x-pw',
      }),
    );
    const images = [
      'localhost/x:1',
      'localhost:5000/app:1',
      'registry:5000/app:1',
      '127.0.0.1:5001/app:1',
    ];
    const state = scheduler.startChecks(
      t,
      images.map((image, index) => pod(`p${index}`, image, 'local')),
    );
    await settle();
    expect(asked).toEqual([]);
    expect(state.notChecked).toEqual([
      {
        host: 'localhost',
        reason: 'not checked from this computer: localhost is the node’s own loopback'.replace(
          '’',
          "'",
        ),
      },
      {
        host: 'localhost:5000',
        reason: "not checked from this computer: localhost is the node's own loopback",
      },
      {
        host: 'registry:5000',
        reason:
          'not checked from this computer: registry is a single-label name the node resolves itself',
      },
      {
        host: '127.0.0.1:5001',
        reason: "not checked from this computer: 127.0.0.1 is the node's own loopback",
      },
    ]);
  });

  it('takes a failed check as "unknown" and asks again only after its TTL', async () => {
    const { t, scheduler, asked, checkOf, settle, later } = setUp(() =>
      Promise.reject(new Error('connect ECONNREFUSED')),
    );
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(scheduler.verdict(t, checkOf(pod('a')))).toMatchObject({ state: 'unknown' });
    later(UNKNOWN_TTL_MS);
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(asked).toHaveLength(1);
    later(1);
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(asked).toHaveLength(2);
  });

  it('keeps no closed tracker, though the answer its view used never changed', async () => {
    const { tracker, scheduler, asked, settle, later } = setUp(() =>
      Promise.resolve({ state: 'ok' }),
    );
    const stayingOpen = tracker('beta');
    scheduler.startChecks(stayingOpen, [pod('a')]);
    for (let round = 0; round < 50; round++) {
      // The Pulls view opens on a context ("ok" again, asked when due), then closes.
      const t = tracker('alpha');
      scheduler.startChecks(t, [pod('a')]);
      await settle();
      later(OK_TTL_MS + 1);
      t.stopped = true;
      scheduler.forget(t);
      // A fold that was under way when it closed starts no checks and is not kept either.
      scheduler.startChecks(t, [pod('a')]);
    }
    await settle();
    expect(scheduler.viewerCount()).toBe(1);
    expect(asked.length).toBeGreaterThan(1);
    scheduler.forget(stayingOpen);
    expect(scheduler.viewerCount()).toBe(0);
  });

  it('asks nothing once the tracker stopped', async () => {
    const { t, scheduler, asked, settle } = setUp(() => Promise.resolve({ state: 'ok' }));
    t.stopped = true;
    scheduler.startChecks(t, [pod('a')]);
    await settle();
    expect(asked).toEqual([]);
  });
});

describe('a listener on this computer’s loopback', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gets no cluster credential from the automatic checks (plain http, even when opted in)', async () => {
    const authorizations: string[] = [];
    let connections = 0;
    const server = http.createServer((req, res) => {
      if (req.headers.authorization) authorizations.push(req.headers.authorization);
      res.writeHead(401, { 'www-authenticate': 'Basic realm="local"' }).end();
    });
    server.on('connection', () => connections++);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `localhost:${(server.address() as AddressInfo).port}`;
    const probe = credentialProbe(() => Promise.resolve({}));
    const answers: CheckVerdict[] = [];
    const { tracker, secrets, scheduler, asked, settle } = setUp(async (check, reach) => {
      const verdict = await probe(check, reach);
      answers.push(verdict);
      return verdict;
    });
    secrets.set('local', pullSecret('local', { [host]: 'kind:KIND-PASSWORD' }));
    const pods = [pod('a', `${host}/app:1`, 'local')];
    // As the context comes: never asked, so not contacted at all.
    const state = scheduler.startChecks(tracker('alpha'), pods);
    await settle();
    expect(asked).toEqual([]);
    expect(state.notChecked.map((item) => item.host)).toEqual([host]);
    // The user says this context's nodes share this computer's loopback: https only.
    scheduler.startChecks(tracker('local', { localRegistries: true }), pods);
    await expect.poll(() => answers.length).toBe(1);
    expect(connections).toBeGreaterThan(0); // the https attempt
    expect(answers[0]).toMatchObject({
      state: 'unknown',
      reason: expect.stringMatching(/plain http/),
    });
    expect(authorizations).toEqual([]);
  });
});
