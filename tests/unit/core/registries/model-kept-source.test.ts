/**
 * The source Secret of a registry kept by External Secrets (`<registry>-<kind>-<project>` in
 * pullkey-system) is marked as that registry's source, and never counts as a project copy.
 */
import { describe, expect, it } from 'vitest';
import type { NamespaceSummary } from '@core/api/contract';
import { keptSourceOf } from '@core/eso/kept-source';
import { keepPlan } from '@core/eso/manifests';
import { PULLKEY_PROJECT_LABEL } from '@core/kube/projects';
import { groupRegistries, type SecretLike } from '@core/registries/model';

const config = { auths: { 'r.io': { username: 'u', password: 'p', auth: 'dTpw' } } };

function sourceOf(project: { kind: 'pullkey' | 'rancher'; id: string }, registry = 'regcred') {
  const plan = keepPlan({
    project,
    registry,
    sourceNamespace: 'pullkey-system',
    refreshInterval: '5m',
    config,
  });
  const source = plan.objects.find(
    (each) => each.kind === 'Secret' && each.metadata.name === plan.source.name,
  );
  return { ...source!, metadata: { ...source!.metadata, uid: 'u1' } } as unknown as SecretLike;
}

describe('keptSourceOf', () => {
  it('reads the registry and the project back from a source PullKey wrote', () => {
    expect(keptSourceOf(sourceOf({ kind: 'pullkey', id: 'team1' }).metadata!)).toEqual({
      registry: 'regcred',
      project: { kind: 'pullkey', id: 'team1' },
    });
    expect(keptSourceOf(sourceOf({ kind: 'rancher', id: 'p-abc12' }).metadata!)).toEqual({
      registry: 'regcred',
      project: { kind: 'rancher', id: 'p-abc12' },
    });
  });

  it('reads the project from the store when the name was cut, and is null when neither says', () => {
    const long = sourceOf({ kind: 'pullkey', id: 'team1' }, 'r'.repeat(60));
    expect(keptSourceOf(long.metadata!)?.project).toEqual({ kind: 'pullkey', id: 'team1' });
    const metadata = { ...long.metadata!, labels: { ...long.metadata!.labels } };
    metadata.labels['pullkey.dev/in-cluster-store'] = 'elsewhere';
    expect(keptSourceOf(metadata)).toEqual({ registry: 'r'.repeat(60), project: null });
  });

  it('is null for any other secret, even one PullKey manages', () => {
    expect(
      keptSourceOf({ name: 'regcred', labels: { 'app.kubernetes.io/managed-by': 'pullkey' } }),
    ).toBeNull();
    expect(keptSourceOf({ name: 'x', labels: { 'pullkey.dev/registry': 'regcred' } })).toBeNull();
    expect(keptSourceOf({})).toBeNull();
  });
});

describe('groupRegistries and a kept registry source', () => {
  const namespaces = [
    { name: 'pullkey-system', projects: { rancher: null, pullkey: 'team1' } },
    { name: 'team1-dev', projects: { rancher: null, pullkey: 'team1' } },
  ] as unknown as NamespaceSummary[];

  it('marks the source group and keeps it out of the project even with a project label', () => {
    const source = sourceOf({ kind: 'pullkey', id: 'team1' });
    source.metadata!.labels = { ...source.metadata!.labels, [PULLKEY_PROJECT_LABEL]: 'team1' };
    const groups = groupRegistries([source], namespaces);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      name: 'regcred-pullkey-team1',
      scope: { kind: 'namespace', namespace: 'pullkey-system' },
      sync: null,
      keptSource: { registry: 'regcred', project: { kind: 'pullkey', id: 'team1' } },
    });
  });

  it('counts the namespaces it feeds: the copies of its project registry External Secrets keeps', () => {
    const source = sourceOf({ kind: 'pullkey', id: 'team1' });
    const copy = (namespace: string, byEso: boolean) =>
      ({
        ...sourceOf({ kind: 'pullkey', id: 'team1' }),
        metadata: {
          name: 'regcred',
          namespace,
          uid: `u-${namespace}`,
          labels: {
            'app.kubernetes.io/managed-by': 'pullkey',
            [PULLKEY_PROJECT_LABEL]: 'team1',
            ...(byEso ? { 'reconcile.external-secrets.io/managed': 'true' } : {}),
          },
          ...(byEso
            ? {
                ownerReferences: [
                  {
                    apiVersion: 'external-secrets.io/v1',
                    kind: 'ExternalSecret',
                    name: 'regcred',
                    uid: 'es',
                    controller: true,
                  },
                ],
              }
            : {}),
        },
      }) as SecretLike;
    const groups = groupRegistries(
      [source, copy('team1-dev', true), copy('team1-prod', true), copy('team1-old', false)],
      namespaces,
    );
    expect(groups.find((g) => g.keptSource)?.keptSource).toEqual({
      registry: 'regcred',
      project: { kind: 'pullkey', id: 'team1' },
      feeds: 2,
    });
    // Another project's same-named registry is not fed by this source.
    const other = groupRegistries([source], namespaces);
    expect(other[0]!.keptSource?.feeds).toBe(0);
  });

  it('leaves every other group without the mark', () => {
    const plain = {
      ...sourceOf({ kind: 'pullkey', id: 'team1' }),
      metadata: { name: 'regcred', namespace: 'team1-dev', uid: 'u2' },
    } as SecretLike;
    const [group] = groupRegistries([plain], namespaces);
    expect(group).not.toHaveProperty('keptSource');
  });
});
