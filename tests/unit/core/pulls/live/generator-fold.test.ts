/**
 * The live Pulls list and a failing in-cluster token generator (issue 21): a pod failing with 401
 * on an External Secrets copy fed (copy → its ExternalSecret → the ClusterSecretStore's
 * remoteNamespace + extract key → the ExternalSecret there with a generatorRef) by a generator
 * whose ExternalSecret is Ready=False gets the `token-generator-failing` kind and the generator's
 * sentence; a running workload on such a copy is latent ("pulls after HH:MM will fail"). The
 * links are followed in the informers' objects only (a pure lookup).
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  generatorLookup,
  type EsObject,
  type GeneratorLookup,
  type StoreObject,
} from '@core/eso-generators/behind';
import { foldFailing, foldLatent } from '@core/pulls/live/fold';
import type { SecretLookup } from '@core/pulls/model/pod-secrets';
import { clockTime } from '@core/tokens/phrase';
import { containerStatus } from '../../../../kit/pods';
import { ecrToken } from '../../../../kit/tokens';
import { failingPod } from '../failing-pod';

const HOST = 'localhost:5055';
const IMAGE = `${HOST}/public/hello:1.0`;
const soon = new Date(Math.floor((Date.now() + 20 * 60_000) / 1000) * 1000);
const past = new Date(Math.floor((Date.now() - 5 * 60_000) / 1000) * 1000);

function copy(expiresAt: Date, owner = 'ecr-pull'): V1Secret {
  const password = ecrToken(expiresAt);
  const auth = Buffer.from(`AWS:${password}`).toString('base64');
  return {
    metadata: {
      name: 'ecr-pull',
      namespace: 'team-a',
      labels: { 'reconcile.external-secrets.io/managed': 'true' },
      ownerReferences: [
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          name: owner,
          uid: 'u1',
          controller: true,
        },
      ],
    },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(
        JSON.stringify({ auths: { [HOST]: { username: 'AWS', password, auth } } }),
      ).toString('base64'),
    },
  };
}

/** The project fan-out's ExternalSecret in the member namespace (extracts the source). */
const copyEs: EsObject = {
  metadata: { name: 'ecr-pull', namespace: 'team-a' },
  spec: {
    secretStoreRef: { kind: 'ClusterSecretStore', name: 'project-store' },
    target: { name: 'ecr-pull' },
    dataFrom: [{ extract: { key: 'ecr-source' } }],
  },
  status: { conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }] },
};
const store: StoreObject = {
  metadata: { name: 'project-store' },
  spec: { provider: { kubernetes: { remoteNamespace: 'pullkey-system' } } },
};
function sourceEs(ready: 'True' | 'False'): EsObject {
  return {
    metadata: { name: 'ecr-source', namespace: 'pullkey-system' },
    spec: {
      target: { name: 'ecr-source' },
      dataFrom: [
        {
          sourceRef: { generatorRef: { kind: 'ECRAuthorizationToken', name: 'ecr-source-token' } },
        },
      ],
    },
    status: {
      conditions: [
        ready === 'False'
          ? {
              type: 'Ready',
              status: 'False',
              reason: 'SecretSyncedError',
              message:
                'error processing spec.dataFrom[0].sourceRef.generatorRef, err: unable to create aws session: secret "aws-key" not found',
            }
          : { type: 'Ready', status: 'True', reason: 'SecretSynced' },
      ],
    },
  };
}

const lookup =
  (secrets: V1Secret[]): SecretLookup =>
  (_namespace, name) =>
    secrets.find((item) => item.metadata?.name === name);

const unauthorized =
  'failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized';

function runningPod(name: string): V1Pod {
  return {
    metadata: { name, namespace: 'team-a' },
    spec: { imagePullSecrets: [{ name: 'ecr-pull' }], containers: [{ name: 'app', image: IMAGE }] },
    status: {
      phase: 'Running',
      containerStatuses: [containerStatus('app', IMAGE, { running: {} })],
    },
  };
}

/** Pod `web` failing with 401 on the copy whose token expired, folded with `generators`. */
function failingOnExpiredCopy(generators: GeneratorLookup | undefined) {
  const pod = failingPod({
    name: 'web',
    namespace: 'team-a',
    image: IMAGE,
    secrets: ['ecr-pull'],
    message: unauthorized,
  });
  const secret = lookup([copy(past)]);
  return foldFailing({ context: 'alpha', pods: [pod], owners: new Map(), secret, generators })[0];
}

/** Pod `api` running on the copy whose token expires soon, folded with `generators`. */
const latentOnCopy = (generators: GeneratorLookup | undefined) =>
  foldLatent({
    context: 'alpha',
    pods: [runningPod('api')],
    owners: new Map(),
    secret: lookup([copy(soon)]),
    generators,
  })[0];

const sentence =
  'the ECRAuthorizationToken generator "ecr-source-token" cannot make a new token: unable to create aws session: secret "aws-key" not found';

describe('a failing token generator in the live Pulls list', () => {
  const failing = generatorLookup({
    externalSecrets: [copyEs, sourceEs('False')],
    clusterStores: [store],
  });

  it('a 401 on the expired copy is the generator’s own diagnosis', () => {
    const failure = failingOnExpiredCopy(failing);
    expect(failure!.diagnosis.kind).toBe('token-generator-failing');
    expect(failure!.diagnosis.message).toMatch(
      new RegExp(
        `^${sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; the pull secret "ecr-pull" \\(an External Secrets copy of its token\\) keeps its last token, which expired at ${clockTime(past.toISOString())} \\(`,
      ),
    );
  });

  it('a running workload on a copy the failing generator feeds is latent until the expiry', () => {
    const latent = latentOnCopy(failing);
    expect(latent!.failingGenerators).toEqual([
      {
        image: IMAGE,
        secret: 'ecr-pull',
        generator: 'ECRAuthorizationToken "ecr-source-token"',
        externalSecret: 'pullkey-system/ecr-source',
        expiresAt: soon.toISOString(),
        sentence,
      },
    ]);
    expect(latent!.message).toBe(
      `will fail when rescheduled: the pull secret "ecr-pull" is an External Secrets copy and ${sentence}: pulls after ${clockTime(soon.toISOString())} will fail; it runs only because the image is already on the node`,
    );
  });

  it('says the generator’s own error from its Events once read (the Ready message until then)', () => {
    const fromEvents = generatorLookup(
      { externalSecrets: [copyEs, sourceEs('False')], clusterStores: [store] },
      (feeding) =>
        feeding.metadata?.name === 'ecr-source'
          ? 'error using generator: unable to create aws session: could not fetch SecretAccessKey secret'
          : null,
    );
    const latent = latentOnCopy(fromEvents);
    expect(latent!.failingGenerators?.[0]?.sentence).toBe(
      'the ECRAuthorizationToken generator "ecr-source-token" cannot make a new token: error using generator: unable to create aws session: could not fetch SecretAccessKey secret',
    );
  });

  it('no generator diagnosis: a Ready generator, another store, not an ESO copy, ESO not known', () => {
    const ready = generatorLookup({
      externalSecrets: [copyEs, sourceEs('True')],
      clusterStores: [store],
    });
    const noStore = generatorLookup({
      externalSecrets: [copyEs, sourceEs('False')],
      clusterStores: [],
    });
    for (const generators of [ready, noStore, undefined])
      expect(latentOnCopy(generators)).toBeUndefined();
    expect(failing(copy(soon, 'another-es'))).toBeNull();
    // Without the lookup a 401 on an expired token stays the kubelet's kind, with its expiry.
    const failure = failingOnExpiredCopy(undefined);
    expect(failure!.diagnosis.kind).toBe('credentials-rejected');
    expect(failure!.diagnosis.message).toContain('expired at');
  });
});
