/**
 * Secrets as each engine writes them (markers copied from the cited source, see
 * electron/core/ownership/markers.ts), and near-misses that must NOT count as owned.
 */
import { describe, expect, it } from 'vitest';
import { secretOwner, type OwnedMetadata } from '@core/ownership/owner';

const base = { name: 'pull', namespace: 'team1' };

type Row = [label: string, meta: OwnedMetadata, expected: Record<string, unknown> | null];

function table(rows: Row[]) {
  it.each(rows)('%s', (_label, meta, expected) => {
    const found = secretOwner({ ...base, ...meta });
    if (expected === null) expect(found).toBeNull();
    else expect(found).toMatchObject(expected);
  });
}

describe('External Secrets Operator (externalsecret_types.go, externalsecret_controller.go)', () => {
  table([
    [
      'creationPolicy Owner: controller reference, managed label, data hash',
      {
        labels: { 'reconcile.external-secrets.io/managed': 'true' },
        annotations: { 'reconcile.external-secrets.io/data-hash': '51ad0b' },
        ownerReferences: [
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            name: 'pull',
            controller: true,
          },
        ],
      },
      {
        engine: 'external-secrets',
        source: 'ExternalSecret team1/pull',
        badge: 'Kept by External Secrets (ExternalSecret team1/pull)',
        sourceWritable: false,
      },
    ],
    [
      'v1beta1 owner',
      {
        ownerReferences: [
          {
            apiVersion: 'external-secrets.io/v1beta1',
            kind: 'ExternalSecret',
            name: 'regcred',
            controller: true,
          },
        ],
      },
      { engine: 'external-secrets', source: 'ExternalSecret team1/regcred' },
    ],
    [
      'creationPolicy Merge/Orphan: the managed label only',
      { labels: { 'reconcile.external-secrets.io/managed': 'true' } },
      { engine: 'external-secrets', source: 'an ExternalSecret' },
    ],
    [
      'creationPolicy Merge as ESO v0.20.4 writes it: label + data hash, no owner → the copy to find its writer by',
      {
        labels: { 'reconcile.external-secrets.io/managed': 'true', team: 'a' },
        annotations: { 'reconcile.external-secrets.io/data-hash': '9f2c4e' },
      },
      { engine: 'external-secrets', target: { namespace: 'team1', name: 'pull' } },
    ],
    [
      'creationPolicy Orphan (created, then left without an owner): same shape',
      {
        labels: { 'reconcile.external-secrets.io/managed': 'true' },
        annotations: { 'reconcile.external-secrets.io/data-hash': '77aa01' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
      },
      { engine: 'external-secrets', target: { namespace: 'team1', name: 'pull' } },
    ],
    [
      'near-miss: managed label not "true"',
      { labels: { 'reconcile.external-secrets.io/managed': 'yes' } },
      null,
    ],
    [
      'near-miss: data-hash annotation alone (ESO always writes the label with it)',
      { annotations: { 'reconcile.external-secrets.io/data-hash': '51ad0b' } },
      null,
    ],
    [
      'near-miss: ExternalSecret reference that is not the controller',
      {
        ownerReferences: [
          { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', name: 'pull' },
        ],
      },
      null,
    ],
    [
      'near-miss: a kind named ExternalSecret in another group',
      {
        ownerReferences: [
          {
            apiVersion: 'kubernetes-client.io/v1',
            kind: 'ExternalSecret',
            name: 'pull',
            controller: false,
          },
        ],
      },
      null,
    ],
  ]);
});

describe('Rancher project-scoped secrets (project_scoped_secrets.go, secret.go)', () => {
  table([
    [
      '2.12+ copy: both annotations, project label copied from the source',
      {
        labels: { 'management.cattle.io/project-scoped-secret': 'p-abcde' },
        annotations: {
          'management.cattle.io/project-scoped-secret-copy': 'true',
          'secret.user.cattle.io/secret': 'true',
        },
      },
      {
        engine: 'rancher-project',
        badge: 'Rancher project secret copy',
        source: 'project secret pull of Rancher project p-abcde',
        sourceWritable: false,
      },
    ],
    [
      'legacy copy (before 2.12)',
      {
        annotations: {
          'secret.user.cattle.io/secret': 'true',
          'field.cattle.io/projectId': 'c-xyz:p-abcde',
        },
      },
      { engine: 'rancher-legacy', badge: 'Rancher project secret copy' },
    ],
    [
      'near-miss: the SOURCE in the project namespace (label, no copy annotation)',
      { labels: { 'management.cattle.io/project-scoped-secret': 'p-abcde' } },
      null,
    ],
    [
      'near-miss: copy annotation other than "true"',
      {
        labels: { 'management.cattle.io/project-scoped-secret': 'p-abcde' },
        annotations: { 'management.cattle.io/project-scoped-secret-copy': 'spuds' },
      },
      null,
    ],
    [
      'near-miss: field.cattle.io/projectId alone (any Rancher namespace)',
      { annotations: { 'field.cattle.io/projectId': 'c-xyz:p-abcde' } },
      null,
    ],
  ]);
});

describe('Reflector (Annotations.cs, ResourceMirror.cs)', () => {
  table([
    [
      'a reflection: reflects, auto-reflects, reflected-version, reflected-at',
      {
        annotations: {
          'reflector.v1.k8s.emberstack.com/reflects': 'registry/pull',
          'reflector.v1.k8s.emberstack.com/auto-reflects': 'False',
          'reflector.v1.k8s.emberstack.com/reflected-version': '1234',
          'reflector.v1.k8s.emberstack.com/reflected-at': '"2026-01-02T03:04:05+00:00"',
        },
      },
      {
        engine: 'reflector',
        badge: 'Copy of registry/pull (Reflector)',
        source: 'Reflector source registry/pull',
        sourceSecret: { namespace: 'registry', name: 'pull' },
        sourceWritable: true,
      },
    ],
    [
      'an automatic reflection',
      {
        annotations: {
          'reflector.v1.k8s.emberstack.com/reflects': 'registry/pull',
          'reflector.v1.k8s.emberstack.com/auto-reflects': 'True',
        },
      },
      { engine: 'reflector', sourceSecret: { namespace: 'registry', name: 'pull' } },
    ],
    [
      'near-miss: the SOURCE (reflection-allowed) is not a copy',
      {
        annotations: {
          'reflector.v1.k8s.emberstack.com/reflection-allowed': 'true',
          'reflector.v1.k8s.emberstack.com/reflection-auto-enabled': 'true',
        },
      },
      null,
    ],
    [
      'near-miss: reflects without a namespace',
      { annotations: { 'reflector.v1.k8s.emberstack.com/reflects': 'pull' } },
      null,
    ],
  ]);
});

describe('Kyverno generate (common/constants.go, common/labels.go)', () => {
  const generated = {
    'app.kubernetes.io/managed-by': 'kyverno',
    'generate.kyverno.io/policy-name': 'sync-pull-secret',
    'generate.kyverno.io/policy-namespace': '',
    'generate.kyverno.io/rule-name': 'clone',
    'generate.kyverno.io/trigger-kind': 'Namespace',
    'generate.kyverno.io/trigger-name': 'team1',
  };
  table([
    [
      'clone: source labels name the source secret',
      {
        labels: {
          ...generated,
          'generate.kyverno.io/source-name': 'pull',
          'generate.kyverno.io/source-namespace': 'registry',
          'generate.kyverno.io/source-kind': 'Secret',
        },
      },
      {
        engine: 'kyverno',
        badge: 'Copy of registry/pull (Kyverno)',
        sourceSecret: { namespace: 'registry', name: 'pull' },
        sourceWritable: true,
      },
    ],
    [
      'data: the policy holds the content',
      { labels: generated },
      { engine: 'kyverno', source: 'Kyverno policy sync-pull-secret', sourceWritable: false },
    ],
    [
      'near-miss: managed-by kyverno without a generate policy',
      { labels: { 'app.kubernetes.io/managed-by': 'kyverno' } },
      null,
    ],
    [
      'near-miss: policy-name label without managed-by kyverno',
      { labels: { 'generate.kyverno.io/policy-name': 'p' } },
      null,
    ],
  ]);
});

describe('Sealed Secrets (sealedsecret_expansion.go, types.go)', () => {
  table([
    [
      'unsealed: controller reference to the SealedSecret',
      {
        ownerReferences: [
          {
            apiVersion: 'bitnami.com/v1alpha1',
            kind: 'SealedSecret',
            name: 'pull',
            controller: true,
          },
        ],
      },
      { engine: 'sealed-secrets', source: 'SealedSecret team1/pull', sourceWritable: false },
    ],
    [
      'taken over: managed annotation',
      { annotations: { 'sealedsecrets.bitnami.com/managed': 'true' } },
      { engine: 'sealed-secrets', source: 'SealedSecret team1/pull' },
    ],
    [
      'near-miss: managed annotation "TRUE" (the controller compares case-sensitively)',
      { annotations: { 'sealedsecrets.bitnami.com/managed': 'TRUE' } },
      null,
    ],
  ]);
});

describe('Vault Secrets Operator (internal/helpers/secrets.go)', () => {
  const labels = {
    'app.kubernetes.io/component': 'secret-sync',
    'app.kubernetes.io/managed-by': 'hashicorp-vso',
    'app.kubernetes.io/name': 'vault-secrets-operator',
    'secrets.hashicorp.com/vso-ownerRefUID': '62ead748-9085-4aae-bd2e-9830f3bf07b8',
  };
  table([
    [
      'VaultStaticSecret: owner reference without controller, labels',
      {
        labels,
        ownerReferences: [
          {
            apiVersion: 'secrets.hashicorp.com/v1beta1',
            kind: 'VaultStaticSecret',
            name: 'vault-kv-app',
          },
        ],
      },
      {
        engine: 'vault-secrets-operator',
        source: 'VaultStaticSecret team1/vault-kv-app',
        sourceWritable: false,
      },
    ],
    [
      'VaultDynamicSecret',
      {
        ownerReferences: [
          { apiVersion: 'secrets.hashicorp.com/v1beta1', kind: 'VaultDynamicSecret', name: 'acr' },
        ],
      },
      { engine: 'vault-secrets-operator', source: 'VaultDynamicSecret team1/acr' },
    ],
    ['labels only', { labels }, { engine: 'vault-secrets-operator' }],
    [
      'near-miss: managed-by hashicorp-vso without the owner UID label',
      { labels: { 'app.kubernetes.io/managed-by': 'hashicorp-vso' } },
      null,
    ],
  ]);
});

describe('not owned', () => {
  table([
    ['a plain kubectl secret', {}, null],
    [
      "PullKey's own",
      { labels: { 'app.kubernetes.io/managed-by': 'pullkey', 'pullkey.dev/project': 'p' } },
      null,
    ],
    ['a user-set managed-by', { labels: { 'app.kubernetes.io/managed-by': 'helm-ish' } }, null],
  ]);
});
