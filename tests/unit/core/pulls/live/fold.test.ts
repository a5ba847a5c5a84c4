import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import type { PullFailure } from '@core/api/contract';
import { describe, expect, it } from 'vitest';
import { buildDetail, type DetailInput } from '@core/pulls/diagnosis/evidence';
import { maskCredentials } from '@core/diagnosis/mask-text';
import {
  diagnoseContainer,
  foldFailing,
  foldLatent,
  preparePod,
  reverifyNote,
} from '@core/pulls/live/fold';
import type { SecretLookup } from '@core/pulls/model/pod-secrets';
import { cloudOfProviderId, cloudRegistryOf } from '@core/pulls/diagnosis/node-identity';
import {
  isPullFailure,
  owningWorkload,
  pullFailures,
  type OwnerInfo,
} from '@core/pulls/live/pod-failures';
import { containerStatus } from '../../../../kit/pods';
import { failureOfPod } from '../failing-pod';

const HOST = 'registry.example.com:5000';

function secret(name: string, config: unknown, raw?: string): V1Secret {
  return {
    metadata: { name, namespace: 'team1-dev' },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(raw ?? JSON.stringify(config)).toString('base64') },
  };
}

const good = secret('regcred', {
  auths: {
    [HOST]: {
      username: 'alice',
      password: 'CANARY-pw-123',
      auth: Buffer.from('alice:CANARY-pw-123').toString('base64'),
    },
  },
});
const undecodable = secret('broken', null, '{"auths":{"x":{"auth":"%%%"}}}');

interface PodOptions {
  name: string;
  owner?: { kind: string; name: string; uid: string };
  waiting?: { reason: string; message?: string };
  initWaiting?: { reason: string; message?: string };
  running?: boolean;
  secrets?: string[];
  image?: string;
  serviceAccount?: string;
}

function pod(options: PodOptions): V1Pod {
  const image = options.image ?? `${HOST}/team/app:1.0`;
  return {
    metadata: {
      name: options.name,
      namespace: 'team1-dev',
      creationTimestamp: new Date('2026-11-28T05:00:00Z'),
      ownerReferences: options.owner
        ? [{ apiVersion: 'apps/v1', ...options.owner, controller: true }]
        : undefined,
    },
    spec: {
      serviceAccountName: options.serviceAccount,
      imagePullSecrets: options.secrets?.map((name) => ({ name })),
      initContainers: options.initWaiting ? [{ name: 'init', image: 'busybox:1' }] : undefined,
      containers: [{ name: 'app', image }],
    },
    status: {
      phase: options.running ? 'Running' : 'Pending',
      initContainerStatuses: options.initWaiting
        ? [containerStatus('init', 'busybox:1', { waiting: options.initWaiting })]
        : undefined,
      containerStatuses: [
        containerStatus(
          'app',
          image,
          options.running
            ? { running: { startedAt: new Date() } }
            : { waiting: options.waiting ?? { reason: 'ContainerCreating' } },
          !!options.running,
        ),
      ],
    },
  };
}

const lookup =
  (secrets: V1Secret[], missing: string[] = []): SecretLookup =>
  (_namespace, name) =>
    missing.includes(name) ? 'missing' : secrets.find((item) => item.metadata?.name === name);

const rs = { kind: 'ReplicaSet', name: 'web-5d8f', uid: 'rs-1' };
const owners = new Map<string, OwnerInfo>([
  ['rs-1', { controller: { kind: 'Deployment', name: 'web' } }],
  ['job-1', { controller: { kind: 'CronJob', name: 'nightly' } }],
]);
const unauthorized = {
  reason: 'ErrImagePull',
  message: `failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized`,
};

describe('pull failures of a pod', () => {
  it('takes the pull reasons and pull-related config errors only', () => {
    expect(isPullFailure('ErrImagePull', '')).toBe(true);
    expect(isPullFailure('ImagePullBackOff', '')).toBe(true);
    expect(isPullFailure('InvalidImageName', '')).toBe(true);
    expect(isPullFailure('ErrImageNeverPull', '')).toBe(true);
    expect(isPullFailure('ContainerCreating', '')).toBe(false);
    expect(isPullFailure('CreateContainerConfigError', 'configmap "settings" not found')).toBe(
      false,
    );
    expect(isPullFailure('CreateContainerConfigError', 'illegal base64 data at input byte 3')).toBe(
      true,
    );
    // The kubelet shows a pull secret's decoding error as the reason itself.
    expect(isPullFailure('unexpected end of JSON input', '')).toBe(true);
  });

  it('reports init containers and containers with their images', () => {
    const failures = pullFailures(
      pod({ name: 'p', initWaiting: { reason: 'ImagePullBackOff', message: 'Back-off' } }),
    );
    expect(failures).toEqual([
      {
        name: 'init',
        init: true,
        image: 'busybox:1',
        reason: 'ImagePullBackOff',
        message: 'Back-off',
      },
    ]);
  });
});

describe('a running pod', () => {
  it('whose restarted sidecar waits on its image is failing, though its containers run', () => {
    const withSidecar = pod({ name: 'web-1', owner: rs, running: true });
    withSidecar.spec!.initContainers = [
      { name: 'proxy', image: `${HOST}/team/proxy:2.0`, restartPolicy: 'Always' },
    ];
    withSidecar.status!.initContainerStatuses = [
      containerStatus('proxy', `${HOST}/team/proxy:2.0`, { waiting: unauthorized }),
    ];
    const failing = foldFailing({
      context: 'dev',
      pods: [withSidecar, pod({ name: 'web-2', owner: rs, running: true })],
      owners,
      secret: lookup([]),
    });
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({ kind: 'Deployment', name: 'web', pods: ['web-1'] });
    expect(failing[0]!.containers).toEqual([
      expect.objectContaining({ name: 'proxy', init: true, image: `${HOST}/team/proxy:2.0` }),
    ]);
  });
});

describe('a pod read ahead of its fold', () => {
  it('keeps the diagnosis of a pod that names no pull secret, and reads one that names some again', () => {
    const bare = pod({ name: 'bare', waiting: unauthorized });
    const named = pod({ name: 'named', waiting: unauthorized, secrets: ['regcred'] });
    preparePod(bare);
    preparePod(named);
    const fold = (secrets: V1Secret[]) =>
      foldFailing({ context: 'dev', pods: [bare, named], owners, secret: lookup(secrets) });
    const [first, again] = [fold([]), fold([good])];
    const byName = (list: PullFailure[], name: string) => list.find((item) => item.name === name)!;
    // The same reading, not made again; what a fold without it answers.
    expect(byName(again, 'bare').diagnosis).toBe(byName(first, 'bare').diagnosis);
    expect(byName(first, 'bare').diagnosis).toEqual(
      diagnoseContainer(bare, pullFailures(bare)[0]!, lookup([])),
    );
    // The secret it names came: its diagnosis follows.
    expect(byName(first, 'named').diagnosis).not.toEqual(byName(again, 'named').diagnosis);
    expect(byName(again, 'named').diagnosis.secrets).toEqual(['regcred']);
  });
});

describe('owning workload', () => {
  it('follows ReplicaSet → Deployment and Job → CronJob by ownerReference uid', () => {
    expect(owningWorkload(pod({ name: 'a', owner: rs }), owners)).toEqual({
      kind: 'Deployment',
      name: 'web',
    });
    expect(
      owningWorkload(
        pod({ name: 'b', owner: { kind: 'Job', name: 'nightly-1', uid: 'job-1' } }),
        owners,
      ),
    ).toEqual({ kind: 'CronJob', name: 'nightly' });
    expect(
      owningWorkload(
        pod({ name: 'c', owner: { kind: 'Job', name: 'once', uid: 'job-2' } }),
        owners,
      ),
    ).toEqual({ kind: 'Job', name: 'once' });
    expect(
      owningWorkload(
        pod({ name: 'd', owner: { kind: 'StatefulSet', name: 'db', uid: 's' } }),
        owners,
      ),
    ).toEqual({ kind: 'StatefulSet', name: 'db' });
    expect(owningWorkload(pod({ name: 'bare' }), owners)).toEqual({ kind: 'Pod', name: 'bare' });
    // A custom controller cannot be patched by PullKey: the pod is shown as itself.
    expect(
      owningWorkload(pod({ name: 'e', owner: { kind: 'Rollout', name: 'r', uid: 'x' } }), owners),
    ).toEqual({ kind: 'Pod', name: 'e' });
  });
});

describe('failing workloads', () => {
  it('groups the pods of one Deployment with one diagnosis', () => {
    const failing = foldFailing({
      context: 'alpha',
      pods: [
        pod({ name: 'web-5d8f-b', owner: rs, waiting: unauthorized }),
        pod({ name: 'web-5d8f-a', owner: rs, waiting: unauthorized }),
        pod({ name: 'ok', running: true }),
      ],
      owners,
      secret: lookup([]),
    });
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({
      id: 'alpha/team1-dev/Deployment/web',
      kind: 'Deployment',
      name: 'web',
      pods: ['web-5d8f-a', 'web-5d8f-b'],
      since: '2026-11-28T05:00:00.000Z',
      diagnosis: { kind: 'no-credentials', host: HOST },
    });
  });

  it('names the matching secret when the registry rejects it, and missing secrets', () => {
    const rejected = failureOfPod(
      pod({ name: 'p', waiting: unauthorized, secrets: ['regcred'] }),
      lookup([good]),
      owners,
    );
    expect(rejected!.diagnosis).toMatchObject({
      kind: 'credentials-rejected',
      secrets: ['regcred'],
    });
    const missing = failureOfPod(
      pod({ name: 'p', waiting: unauthorized, secrets: ['gone'] }),
      lookup([], ['gone']),
      owners,
    );
    expect(missing!.diagnosis.kind).toBe('no-credentials');
    expect(missing!.diagnosis.message).toContain('"gone", missing in namespace team1-dev');
  });

  it('never claims plainly "no credentials" for a cloud registry the node may reach', () => {
    const ecrImage = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1';
    const ecr = failureOfPod(
      pod({ name: 'p', image: ecrImage, waiting: unauthorized }),
      lookup([]),
      owners,
    );
    expect(ecr!.diagnosis.message).toContain('is ECR: the node may have its own credentials');
  });

  it('says the image name is invalid and the tag was not found', () => {
    const invalid = failureOfPod(
      pod({ name: 'p', image: 'Bad/Name', waiting: { reason: 'InvalidImageName' } }),
      lookup([]),
      owners,
    );
    expect(invalid!.diagnosis.message).toMatch(/^invalid image name "Bad\/Name"/);
    const notFound = failureOfPod(
      pod({
        name: 'p',
        waiting: { reason: 'ErrImagePull', message: `${HOST}/team/app:1.0: not found` },
      }),
      lookup([]),
      owners,
    );
    expect(notFound!.diagnosis).toMatchObject({ kind: 'not-found' });
  });
});

describe('latent problems', () => {
  it('lists running workloads whose pull secret is missing or undecodable', () => {
    const latent = foldLatent({
      context: 'alpha',
      pods: [
        pod({ name: 'web-5d8f-a', owner: rs, running: true, secrets: ['gone'] }),
        pod({ name: 'bare', running: true, secrets: ['broken'] }),
        pod({ name: 'fine', running: true, secrets: ['regcred'] }),
        pod({ name: 'pending', secrets: ['gone'] }),
      ],
      owners,
      secret: lookup([good, undecodable], ['gone']),
    });
    expect(latent.map((item) => [item.kind, item.name])).toEqual([
      ['Pod', 'bare'],
      ['Deployment', 'web'],
    ]);
    expect(latent[1]).toMatchObject({ missingSecrets: ['gone'] });
    expect(latent[1]!.message).toMatch(
      /^will fail when rescheduled: pull secret "gone" is missing/,
    );
    expect(latent[0]!.rejectedSecrets.map((item) => item.secret)).toEqual(['broken']);
  });

  it('says which server versions re-verify cached images', () => {
    expect(reverifyNote('v1.36.3')).toContain('this cluster (v1.36.3) re-verifies');
    expect(reverifyNote('v1.34.1')).toContain('has it off unless enabled');
    expect(reverifyNote('v1.30.0')).toContain('predates it');
    expect(reverifyNote(null)).toContain('server version unknown');
  });
});

describe('detail evidence and the diagnostics report', () => {
  const failingPod = pod({
    name: 'web-5d8f-a',
    owner: rs,
    waiting: unauthorized,
    secrets: ['regcred', 'gone'],
    serviceAccount: 'builder',
  });
  const failure = failureOfPod(failingPod, lookup([good], ['gone']), owners);
  /** The detail of Deployment web, no node or event read; `input` adds the rest. */
  const webDetail = (
    input: Pick<DetailInput, 'serviceAccount' | 'templateSecrets'> & Partial<DetailInput>,
  ) =>
    buildDetail({
      ref: { context: 'alpha', namespace: 'team1-dev', kind: 'Deployment', name: 'web' },
      failure: failure!,
      latent: null,
      pod: failingPod,
      nodes: [],
      events: [],
      secret: lookup([good], ['gone']),
      ...input,
    });

  it('names the ServiceAccount the pod uses, the origin of its secrets, what the kubelet tries', () => {
    const detail = webDetail({
      serviceAccount: {
        metadata: {
          name: 'builder',
          annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/pull' },
        },
        imagePullSecrets: [{ name: 'sa-cred' }],
      },
      nodes: [{ spec: { providerID: 'aws:///eu-west-1a/i-0abc' } }],
      templateSecrets: ['regcred', 'gone'],
    });
    expect(detail.sources).toMatchObject({
      serviceAccount: 'builder',
      origin: 'own',
      imagePullSecrets: ['regcred', 'gone'],
      serviceAccountSecrets: ['sa-cred'],
      missingSecrets: ['gone'],
      tries: [
        {
          image: `${HOST}/team/app:1.0`,
          credentials: [{ secret: 'regcred', key: HOST, username: 'alice' }],
        },
      ],
    });
    expect(detail.sources!.nodeIdentity.join('\n')).toContain('nodes run on AWS');
    expect(detail.sources!.nodeIdentity.join('\n')).toContain('eks.amazonaws.com/role-arn');
    expect(detail.report).toContain('# Image pull problem: Deployment team1-dev/web');
    expect(detail.report).toContain('ServiceAccount: builder');
    expect(detail.report).not.toContain('CANARY');
  });

  it('an empty template list means the secrets came from the ServiceAccount', () => {
    const detail = webDetail({ serviceAccount: null, templateSecrets: [] });
    expect(detail.sources!.origin).toBe('service-account');
  });

  it('masks credentials quoted in kubelet messages', () => {
    expect(maskCredentials('fetch https://bob:s3cret@reg.example.com/v2/ failed')).toBe(
      'fetch https://***:***@reg.example.com/v2/ failed',
    );
    expect(maskCredentials('Authorization: Bearer abc.def.ghi')).toBe('Authorization: Bearer ***');
    expect(maskCredentials('{"password":"hunter2"}')).not.toContain('hunter2');
  });

  it('recognises cloud registries and clouds', () => {
    expect(cloudRegistryOf('europe-docker.pkg.dev')).toBe('Artifact Registry');
    expect(cloudRegistryOf('myreg.azurecr.io')).toBe('ACR');
    expect(cloudRegistryOf('registry.example.com')).toBeNull();
    expect(cloudOfProviderId('gce://proj/zone/vm')).toBe('Google Cloud');
    expect(cloudOfProviderId(undefined)).toBeNull();
  });
});
