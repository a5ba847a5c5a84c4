import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  credentialKey,
  podCredentialChecks,
  registryRejections,
  uniqueChecks,
  type CheckVerdict,
  type CredentialCheck,
} from '@core/pulls/checks/credential-checks';
import { foldLatent } from '@core/pulls/live/fold';
import { b64, dockerConfigSecret, HOST, runningPod } from './check-fixtures';

function secret(
  name: string,
  user: string,
  resourceVersion = '7',
  password = `${user}-pw`,
): V1Secret {
  return dockerConfigSecret(
    name,
    { [HOST]: { username: user, password, auth: b64(`${user}:${password}`) } },
    resourceVersion,
  );
}

const secrets = new Map([
  ['old', secret('old', 'alice')],
  ['spare', secret('spare', 'bob')],
]);
const lookup = (_: string, name: string) => secrets.get(name);
const found = (pod: V1Pod) =>
  (pod.spec?.imagePullSecrets ?? []).map((ref) => secrets.get(ref.name ?? '')!).filter(Boolean);

describe('latent "credentials now rejected": the laptop check of running pods', () => {
  it('checks each credential the kubelet would try, keyed by registry and credential', () => {
    const checks = podCredentialChecks(
      runningPod('a', ['old', 'spare']),
      found(runningPod('a', ['old', 'spare'])),
    );
    expect(checks).toHaveLength(1);
    expect(
      checks[0]!.checks.map((check) => [check.secret, check.repository, check.username]),
    ).toEqual([
      ['old', 'team/app', 'alice'],
      ['spare', 'team/app', 'bob'],
    ]);
    expect(checks[0]!.checks[0]!.key).toBe(credentialKey(HOST, 'alice', 'alice-pw'));
    // The key names the registry and user; the password only through a keyed digest.
    expect(checks[0]!.checks[0]!.key).toMatch(new RegExp(`^${HOST}#alice#[\\w-]{22}$`));
    expect(checks[0]!.checks[0]!.key).not.toContain('alice-pw');
  });

  it('asks once per credential however many pods, secrets and repositories share it', () => {
    const pods = ['a', 'b', 'c'].map((name, index) =>
      runningPod(name, ['old'], `${HOST}/team/app-${index}:1.0`),
    );
    const copy = secret('old-copy', 'alice', '99');
    const asked = uniqueChecks([
      ...pods.map((pod) => ({ pod, found: found(pod) })),
      { pod: runningPod('d', ['old-copy']), found: [copy] },
    ]);
    expect(asked.map((check) => check.key)).toEqual([credentialKey(HOST, 'alice', 'alice-pw')]);
    // A changed password is another credential: asked on its own.
    const changed = secret('old', 'alice', '8', 'new-pw');
    const again = uniqueChecks([{ pod: pods[0]!, found: [changed] }]);
    expect(again.map((check) => check.key)).toEqual([credentialKey(HOST, 'alice', 'new-pw')]);
    expect(credentialKey(HOST, 'alice', 'new-pw')).not.toBe(asked[0]!.key);
  });

  it('is latent only when every credential the kubelet tries is rejected', () => {
    const pod = runningPod('a', ['old', 'spare']);
    const rejected: CheckVerdict = { state: 'rejected', reason: '401: password rejected' };
    const all = () => rejected;
    expect(registryRejections(pod, found(pod), all)).toEqual([
      { image: `${HOST}/team/app:1.0`, secret: 'old', reason: '401: password rejected' },
      { image: `${HOST}/team/app:1.0`, secret: 'spare', reason: '401: password rejected' },
    ]);
    const oneWorks = (check: CredentialCheck): CheckVerdict =>
      check.username === 'bob' ? { state: 'ok' } : rejected;
    expect(registryRejections(pod, found(pod), oneWorks)).toEqual([]);
    const notAsked = (check: CredentialCheck) => (check.username === 'bob' ? undefined : rejected);
    expect(registryRejections(pod, found(pod), notAsked)).toEqual([]);
  });

  it('applies a 403 (may not pull) to the repository checked only, a 401 to every one', () => {
    const other = runningPod('b', ['old'], `${HOST}/team/other:1.0`);
    const denied: CheckVerdict = { state: 'rejected', reason: '403', repository: 'team/app' };
    expect(registryRejections(other, found(other), () => denied)).toEqual([]);
    const pod = runningPod('a', ['old']);
    expect(registryRejections(pod, found(pod), () => denied)).toHaveLength(1);
    const password: CheckVerdict = { state: 'rejected', reason: '401' };
    expect(registryRejections(other, found(other), () => password)).toHaveLength(1);
  });

  it('lists the workload under latent problems, "will fail when rescheduled"', () => {
    const latent = foldLatent({
      context: 'alpha',
      pods: [runningPod('web-1', ['old'])],
      owners: new Map(),
      secret: lookup,
      registryVerdict: () => ({ state: 'rejected', reason: '401: password rejected' }),
    });
    expect(latent).toHaveLength(1);
    expect(latent[0]).toMatchObject({
      name: 'web-1',
      missingSecrets: [],
      rejectedSecrets: [],
      registryRejected: [{ secret: 'old', reason: '401: password rejected' }],
    });
    expect(latent[0]!.message).toMatch(
      /^will fail when rescheduled: the registry now rejects "old"/,
    );
    expect(latent[0]!.message).not.toContain('alice-pw');
    // Without an answer (or with the view closed) nothing is claimed.
    expect(
      foldLatent({
        context: 'alpha',
        pods: [runningPod('web-1', ['old'])],
        owners: new Map(),
        secret: lookup,
      }),
    ).toEqual([]);
  });
});
