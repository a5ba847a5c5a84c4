import { describe, expect, it } from 'vitest';
import { copiedSecret, copyPreview, setImagePatch } from '@core/pulls/fixes/fix-plans';
import { attachWarning } from '@core/pulls/fixes/attach-registry-plan';
import { secretNameFor } from '@core/oci/hosts';

const deployment = {
  metadata: { resourceVersion: '41' },
  spec: {
    template: {
      spec: {
        initContainers: [{ name: 'migrate', image: 'r.example.com/m:1' }],
        containers: [
          { name: 'sidecar', image: 'r.example.com/s:1' },
          { name: 'app', image: 'r.example.com/app:9.9' },
        ],
      },
    },
  },
};

describe('set image: that container only, with the version the user saw', () => {
  it('tests the resourceVersion and the container name, then replaces its image only', () => {
    expect(setImagePatch('Deployment', deployment, 'app', 'r.example.com/app:1.0', '40')).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '40' },
      { op: 'test', path: '/spec/template/spec/containers/1/name', value: 'app' },
      {
        op: 'replace',
        path: '/spec/template/spec/containers/1/image',
        value: 'r.example.com/app:1.0',
      },
    ]);
  });

  it('finds init containers and CronJob templates; an unknown container is refused', () => {
    expect(setImagePatch('Deployment', deployment, 'migrate', 'x:2')[2]).toEqual({
      op: 'replace',
      path: '/spec/template/spec/initContainers/0/image',
      value: 'x:2',
    });
    const cron = {
      metadata: { resourceVersion: '7' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job' }] } } } } },
    };
    expect(setImagePatch('CronJob', cron, 'job', 'x:3')).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '7' },
      { op: 'test', path: '/spec/jobTemplate/spec/template/spec/containers/0/name', value: 'job' },
      {
        op: 'replace',
        path: '/spec/jobTemplate/spec/template/spec/containers/0/image',
        value: 'x:3',
      },
    ]);
    expect(() => setImagePatch('Deployment', deployment, 'nope', 'x:1')).toThrow(
      /no container named "nope"/,
    );
  });
});

describe('copy a missing pull secret', () => {
  const source = {
    metadata: {
      name: 'regcred',
      namespace: 'team1-qa',
      uid: 'u',
      resourceVersion: '5',
      labels: { a: 'b' },
    },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from('{"auths":{"r":{"auth":"CANARY"}}}').toString('base64'),
    },
  };

  it('holds only the entries given, in kubectl form; drops uid/resourceVersion; says where from', () => {
    const used = [
      { key: 'r', username: 'alice', password: 'CANARY', email: '', staleFields: false },
    ];
    const copy = copiedSecret(source, 'team1-dev', used);
    expect(copy.metadata).toEqual({
      name: 'regcred',
      namespace: 'team1-dev',
      labels: { 'app.kubernetes.io/managed-by': 'pullkey' },
      annotations: { 'pullkey.dev/copied-from': 'team1-qa/regcred' },
    });
    expect(copy.type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(Buffer.from(copy.data['.dockerconfigjson']!, 'base64').toString())).toEqual({
      auths: {
        r: {
          username: 'alice',
          password: 'CANARY',
          auth: Buffer.from('alice:CANARY').toString('base64'),
        },
      },
    });
    const preview = copyPreview(copy, [
      { key: 'r', username: 'alice', matches: true },
      { key: 'other.example', username: 'bob', matches: false },
    ]);
    expect(preview).toContain('pullkey.dev/copied-from: team1-qa/regcred');
    expect(preview).toContain(
      '# Copies 1 of 2 entries: only those the kubelet uses for the failing image; other.example (user bob) stays behind.',
    );
    expect(preview).not.toContain('CANARY');
    expect(preview).not.toContain(copy.data['.dockerconfigjson']);
  });

  it('refuses a secret that is not a pull secret', () => {
    expect(() => copiedSecret({ ...source, type: 'Opaque' }, 'team1-dev', [])).toThrow(
      /not a pull secret/,
    );
  });
});

describe('attach warning shown before writing', () => {
  const sources = {
    pod: 'p',
    serviceAccount: 'builder',
    imagePullSecrets: ['sa-cred'],
    origin: 'service-account' as const,
    serviceAccountSecrets: ['sa-cred'],
    missingSecrets: [],
    rejectedSecrets: [],
    tries: [],
    nodeIdentity: [],
  };

  it('warns that the ServiceAccount secrets stop applying (the patch comes from the back end)', () => {
    expect(attachWarning(sources)).toContain('sa-cred from ServiceAccount builder');
    expect(attachWarning({ ...sources, origin: 'own', imagePullSecrets: ['a'] })).toBeNull();
  });

  it('names a secret after the host', () => {
    expect(secretNameFor('Registry.Example.com:5000')).toBe('registry-example-com-5000');
  });
});
