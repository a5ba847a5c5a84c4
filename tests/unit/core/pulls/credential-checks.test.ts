import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  pendingChecks,
  podCredentialChecks,
  registryRejections,
  type CheckVerdict,
} from '@core/pulls/credential-checks';
import { foldLatent } from '@core/pulls/fold';

const HOST = 'registry.example.com:5000';
const b64 = (text: string) => Buffer.from(text).toString('base64');

function secret(name: string, user: string, resourceVersion = '7'): V1Secret {
  return {
    metadata: { name, namespace: 'team1-dev', resourceVersion },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': b64(
        JSON.stringify({
          auths: {
            [HOST]: { username: user, password: `${user}-pw`, auth: b64(`${user}:${user}-pw`) },
          },
        }),
      ),
    },
  };
}

function runningPod(name: string, secrets: string[], image = `${HOST}/team/app:1.0`): V1Pod {
  return {
    metadata: { name, namespace: 'team1-dev' },
    spec: {
      imagePullSecrets: secrets.map((item) => ({ name: item })),
      containers: [{ name: 'app', image }],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'app', image, imageID: '', ready: true, restartCount: 0, state: { running: {} } },
      ],
    },
  };
}

const secrets = new Map([
  ['old', secret('old', 'alice')],
  ['spare', secret('spare', 'bob')],
]);
const lookup = (_: string, name: string) => secrets.get(name);
const found = (pod: V1Pod) =>
  (pod.spec?.imagePullSecrets ?? []).map((ref) => secrets.get(ref.name ?? '')!).filter(Boolean);

describe('latent "credentials now rejected": the laptop check of running pods', () => {
  it('checks each credential the kubelet would try, keyed by secret version and repository', () => {
    const checks = podCredentialChecks(
      runningPod('a', ['old', 'spare']),
      found(runningPod('a', ['old', 'spare'])),
    );
    expect(checks).toHaveLength(1);
    expect(checks[0]!.checks.map((check) => [check.key, check.reference, check.username])).toEqual([
      [`team1-dev/old@7|${HOST}/team/app#alice`, '1.0', 'alice'],
      [`team1-dev/spare@7|${HOST}/team/app#bob`, '1.0', 'bob'],
    ]);
  });

  it('asks once per key however many pods share it, and not again once known', () => {
    const pods = ['a', 'b', 'c'].map((name) => runningPod(name, ['old']));
    const asked = pendingChecks(
      pods.map((pod) => ({ pod, found: found(pod) })),
      () => false,
    );
    expect(asked).toHaveLength(1);
    expect(
      pendingChecks(
        pods.map((pod) => ({ pod, found: found(pod) })),
        () => true,
      ),
    ).toEqual([]);
    // A new resourceVersion (the secret was edited) is a new key: asked again.
    const edited = secret('old', 'alice', '8');
    const again = pendingChecks(
      [{ pod: pods[0]!, found: [edited] }],
      (key) => key === asked[0]!.key,
    );
    expect(again.map((check) => check.key)).toEqual([`team1-dev/old@8|${HOST}/team/app#alice`]);
  });

  it('is latent only when every credential the kubelet tries is rejected', () => {
    const pod = runningPod('a', ['old', 'spare']);
    const rejected: CheckVerdict = { state: 'rejected', reason: '401: password rejected' };
    const all = () => rejected;
    expect(registryRejections(pod, found(pod), all)).toEqual([
      { image: `${HOST}/team/app:1.0`, secret: 'old', reason: '401: password rejected' },
      { image: `${HOST}/team/app:1.0`, secret: 'spare', reason: '401: password rejected' },
    ]);
    const oneWorks = (key: string): CheckVerdict =>
      key.includes('#bob') ? { state: 'ok' } : rejected;
    expect(registryRejections(pod, found(pod), oneWorks)).toEqual([]);
    const notAsked = (key: string) => (key.includes('#bob') ? undefined : rejected);
    expect(registryRejections(pod, found(pod), notAsked)).toEqual([]);
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
