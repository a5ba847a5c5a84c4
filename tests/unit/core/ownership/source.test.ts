/**
 * Where an engine's copy comes from, and whether PullKey may change it instead ("Change the source
 * instead"): Reflector and Kyverno name their source secret on the copy; an External Secrets copy
 * needs its ExternalSecret and store (fields as in external-secrets apis/externalsecrets/v1/
 * externalsecret_types.go and secretstore_kubernetes_types.go). Near-misses name the source and
 * say why it is not written.
 */
import { describe, expect, it } from 'vitest';
import { secretOwner } from '@core/ownership/owner';
import {
  externalSecretSource,
  failingReady,
  markedSource,
  remoteKeyOf,
  storeRefOf,
  targetNameOf,
  writersOf,
  type ExternalSecretLike,
  type SecretStoreLike,
} from '@core/ownership/source';

const ownerOf = (meta: Parameters<typeof secretOwner>[0]) => secretOwner(meta)!;

describe('markedSource: what the copy itself says', () => {
  it('a Reflector copy: its source secret, writable', () => {
    const owner = ownerOf({
      name: 'regcred',
      namespace: 'team1',
      annotations: { 'reflector.v1.k8s.emberstack.com/reflects': 'shared/regcred' },
    });
    expect(markedSource(owner)).toEqual({
      secret: { namespace: 'shared', name: 'regcred' },
      where: 'Secret shared/regcred (Reflector source)',
      why: null,
    });
  });

  it('a Kyverno clone: the cloned secret, writable', () => {
    const owner = ownerOf({
      name: 'regcred',
      namespace: 'team1',
      labels: {
        'app.kubernetes.io/managed-by': 'kyverno',
        'generate.kyverno.io/policy-name': 'sync-regcred',
        'generate.kyverno.io/source-namespace': 'default',
        'generate.kyverno.io/source-name': 'regcred',
      },
    });
    expect(markedSource(owner)?.secret).toEqual({ namespace: 'default', name: 'regcred' });
  });

  it.each([
    [
      'a Kyverno generate with data (no clone source)',
      {
        labels: {
          'app.kubernetes.io/managed-by': 'kyverno',
          'generate.kyverno.io/policy-name': 'make-regcred',
        },
      },
      /policy's own data/,
    ],
    [
      'a Sealed Secrets copy',
      {
        ownerReferences: [
          { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', name: 'r', controller: true },
        ],
      },
      /kubeseal/,
    ],
    [
      'a Vault Secrets Operator copy',
      {
        ownerReferences: [
          { apiVersion: 'secrets.hashicorp.com/v1beta1', kind: 'VaultStaticSecret', name: 'r' },
        ],
      },
      /in Vault/,
    ],
    [
      'a Rancher project copy',
      {
        labels: { 'management.cattle.io/project-scoped-secret': 'p-abc' },
        annotations: { 'management.cattle.io/project-scoped-secret-copy': 'true' },
      },
      /management cluster/,
    ],
    [
      'a Helm-rendered secret',
      {
        labels: { 'app.kubernetes.io/managed-by': 'Helm' },
        annotations: { 'meta.helm.sh/release-name': 'app' },
      },
      /Git, chart values/,
    ],
  ])('%s: named, not writable', (_label, meta, why) => {
    const found = markedSource(ownerOf({ name: 'r', namespace: 'team1', ...meta }));
    expect(found?.secret).toBeNull();
    expect(found?.why).toMatch(why);
  });

  it('an External Secrets copy: needs its ExternalSecret read (null here)', () => {
    const owner = ownerOf({
      name: 'r',
      namespace: 'team1',
      ownerReferences: [
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          name: 'pull',
          controller: true,
        },
      ],
    });
    expect(markedSource(owner)).toBeNull();
    expect(owner.via).toEqual({ kind: 'ExternalSecret', namespace: 'team1', name: 'pull' });
  });
});

const es = (spec: ExternalSecretLike['spec'], status?: ExternalSecretLike['status']) => ({
  metadata: { name: 'pull', namespace: 'team1' },
  spec,
  ...(status ? { status } : {}),
});
const extract = (key: string) => ({ extract: { key } });
const kubeStore = (kubernetes: object): SecretStoreLike => ({
  kind: 'ClusterSecretStore',
  metadata: { name: 'shared' },
  spec: { provider: { kubernetes } },
});
const css = { kind: 'ClusterSecretStore', name: 'shared' };

describe('storeRefOf / remoteKeyOf', () => {
  it.each([
    [
      'kind defaults to SecretStore',
      { secretStoreRef: { name: 's' } },
      { kind: 'SecretStore', name: 's' },
    ],
    ['a ClusterSecretStore', { secretStoreRef: css }, css],
    ['no store named', {}, { why: 'it names no secretStoreRef.' }],
    [
      'a per-item sourceRef (another store or a generator)',
      {
        secretStoreRef: css,
        dataFrom: [{ sourceRef: { generatorRef: { kind: 'ECRAuthorizationToken' } } }],
      },
      { why: expect.stringMatching(/sourceRef/) },
    ],
  ])('%s', (_label, spec, expected) => {
    expect(storeRefOf(es(spec as ExternalSecretLike['spec']))).toEqual(expected);
  });

  it.each([
    ['dataFrom.extract of one secret', { dataFrom: [extract('registry')] }, { key: 'registry' }],
    [
      'data: the .dockerconfigjson property as it is',
      {
        data: [
          {
            secretKey: '.dockerconfigjson',
            remoteRef: { key: 'registry', property: '.dockerconfigjson' },
          },
        ],
      },
      { key: 'registry' },
    ],
    [
      'the same key twice',
      {
        dataFrom: [extract('registry')],
        data: [
          {
            secretKey: '.dockerconfigjson',
            remoteRef: { key: 'registry', property: '.dockerconfigjson' },
          },
        ],
      },
      { key: 'registry' },
    ],
  ])('one key: %s', (_label, spec, expected) => {
    expect(remoteKeyOf(es(spec as ExternalSecretLike['spec']))).toEqual(expected);
  });

  it.each([
    ['two remote keys', { dataFrom: [extract('a'), extract('b')] }, /several remote keys \(a, b\)/],
    ['dataFrom.find', { dataFrom: [{ find: { name: { regexp: 'reg.*' } } }] }, /dataFrom.find/],
    ['no key at all', {}, /no remote key/],
    [
      'a template builds the copy',
      {
        dataFrom: [extract('a')],
        target: { template: { data: { '.dockerconfigjson': '{{ .x }}' } } },
      },
      /template/,
    ],
    [
      'another property of the source',
      { data: [{ secretKey: '.dockerconfigjson', remoteRef: { key: 'a', property: 'password' } }] },
      /not the source's .dockerconfigjson/,
    ],
    [
      'extract of one property',
      { dataFrom: [{ extract: { key: 'a', property: 'x' } }] },
      /one property/,
    ],
  ])('near-miss: %s', (_label, spec, why) => {
    expect(remoteKeyOf(es(spec as ExternalSecretLike['spec']))).toEqual({
      why: expect.stringMatching(why),
    });
  });

  it('the template type alone (as PullKey and the ESO test write it) is no template data', () => {
    const spec = {
      dataFrom: [extract('a')],
      target: { template: { type: 'kubernetes.io/dockerconfigjson' } },
    };
    expect(remoteKeyOf(es(spec as ExternalSecretLike['spec']))).toEqual({ key: 'a' });
  });
});

describe('externalSecretSource', () => {
  const server = 'https://127.0.0.1:6443';
  const spec = { secretStoreRef: css, dataFrom: [extract('registry')] };

  it('a Kubernetes-provider store of this cluster: remoteNamespace + the key, writable', () => {
    const found = externalSecretSource(es(spec), kubeStore({ remoteNamespace: 'eso-src' }), server);
    expect(found.secret).toEqual({ namespace: 'eso-src', name: 'registry' });
    expect(found.why).toBeNull();
    expect(found.where).toBe(
      'Secret eso-src/registry (ExternalSecret team1/pull, ClusterSecretStore shared, Kubernetes provider)',
    );
  });

  it('remoteNamespace defaults to "default"; the same server spelled with a slash is this cluster', () => {
    const found = externalSecretSource(
      es(spec),
      kubeStore({ server: { url: `${server}/` } }),
      server,
    );
    expect(found.secret).toEqual({ namespace: 'default', name: 'registry' });
  });

  it('a SecretStore is named with its namespace', () => {
    const found = externalSecretSource(
      es({ secretStoreRef: { name: 'local' }, dataFrom: [extract('registry')] }),
      { ...kubeStore({ remoteNamespace: 'src' }), kind: 'SecretStore' },
      server,
    );
    expect(found.where).toContain('SecretStore team1/local');
  });

  it.each([
    [
      'another cluster',
      kubeStore({ server: { url: 'https://10.0.0.9:6443' } }),
      server,
      /another cluster/,
    ],
    [
      'a server PullKey cannot compare',
      kubeStore({ server: { url: 'https://x:6443' } }),
      null,
      /cannot tell/,
    ],
    [
      'a Vault store',
      { spec: { provider: { vault: { server: 'https://vault' } } } },
      server,
      /vault provider, outside this cluster/,
    ],
    [
      'an unreadable store (RBAC)',
      { unreadable: 'you may not read ClusterSecretStore shared (forbidden)' },
      server,
      /you may not read/,
    ],
  ])('near-miss: %s', (_label, store, cluster, why) => {
    const found = externalSecretSource(es(spec), store, cluster);
    expect(found.secret).toBeNull();
    expect(found.why).toMatch(why);
  });

  it('several keys on a Kubernetes store: named, not writable', () => {
    const found = externalSecretSource(
      es({ secretStoreRef: css, dataFrom: [extract('a'), extract('b')] }),
      kubeStore({}),
      server,
    );
    expect(found).toMatchObject({
      secret: null,
      why: expect.stringMatching(/several remote keys/),
    });
  });
});

describe('failingReady / targetNameOf', () => {
  it('Ready False is failing (reason and message); Ready True or no status is not', () => {
    const failing = {
      type: 'Ready',
      status: 'False',
      reason: 'SecretSyncedError',
      message: 'could not get secret data from provider',
    };
    expect(failingReady(es({}, { conditions: [failing] }))).toEqual(failing);
    expect(failingReady(es({}, { conditions: [{ type: 'Ready', status: 'True' }] }))).toBeNull();
    expect(failingReady(es({}))).toBeNull();
  });

  it('target.name, else the ExternalSecret name', () => {
    expect(targetNameOf(es({ target: { name: 'regcred' } }))).toBe('regcred');
    expect(targetNameOf(es({}))).toBe('pull');
  });

  it('writersOf: the ExternalSecrets of a namespace that write a secret (Merge / Orphan copies)', () => {
    const named = (name: string, spec: ExternalSecretLike['spec']) => ({
      ...es(spec),
      metadata: { name, namespace: 'team1' },
    });
    const all = [
      named('merge', { target: { name: 'regcred' } }),
      named('regcred', {}),
      named('other', { target: { name: 'other-secret' } }),
    ] as ExternalSecretLike[];
    expect(writersOf(all, 'regcred')).toEqual(['merge', 'regcred']);
    expect(writersOf(all.slice(0, 1), 'regcred')).toEqual(['merge']);
    expect(writersOf(all, 'other-secret')).toEqual(['other']);
    expect(writersOf(all, 'nobody')).toEqual([]);
  });
});
