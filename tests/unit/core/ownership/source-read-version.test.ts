/**
 * The owner reading asks for ExternalSecrets and stores in the version discovery says is served:
 * external-secrets.io/v1, else v1beta1 (ESO before 0.17), with the same answer.
 */
import { CustomObjectsApi } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { secretOwner } from '@core/ownership/owner';
import { createSourceReader } from '@core/ownership/source-read';
import { discoverySession } from '../kube/discovery-session';

const externalSecret = {
  metadata: { name: 'pull-merge', namespace: 'team1' },
  spec: {
    secretStoreRef: { kind: 'ClusterSecretStore', name: 'shared' },
    target: { name: 'regcred' },
    dataFrom: [{ extract: { key: 'registry-source' } }],
  },
};
const store = {
  kind: 'ClusterSecretStore',
  metadata: { name: 'shared' },
  spec: { provider: { kubernetes: { remoteNamespace: 'sources' } } },
};

/** A session serving `versions` of external-secrets.io; every custom-object request recorded. */
function cluster(versions: string[]) {
  const asked: string[] = [];
  const served = (version: string) => {
    if (!versions.includes(version)) return Promise.reject(new Error(`${version} not served`));
    return null;
  };
  const custom = {
    listNamespacedCustomObject: (a: { version: string; plural: string }) => {
      asked.push(`list ${a.plural} ${a.version}`);
      return served(a.version) ?? Promise.resolve({ items: [externalSecret] });
    },
    getNamespacedCustomObject: (a: { version: string; plural: string }) => {
      asked.push(`get ${a.plural} ${a.version}`);
      return served(a.version) ?? Promise.resolve(externalSecret);
    },
    getClusterCustomObject: (a: { version: string; plural: string }) => {
      asked.push(`get ${a.plural} ${a.version}`);
      return served(a.version) ?? Promise.resolve(store);
    },
  };
  const { session } = discoverySession(
    { 'external-secrets.io': versions },
    new Map([[CustomObjectsApi, custom]]),
  );
  return { session: Object.assign(session, { server: 'https://other.example' }), asked };
}

// A Merge copy (no owner reference): the ExternalSecret is listed, then read, then its store.
const owner = secretOwner({
  name: 'regcred',
  namespace: 'team1',
  labels: { 'reconcile.external-secrets.io/managed': 'true' },
  annotations: { 'reconcile.external-secrets.io/data-hash': 'ab12' },
})!;

describe('createSourceReader and the served External Secrets version', () => {
  it.each([
    [['v1', 'v1beta1'], 'v1'],
    [['v1beta1'], 'v1beta1'],
  ])('served %j → every read in %s, same answer', async (versions, expected) => {
    const { session, asked } = cluster(versions);
    const found = await createSourceReader(session).sourceOf(owner);
    expect(asked).toEqual([
      `list externalsecrets ${expected}`,
      `get externalsecrets ${expected}`,
      `get clustersecretstores ${expected}`,
    ]);
    expect(found.where).toContain('ExternalSecret team1/pull-merge');
  });
});
