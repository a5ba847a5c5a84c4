/**
 * The Pull doctor and expired short-lived tokens (issue 21): a 401 with an expired ECR token says
 * "the ECR token in secret … expired at HH:MM"; a running workload whose token has expired is a
 * latent problem; a token still valid, an estimate, or another working credential is no verdict.
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { expiredTokensFor } from '@core/pulls/live/expired-tokens';
import { foldLatent } from '@core/pulls/live/fold';
import type { SecretLookup } from '@core/pulls/model/pod-secrets';
import { clockTime } from '@core/tokens/phrase';
import { ecrToken, googleToken } from '../../../../kit/tokens';
import { failingPod, failureOfPod } from '../failing-pod';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const IMAGE = `${ECR}/team/app:1.0`;
const expiredAt = new Date(Date.now() - 2 * 3600_000);

function pullSecret(name: string, host: string, username: string, password: string): V1Secret {
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  return {
    metadata: { name, namespace: 'team1-dev' },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(
        JSON.stringify({ auths: { [host]: { username, password, auth } } }),
      ).toString('base64'),
    },
  };
}
const expired = pullSecret('ecr', ECR, 'AWS', ecrToken(expiredAt));
const valid = pullSecret('ecr-new', ECR, 'AWS', ecrToken(Date.now() + 3600_000));
const lookup =
  (secrets: V1Secret[]): SecretLookup =>
  (_namespace, name) =>
    secrets.find((item) => item.metadata?.name === name);

function runningPod(name: string, secrets: string[]): V1Pod {
  return {
    metadata: { name, namespace: 'team1-dev' },
    spec: {
      imagePullSecrets: secrets.map((each) => ({ name: each })),
      containers: [{ name: 'app', image: IMAGE }],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          image: IMAGE,
          imageID: '',
          ready: true,
          restartCount: 0,
          state: { running: {} },
        },
      ],
    },
  };
}

describe('expired tokens in the Pull doctor', () => {
  it('a 401 on an expired ECR token says when it expired', () => {
    const failure = failureOfPod(
      failingPod({
        name: 'web',
        namespace: 'team1-dev',
        image: IMAGE,
        secrets: ['ecr'],
        message:
          'failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized',
      }),
      lookup([expired]),
    );
    expect(failure!.diagnosis.kind).toBe('credentials-rejected');
    expect(failure!.diagnosis.message).toContain(
      `the ECR token in secret "ecr" expired at ${clockTime(expiredAt.toISOString())}: refresh it (Registries → Refresh now)`,
    );
  });

  it('a running workload with an expired token is latent', () => {
    const latent = foldLatent({
      context: 'alpha',
      pods: [runningPod('web', ['ecr']), runningPod('fine', ['ecr-new'])],
      owners: new Map(),
      secret: lookup([expired, valid]),
    });
    expect(latent.map((item) => item.name)).toEqual(['web']);
    expect(latent[0]!.expiredTokens).toEqual([
      {
        secret: 'ecr',
        image: IMAGE,
        expiresAt: new Date(Math.floor(expiredAt.getTime() / 1000) * 1000).toISOString(),
        provider: 'Amazon ECR',
      },
    ]);
    expect(latent[0]!.message).toBe(
      `will fail when rescheduled: the ECR token in secret "ecr" expired at ${clockTime(expiredAt.toISOString())}; it runs only because the image is already on the node`,
    );
  });

  it('no verdict: another credential the kubelet also tries, an estimate, a valid token', () => {
    expect(expiredTokensFor(IMAGE, [expired, valid])).toEqual([]);
    expect(expiredTokensFor(IMAGE, [valid])).toEqual([]);
    const google = pullSecret('gcr', 'europe-docker.pkg.dev', 'oauth2accesstoken', googleToken());
    expect(expiredTokensFor('europe-docker.pkg.dev/p/r/app:1', [google])).toEqual([]);
    expect(expiredTokensFor('not a valid image!', [expired])).toEqual([]);
    expect(expiredTokensFor(IMAGE, [expired]).map((item) => item.secret)).toEqual(['ecr']);
  });
});
