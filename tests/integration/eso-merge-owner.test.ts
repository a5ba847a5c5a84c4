/**
 * Issue 20's owner reading of an External Secrets copy WITHOUT an owner reference, on the real
 * ESO (alpha), kubectl as the checker: a real ExternalSecret with creationPolicy Merge (its name
 * differs from its target's) merges a ClusterSecretStore source into an existing secret; ESO
 * writes only its managed label and data-hash annotation there. PullKey recognises the copy,
 * finds its ExternalSecret by spec.target.name in the namespace and names the source secret,
 * which "Change the source instead" may write; a second ExternalSecret writing the same secret
 * makes the writer ambiguous, and PullKey says so instead of guessing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerConfigSecret, esoStoreList } from '../cluster/eso-manifests';
import { invoke } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { externalSecret, until } from './change-source-kit';

const CONTEXT = 'alpha-admin';
const id = Date.now().toString(36);
const [sources, team] = ['src', 'team'].map((part) => `esomerge-${id}-${part}`) as [string, string];
const project = `esomerge-${id}`;
const store = `esomerge-store-${id}`;
const suite = clusterSuite({ context: CONTEXT, namespace: sources });
const basic = () => suite.state.registries.basic;
const apply = (object: object) => suite.kubectl(['apply', '-f', '-'], JSON.stringify(object));

/** An ExternalSecret named `name` merging the source into the existing secret `regcred`. */
const merging = (name: string) => {
  const es = externalSecret(store, { namespace: team, name }, 'regcred', 'registry-source');
  return {
    ...es,
    spec: { ...es.spec, target: { ...es.spec.target, creationPolicy: 'Merge' } },
  };
};

afterAll(async () => {
  await suite.kubectl(['delete', 'namespace', team, '--ignore-not-found', '--wait=true']);
  await suite.kubectl(['delete', 'clustersecretstore', store, '--ignore-not-found']);
  await suite.kubectl(['delete', 'namespace', sources, '--ignore-not-found']);
}, 120_000);

describe('an External Secrets copy of creationPolicy Merge (no owner reference)', () => {
  it('is recognised, its ExternalSecret found by target name, its source named', async () => {
    const state = suite.state;
    if (!state.eso) throw new Error('External Secrets Operator is not on the test cluster');
    const info = state.clusters[state.eso.cluster];
    const alice = basic().users[0]!;
    const bob = basic().users[1]!;
    await apply(
      esoStoreList({
        name: store,
        sourceNamespace: sources,
        server: info.server,
        caPem: readFileSync(info.caFile, 'utf8'),
        namespaceLabels: { 'pullkey.dev/project': project },
      }),
    );
    await apply(dockerConfigSecret(sources, 'registry-source', basic().host, alice));
    await suite.kubectl(['create', 'namespace', team]);
    await suite.kubectl(['label', 'namespace', team, `pullkey.dev/project=${project}`]);
    // Merge writes into an existing secret only: bob's, made with kubectl.
    await apply(dockerConfigSecret(team, 'regcred', basic().host, bob));
    await suite.kubectl([
      'wait',
      '--for=condition=Ready',
      `clustersecretstore/${store}`,
      '--timeout=60s',
    ]);
    await apply(merging('pull-merge'));
    const merged = await until('ESO merged the source into regcred', 30_000, async () => {
      const out = await suite.kubectl(['get', 'secret', 'regcred', '-n', team, '-o', 'json']);
      const secret = JSON.parse(out) as {
        data: Record<string, string>;
        metadata: {
          labels?: Record<string, string>;
          annotations?: Record<string, string>;
          ownerReferences?: unknown[];
        };
      };
      const config = Buffer.from(secret.data['.dockerconfigjson'] ?? '', 'base64').toString();
      return config.includes(`"username":"${alice.username}"`) ? secret : null;
    });
    // The shape ESO v0.20.4 writes for Merge: its label and hash, no owner reference.
    expect(merged.metadata.labels?.['reconcile.external-secrets.io/managed']).toBe('true');
    expect(merged.metadata.annotations?.['reconcile.external-secrets.io/data-hash']).toBeTruthy();
    expect(merged.metadata.ownerReferences ?? []).toEqual([]);

    const copy = await until('the copy listed with its owner', 30_000, async () => {
      const list = await invoke(suite.app, 'registries:list', { context: CONTEXT, refresh: true });
      const found = list.groups
        .flatMap((group) => group.copies)
        .find((each) => each.namespace === team && each.name === 'regcred');
      return found?.owner ? found : null;
    });
    expect(copy.owner).toMatchObject({
      engine: 'external-secrets',
      target: { namespace: team, name: 'regcred' },
    });
    expect(copy.owner).not.toHaveProperty('via');

    const source = await invoke(suite.app, 'registries:source', {
      context: CONTEXT,
      namespace: team,
      name: 'regcred',
    });
    expect(source.secret).toEqual({ namespace: sources, name: 'registry-source' });
    expect(source.where).toContain(`ClusterSecretStore ${store}, Kubernetes provider`);
    expect(source.why).toBeNull();
    expect(source.follows).toContainEqual({
      namespace: team,
      name: 'regcred',
      engineName: 'External Secrets',
    });
    expect(JSON.stringify(source)).not.toContain(alice.password);
  }, 120_000);

  it('a second ExternalSecret writing the same secret: ambiguous, said, not guessed', async () => {
    await apply(merging('pull-merge-2'));
    const source = await until('the source read again', 15_000, async () => {
      const read = await invoke(suite.app, 'registries:source', {
        context: CONTEXT,
        namespace: team,
        name: 'regcred',
      });
      return read.secret === null ? read : null;
    });
    expect(source.why).toContain(
      `2 ExternalSecrets of ${team} write regcred (pull-merge, pull-merge-2)`,
    );
  }, 60_000);
});
