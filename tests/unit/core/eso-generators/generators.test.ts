/** ESO v0.20 generator objects for each provider and auth (field names of apis/generators/v1alpha1). */
import { describe, expect, it } from 'vitest';
import { generatorManifest, type TokenSource } from '@core/eso-generators/generators';
import { gcrWorkloadIdentity } from '../../../fixtures/token-sources';

const labels = { 'app.kubernetes.io/managed-by': 'pullkey' };
const spec = (source: TokenSource) => generatorManifest('g', 'pullkey-system', source).spec;

describe('generatorManifest', () => {
  it('ECRAuthorizationToken with IRSA: jwt.serviceAccountRef, the role only when given', () => {
    const g = generatorManifest('ecr-token', 'pullkey-system', {
      provider: 'ecr',
      region: 'eu-west-1',
      auth: { kind: 'irsa', serviceAccount: 'ecr-puller' },
    });
    expect(g).toEqual({
      apiVersion: 'generators.external-secrets.io/v1alpha1',
      kind: 'ECRAuthorizationToken',
      metadata: { name: 'ecr-token', namespace: 'pullkey-system', labels },
      spec: { region: 'eu-west-1', auth: { jwt: { serviceAccountRef: { name: 'ecr-puller' } } } },
    });
    expect(
      spec({
        provider: 'ecr',
        region: 'eu-west-1',
        role: 'arn:aws:iam::1:role/r',
        auth: { kind: 'irsa', serviceAccount: 's' },
      }),
    ).toMatchObject({ role: 'arn:aws:iam::1:role/r' });
  });

  it('ECRAuthorizationToken with an access key secret (and an optional session token)', () => {
    const k = (key: string) => ({ name: 'aws-key', key });
    expect(
      spec({
        provider: 'ecr',
        region: 'us-east-1',
        auth: { kind: 'access-key', accessKeyId: k('id'), secretAccessKey: k('secret') },
      }),
    ).toEqual({
      region: 'us-east-1',
      auth: {
        secretRef: {
          accessKeyIDSecretRef: { name: 'aws-key', key: 'id' },
          secretAccessKeySecretRef: { name: 'aws-key', key: 'secret' },
        },
      },
    });
    expect(
      spec({
        provider: 'ecr',
        region: 'us-east-1',
        auth: {
          kind: 'access-key',
          accessKeyId: k('id'),
          secretAccessKey: k('secret'),
          sessionToken: k('st'),
        },
      }),
    ).toMatchObject({
      auth: { secretRef: { sessionTokenSecretRef: { name: 'aws-key', key: 'st' } } },
    });
  });

  it('GCRAccessToken with workload identity or a service-account key', () => {
    const g = generatorManifest('gcr', 'ns', gcrWorkloadIdentity);
    expect(g.kind).toBe('GCRAccessToken');
    expect(g.spec).toEqual({
      projectID: 'my-project',
      auth: {
        workloadIdentity: {
          serviceAccountRef: { name: 'puller' },
          clusterLocation: 'europe-west1',
          clusterName: 'prod',
        },
      },
    });
    expect(
      spec({
        provider: 'gcr',
        projectId: 'p',
        auth: { kind: 'service-account-key', key: { name: 'gcp', key: 'key.json' } },
      }),
    ).toEqual({
      projectID: 'p',
      auth: { secretRef: { secretAccessKeySecretRef: { name: 'gcp', key: 'key.json' } } },
    });
  });

  it('ACRAccessToken with workload identity, managed identity or a service principal', () => {
    const base = { provider: 'acr' as const, registry: 'example.azurecr.io' };
    expect(
      generatorManifest('acr', 'ns', {
        ...base,
        auth: { kind: 'workload-identity', serviceAccount: 'sa' },
      }),
    ).toMatchObject({
      kind: 'ACRAccessToken',
      spec: {
        registry: 'example.azurecr.io',
        auth: { workloadIdentity: { serviceAccountRef: { name: 'sa' } } },
      },
    });
    expect(spec({ ...base, auth: { kind: 'managed-identity' } })).toEqual({
      registry: 'example.azurecr.io',
      auth: { managedIdentity: {} },
    });
    expect(
      spec({ ...base, tenantId: 't', auth: { kind: 'managed-identity', identityId: 'id-1' } }),
    ).toEqual({
      registry: 'example.azurecr.io',
      tenantId: 't',
      auth: { managedIdentity: { identityId: 'id-1' } },
    });
    expect(
      spec({
        ...base,
        auth: {
          kind: 'service-principal',
          clientId: { name: 'sp', key: 'id' },
          clientSecret: { name: 'sp', key: 'secret' },
        },
      }),
    ).toEqual({
      registry: 'example.azurecr.io',
      auth: {
        servicePrincipal: {
          secretRef: {
            clientId: { name: 'sp', key: 'id' },
            clientSecret: { name: 'sp', key: 'secret' },
          },
        },
      },
    });
  });
});
