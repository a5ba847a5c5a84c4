/** The objects PullKey writes for External Secrets: names, labels, the store's conditions. */
import { describe, expect, it } from 'vitest';
import { buildDockerConfig } from '@core/dockerconfig/dockerconfig';
import { keepPlan } from '@core/eso/manifests';
import { durationMs, keptName, storeName } from '@core/eso/names';

interface StoreShape {
  spec: {
    conditions: Array<{ namespaceSelector: { matchLabels: Record<string, string> } }>;
    provider: { kubernetes: { server?: unknown; remoteNamespace: string } };
  };
}
interface CesShape {
  metadata: { labels: Record<string, string> };
  spec: { namespaceSelectors: unknown; externalSecretSpec: unknown };
}

const config = buildDockerConfig('registry.example.com', { username: 'ci', password: 's3cret' });
const project = { kind: 'pullkey' as const, id: 'team1' };

describe('keepPlan', () => {
  const plan = keepPlan({
    project,
    registry: 'regcred',
    sourceNamespace: 'pullkey-system',
    refreshInterval: '5m',
    config,
  });
  const byKind = (kind: string) => plan.objects.find((o) => o.kind === kind)!;

  it('writes namespace, source, SA, Role, RoleBinding, store, CES in that order', () => {
    expect(plan.objects.map((o) => o.kind)).toEqual([
      'Namespace',
      'Secret',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'ClusterSecretStore',
      'ClusterExternalSecret',
    ]);
    expect(plan.id).toBe('regcred-pullkey-team1');
    expect(plan.store).toBe('pullkey-pullkey-team1');
  });

  it('the source is kubectl’s dockerconfigjson form, outside any project', () => {
    const source = byKind('Secret') as unknown as {
      type: string;
      data: Record<string, string>;
      metadata: { namespace: string; labels: Record<string, string> };
    };
    expect(source.type).toBe('kubernetes.io/dockerconfigjson');
    expect(source.metadata.namespace).toBe('pullkey-system');
    expect(source.metadata.labels['pullkey.dev/project']).toBeUndefined();
    expect(source.metadata.labels['app.kubernetes.io/managed-by']).toBe('pullkey');
    const decoded = JSON.parse(Buffer.from(source.data['.dockerconfigjson']!, 'base64').toString());
    expect(decoded.auths['registry.example.com'].auth).toBe(
      Buffer.from('ci:s3cret').toString('base64'),
    );
  });

  it('the Role may only get the project’s sources', () => {
    const role = byKind('Role') as unknown as { rules: Array<Record<string, string[]>> };
    expect(role.rules[0]).toEqual({
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['get'],
      resourceNames: ['regcred-pullkey-team1'],
    });
    const two = keepPlan({
      project,
      registry: 'mirror',
      sourceNamespace: 'pullkey-system',
      refreshInterval: '5m',
      config,
      otherSources: ['regcred-pullkey-team1'],
    });
    const role2 = two.objects.find((o) => o.kind === 'Role') as unknown as {
      rules: Array<Record<string, string[]>>;
    };
    expect(role2.rules[0]!.resourceNames).toEqual([
      'mirror-pullkey-team1',
      'regcred-pullkey-team1',
    ]);
  });

  it('the store is limited to the project and has no server without the test override', () => {
    const store = byKind('ClusterSecretStore') as unknown as StoreShape;
    expect(store.spec.conditions).toEqual([
      { namespaceSelector: { matchLabels: { 'pullkey.dev/project': 'team1' } } },
    ]);
    expect(store.spec.provider.kubernetes.server).toBeUndefined();
    expect(store.spec.provider.kubernetes.remoteNamespace).toBe('pullkey-system');
    const withServer = keepPlan({
      project: { kind: 'rancher', id: 'p-abc12' },
      registry: 'regcred',
      sourceNamespace: 'pullkey-system',
      refreshInterval: '10s',
      config,
      server: { url: 'https://127.0.0.1:6443', caPem: 'PEM' },
    });
    const s2 = withServer.objects.find(
      (o) => o.kind === 'ClusterSecretStore',
    ) as unknown as StoreShape;
    expect(s2.spec.provider.kubernetes.server).toEqual({
      url: 'https://127.0.0.1:6443',
      caBundle: Buffer.from('PEM').toString('base64'),
    });
    expect(s2.spec.conditions[0]?.namespaceSelector.matchLabels).toEqual({
      'field.cattle.io/projectId': 'p-abc12',
    });
  });

  it('the CES fans out an owned dockerconfigjson copy named after the registry', () => {
    const ces = byKind('ClusterExternalSecret') as unknown as CesShape;
    expect(ces.spec.namespaceSelectors).toEqual([
      { matchLabels: { 'pullkey.dev/project': 'team1' } },
    ]);
    expect(ces.spec.externalSecretSpec).toMatchObject({
      refreshInterval: '5m',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'pullkey-pullkey-team1' },
      target: {
        name: 'regcred',
        creationPolicy: 'Owner',
        template: { type: 'kubernetes.io/dockerconfigjson' },
      },
      dataFrom: [{ extract: { key: 'regcred-pullkey-team1' } }],
    });
    expect(ces.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'pullkey',
      'pullkey.dev/registry': 'regcred',
    });
    for (const object of plan.objects.slice(1))
      expect(object.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('pullkey');
  });
});

describe('names', () => {
  it('keeps the CES name short enough for ESO’s namespace finalizer', () => {
    const long = keptName({ kind: 'pullkey', id: 'a'.repeat(63) }, 'b'.repeat(200));
    expect(long.length).toBeLessThanOrEqual(59);
    expect(`ces-${long}`.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(keptName({ kind: 'pullkey', id: 'a'.repeat(63) }, 'c'.repeat(200))).not.toBe(long);
    expect(storeName({ kind: 'rancher', id: 'p-X1' })).toBe('pullkey-rancher-p-x1');
  });

  it('reads Go durations', () => {
    expect(durationMs('5m')).toBe(300_000);
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('10s')).toBe(10_000);
    expect(durationMs('500ms')).toBe(500);
    expect(durationMs('5 m')).toBeNull();
    expect(durationMs('')).toBeNull();
  });
});
