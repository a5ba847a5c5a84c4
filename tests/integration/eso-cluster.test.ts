/**
 * The test cluster's External Secrets Operator (issue 22, "Test cluster: the real operator"), kubectl
 * as the checker: ESO runs on one cluster only; a ClusterSecretStore (Kubernetes provider, a
 * ServiceAccount that may only read the source namespace, limited to the project's namespaces) and
 * a ClusterExternalSecret copy a dockerconfigjson source into every namespace labelled into the
 * project; a changed source reaches the copy; with ESO stopped (faults.ts) nothing is copied, and
 * once it is started again the copy comes. Without ESO on the test cluster this file FAILS and says
 * why (cluster.json `esoUnavailable`).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startEso, stopEso } from '../cluster/faults';
import { clusterExternalSecret, dockerConfigSecret, esoStoreList } from '../cluster/eso-manifests';
import type { EsoInfo } from '../cluster/state';
import { esoTestCleanupArgs } from '../kit/manifests';
import { clusterSuite } from './cluster-suite';

const id = Date.now().toString(36);
const project = `eso-${id}`;
const label = { 'pullkey.dev/project': project };
const sourceNamespace = `eso-src-${id}`;
const [member, outsider, late] = ['member', 'outsider', 'late'].map((s) => `eso-${id}-${s}`) as [
  string,
  string,
  string,
];
const store = `eso-store-${id}`;
const ces = `eso-ces-${id}`;
const source = 'registry-source';
const target = 'registry-copy';

const suite = clusterSuite({ context: 'alpha-admin', namespace: sourceNamespace });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function eso(): EsoInfo {
  const { eso: info, esoUnavailable } = suite.state;
  if (!info)
    throw new Error(
      `External Secrets Operator is not on the test cluster: ${esoUnavailable ?? 'cluster.json has no "eso" (started by an older up.ts?)'}`,
    );
  return info;
}
const onEso = (args: string[], input?: string) => suite.kubectl(args, input, eso().context);

/** The copy's `.dockerconfigjson` (decoded), or null while it does not exist. */
async function copyIn(namespace: string): Promise<string | null> {
  const out = await onEso([
    'get',
    'secret',
    target,
    '-n',
    namespace,
    '--ignore-not-found',
    '-o',
    'jsonpath={.data.\\.dockerconfigjson}',
  ]);
  return out ? Buffer.from(out, 'base64').toString() : null;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>) {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== null) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

function sourceSecret(user: { username: string; password: string }) {
  const basic = suite.state.registries.basic;
  return dockerConfigSecret(sourceNamespace, source, basic.host, user);
}
const decoded = (secret: ReturnType<typeof sourceSecret>) =>
  Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString();

afterAll(async () => {
  if (!suite.state.eso) return;
  for (const args of esoTestCleanupArgs(ces, store, [sourceNamespace, member, outsider, late]))
    await onEso(args);
}, 120_000);

describe('External Secrets Operator on the test cluster', () => {
  it('runs on one cluster only: the other has no ESO CRDs', async () => {
    const info = eso();
    expect(info.version).toBe('v0.20.4');
    const other = info.cluster === 'alpha' ? 'beta' : 'alpha';
    const crds = (context: string) =>
      suite.kubectl(['get', 'crd', '-o', 'name'], undefined, context);
    expect(await crds(info.context)).toContain('clusterexternalsecrets.external-secrets.io');
    expect(await crds(`${other}-admin`)).not.toContain('external-secrets.io');
  });

  it('copies the source into a namespace labelled into the project, and follows a change', async () => {
    const info = suite.state.clusters[eso().cluster];
    const [alice, bob] = suite.state.registries.basic.users;
    if (!alice || !bob) throw new Error('registry basic has no users alice and bob');
    const list = esoStoreList({
      name: store,
      sourceNamespace,
      server: info.server,
      caPem: readFileSync(info.caFile, 'utf8'),
      namespaceLabels: label,
    });
    await onEso(['apply', '-f', '-'], JSON.stringify(list));
    const first = sourceSecret(alice);
    await onEso(['apply', '-f', '-'], JSON.stringify(first));
    // The store validates by asking the API server as its ServiceAccount (TokenRequest).
    await onEso(['wait', '--for=condition=Ready', `clustersecretstore/${store}`, '--timeout=60s']);
    await onEso(['create', 'namespace', member]);
    await onEso(['create', 'namespace', outsider]);
    await onEso(
      ['apply', '-f', '-'],
      JSON.stringify(
        clusterExternalSecret({
          name: ces,
          store,
          source,
          target,
          namespaceLabels: label,
          refreshInterval: '10s',
        }),
      ),
    );

    await onEso(['label', 'namespace', member, `pullkey.dev/project=${project}`]);
    const copied = await until('the copy in the labelled namespace', 30_000, () => copyIn(member));
    console.log(`eso-cluster: label → copy ${copied.ms} ms`);
    expect(copied.value).toBe(decoded(first));
    const copy = JSON.parse(await onEso(['get', 'secret', target, '-n', member, '-o', 'json'])) as {
      type: string;
      metadata: { ownerReferences?: { kind: string; controller?: boolean }[] };
    };
    expect(copy.type).toBe('kubernetes.io/dockerconfigjson');
    expect(copy.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'ExternalSecret', controller: true }),
    ]);
    expect(await copyIn(outsider)).toBeNull();

    const second = sourceSecret(bob);
    await onEso(['apply', '-f', '-'], JSON.stringify(second));
    const followed = await until('the changed source in the copy', 30_000, async () =>
      (await copyIn(member)) === decoded(second) ? true : null,
    );
    console.log(`eso-cluster: source change → copy ${followed.ms} ms (refreshInterval 10s)`);
  }, 120_000);

  it('copies nothing while ESO is stopped, and catches up once it runs again', async () => {
    eso();
    await onEso(['create', 'namespace', late]);
    await stopEso();
    try {
      await onEso(['label', 'namespace', late, `pullkey.dev/project=${project}`]);
      await sleep(3_000);
      expect(await copyIn(late)).toBeNull();
    } finally {
      const restarted = await startEso();
      console.log(`eso-cluster: ESO ready again in ${restarted.readyMs} ms`);
    }
    const copied = await until('the copy after ESO restarted', 30_000, () => copyIn(late));
    expect(copied.value).toContain(suite.state.registries.basic.host);
  }, 120_000);
});
