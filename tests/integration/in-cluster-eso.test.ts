/**
 * Issue 22's product core on the real External Secrets Operator (cluster `alpha`), kubectl as the
 * checker: a 5-namespace project registry opted in → every namespace holds the secret owned by its
 * ExternalSecret; PullKey's core stopped, a namespace labelled into the project still gets its
 * copy; a password change writes only the source and every copy follows; a conflicting
 * same-named ExternalSecret shows its reason; ESO stopped → "not reconciling"; Back to laptop sync
 * keeps every copy with no dangling owner; `beta` (no ESO) → "missing" with the helm command.
 * ESO is always started again, and the namespaces are deleted while it runs (its finalizers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { InClusterView, KeptRegistry } from '../../electron/core/api/contract';
import { startEso, stopEso } from '../cluster/faults';
import { esoStoreServer } from '../kit/eso-store-server';
import { dockerRegistrySecretArgs, keptProjectCleanupArgs } from '../kit/manifests';
import { invoke, startCore } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { esoRunning, passwordIn, secretJsonIn, sleep, until } from './in-cluster-eso-kit';

const id = Date.now().toString(36);
const CONTEXT = 'alpha-admin';
const project = `esok-${id}`;
const sourceNamespace = `esok-src-${id}`;
const members = [1, 2, 3, 4, 5].map((n) => `esok-${id}-m${n}`);
const late = `esok-${id}-late`;
const clash = `esok-${id}-clash`;
const gone = `esok-${id}-gone`;
const registry = 'regcred';
const REFRESH = '5s';

const suite = clusterSuite({ context: CONTEXT, namespace: sourceNamespace });
const secretIn = (namespace: string, name = registry) => secretJsonIn(suite, namespace, name);
let core: Core | null = null;
const input = {
  context: CONTEXT,
  project: { kind: 'pullkey' as const, id: project },
  name: registry,
  sourceNamespace,
  refreshInterval: REFRESH,
};

const startInClusterCore = (): Promise<Core> =>
  startCore([suite.state.kubeconfig], false, {
    inClusterStoreServer: esoStoreServer(suite.state),
  });
const app = () => {
  if (!core) throw new Error('core not started');
  return core;
};

async function keptRow(): Promise<KeptRegistry | null> {
  const view: InClusterView = await invoke(app(), 'inCluster:open', { context: CONTEXT });
  return view.kept.find((k) => k.name === registry && k.project.id === project) ?? null;
}
const rowWhere = (what: string, ms: number, ok: (row: KeptRegistry) => boolean) =>
  until(what, ms, async () => {
    const row = await keptRow();
    return row && ok(row) ? row : null;
  });

beforeAll(async () => {
  if (!suite.state.eso) throw new Error('External Secrets Operator is not on the test cluster');
  core = await startInClusterCore();
  const basic = suite.state.registries.basic;
  const alice = basic.users[0]!;
  for (const ns of [...members, late, clash]) await suite.kubectl(['create', 'namespace', ns]);
  for (const ns of members)
    await suite.kubectl(['label', 'namespace', ns, `pullkey.dev/project=${project}`]);
  // Laptop copies (as PullKey writes them) in two of the five: ESO adopts them.
  for (const ns of members.slice(0, 2)) {
    await suite.kubectl(dockerRegistrySecretArgs(ns, registry, basic.host, alice));
    await suite.kubectl([
      'label',
      'secret',
      registry,
      '-n',
      ns,
      'app.kubernetes.io/managed-by=pullkey',
      `pullkey.dev/project=${project}`,
    ]);
  }
}, 120_000);

afterAll(async () => {
  if (!esoRunning()) await startEso().catch(() => undefined);
  await core?.close();
  // ESO must run: it removes its finalizers from the project's namespaces.
  for (const args of keptProjectCleanupArgs(project))
    await suite.kubectl(args).catch(() => undefined);
  await suite
    .kubectl([
      'delete',
      'namespace',
      sourceNamespace,
      ...members,
      late,
      clash,
      gone,
      '--ignore-not-found',
      '--wait=false',
    ])
    .catch(() => undefined);
}, 180_000);

describe('project registries kept by External Secrets (issue 22)', () => {
  it('capability: ready on alpha; beta has no ESO → missing, with the helm command', async () => {
    const alpha = await invoke(app(), 'inCluster:capability', {
      context: CONTEXT,
      sourceNamespace,
    });
    expect(alpha).toMatchObject({ engine: 'ready', offered: true, missing: [] });
    expect(alpha.versions).toContain('v1');
    const beta = await invoke(app(), 'inCluster:capability', { context: 'beta-admin' });
    expect(beta.engine).toBe('missing');
    expect(beta.offered).toBe(false);
    expect(beta.helmCommand).toContain('helm install external-secrets');
  });

  it('opt in (preview first) → every namespace has the secret owned by its ExternalSecret', async () => {
    const preview = await invoke(app(), 'inCluster:keep', { ...input, dryRun: true });
    expect(preview.written).toBe(false);
    expect(preview.adopted).toEqual(members.slice(0, 2));
    expect(preview.conflicts).toEqual([]);
    expect(preview.objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['Secret', 'ClusterSecretStore', 'ClusterExternalSecret']),
    );
    expect(preview.preview).not.toContain(suite.state.registries.basic.users[0]!.password);
    expect(await secretIn(sourceNamespace, preview.id)).toBeNull();

    const started = Date.now();
    const written = await invoke(app(), 'inCluster:keep', {
      ...input,
      resourceVersion: preview.resourceVersion ?? undefined,
    });
    expect(written.written).toBe(true);
    for (const ns of members) {
      const owned = await until(`the owned copy in ${ns}`, 60_000, async () => {
        const secret = await secretIn(ns);
        return secret?.metadata.ownerReferences?.some(
          (r) => r.kind === 'ExternalSecret' && r.controller,
        )
          ? secret
          : null;
      });
      expect(owned.value.type).toBe('kubernetes.io/dockerconfigjson');
      expect(owned.value.metadata.labels?.['pullkey.dev/project']).toBe(project);
    }
    console.log(`in-cluster-eso: opt-in → 5/5 owned copies ${Date.now() - started} ms`);
    const row = await rowWhere('the row says kept 5/5', 30_000, (r) => r.state === 'kept');
    expect(row.value).toMatchObject({ kept: 5, total: 5, refreshInterval: REFRESH });
    expect(row.value.summary).toBe('Kept by External Secrets — 5/5 namespaces');
    expect(row.value.store.ready).toBe(true);
    // The registries list: the source is "kept for External Secrets", feeding the 5 copies.
    const listed = await until('the source feeding 5 namespaces', 30_000, async () => {
      const list = await invoke(app(), 'registries:list', { context: CONTEXT, refresh: true });
      const found = list.groups.find((g) => g.name === preview.id);
      return found?.keptSource?.feeds === 5 ? found : null;
    });
    expect(listed.value.keptSource).toEqual({
      registry,
      project: { kind: 'pullkey', id: project },
      feeds: 5,
    });
    expect(listed.value.copies.map((c) => [c.namespace, c.owner])).toEqual([
      [sourceNamespace, null],
    ]);
  }, 150_000);

  it('a second keep previews every object as unchanged, and writing it changes none', async () => {
    const again = await invoke(app(), 'inCluster:keep', { ...input, dryRun: true });
    expect(again.objects.filter((o) => o.action !== 'unchanged')).toEqual([]);
    expect(again.objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['ServiceAccount', 'Role', 'RoleBinding', 'ClusterSecretStore']),
    );
    const versions = async () =>
      Promise.all(
        again.objects
          .filter((o) => o.kind !== 'Secret' || o.namespace === sourceNamespace)
          .map((o) =>
            suite.kubectl([
              'get',
              `${o.kind}${o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[0]}` : ''}`,
              o.name,
              ...(o.namespace ? ['-n', o.namespace] : []),
              '-o',
              // ESO writes status (new resourceVersions); PullKey's Apply time moves on a change.
              'jsonpath={.metadata.managedFields[?(@.manager=="pullkey")].time}',
            ]),
          ),
      );
    const before = await versions();
    // The source, ServiceAccount, Role, RoleBinding, store and CES: each has PullKey's Apply.
    expect(before.filter(Boolean).length).toBeGreaterThanOrEqual(6);
    const written = await invoke(app(), 'inCluster:keep', {
      ...input,
      resourceVersion: again.resourceVersion ?? undefined,
    });
    expect(written.written).toBe(true);
    expect(await versions()).toEqual(before);
  }, 60_000);

  it('with PullKey stopped, a namespace labelled into the project gets its copy', async () => {
    await app().close();
    core = null;
    await suite.kubectl(['label', 'namespace', late, `pullkey.dev/project=${project}`]);
    const copied = await until('the copy in the late namespace', 30_000, () => secretIn(late));
    console.log(`in-cluster-eso: label (PullKey stopped) → copy ${copied.ms} ms`);
    core = await startInClusterCore();
    await rowWhere('6/6 kept', 30_000, (r) => r.state === 'kept' && r.kept === 6);
  }, 90_000);

  it('a new password writes only the source; every copy follows within the refresh interval', async () => {
    const row = (await keptRow())!;
    const source = (await secretIn(row.source.namespace, row.source.name))!;
    const bob = suite.state.registries.basic.users[1]!;
    const before = new Map<string, string>();
    for (const ns of [...members, late])
      before.set(ns, (await secretIn(ns))!.metadata.resourceVersion);
    const report = await invoke(app(), 'registries:edit', {
      context: CONTEXT,
      operationId: `esok-${id}-edit`,
      copies: [
        {
          namespace: row.source.namespace,
          name: row.source.name,
          resourceVersion: source.metadata.resourceVersion,
        },
      ],
      entryKey: suite.state.registries.basic.host,
      host: suite.state.registries.basic.host,
      username: bob.username,
      password: bob.password,
    });
    expect(report.results.map((r) => [r.namespace, r.outcome])).toEqual([
      [row.source.namespace, 'updated'],
    ]);
    const started = Date.now();
    for (const ns of [...members, late]) {
      const copy = await until(`the new password in ${ns}`, 20_000, async () => {
        const secret = await secretIn(ns);
        return secret && passwordIn(secret) === bob.password ? secret : null;
      });
      // Written by ESO, never by PullKey.
      const updates = (copy.value.metadata.managedFields ?? []).filter(
        (f) => f.manager === 'pullkey' && f.operation === 'Update',
      );
      expect(updates).toEqual([]);
      expect(copy.value.metadata.resourceVersion).not.toBe(before.get(ns));
    }
    console.log(
      `in-cluster-eso: password change → 6/6 copies ${Date.now() - started} ms (refresh ${REFRESH})`,
    );
  }, 120_000);

  it('a conflicting same-named ExternalSecret shows its reason in the row', async () => {
    const row = (await keptRow())!;
    await suite.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: row.id, namespace: clash },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'ClusterSecretStore', name: row.store.name },
          target: { name: 'unrelated' },
          dataFrom: [{ extract: { key: row.source.name } }],
        },
      }),
    );
    await suite.kubectl(['label', 'namespace', clash, `pullkey.dev/project=${project}`]);
    const failing = await rowWhere(
      'the row names the conflict',
      30_000,
      (r) => r.state === 'failing' && r.failedNamespaces.some((f) => f.namespace === clash),
    );
    expect(failing.value.summary).toContain(clash);
    expect(failing.value.failedNamespaces.find((f) => f.namespace === clash)!.reason).toMatch(
      /already exists/,
    );
    await suite.kubectl(['label', 'namespace', clash, 'pullkey.dev/project-']);
    await suite.kubectl(['delete', 'externalsecret', row.id, '-n', clash, '--wait=true']);
    await rowWhere('kept again', 30_000, (r) => r.state === 'kept');
  }, 90_000);

  it('ESO stopped: Sync now is not answered → "not reconciling"; a deleted namespace is stuck', async () => {
    await suite.kubectl(['create', 'namespace', gone]);
    await suite.kubectl(['label', 'namespace', gone, `pullkey.dev/project=${project}`]);
    await until(`the copy in ${gone}`, 30_000, () => secretIn(gone));
    await stopEso();
    try {
      // Deleted while ESO is away: Terminating on its ces-* finalizer, and the list says so.
      await suite.kubectl(['delete', 'namespace', gone, '--wait=false']);
      const stuck = await until('the namespace listed as stuck', 30_000, async () => {
        const list = await invoke(app(), 'namespaces:list', { context: CONTEXT, refresh: true });
        return list.namespaces.find((n) => n.name === gone)?.stuck ?? null;
      });
      expect(stuck.value.engine).toBe('external-secrets');
      expect(stuck.value.finalizers[0]).toMatch(/^externalsecrets\.external-secrets\.io\/ces-/);

      const row = (await keptRow())!;
      const sync = await invoke(app(), 'inCluster:sync-now', { context: CONTEXT, id: row.id });
      expect(Date.parse(sync.requestedAt)).toBeGreaterThan(0);
      const silent = await rowWhere(
        'not reconciling',
        50_000,
        (r) => r.state === 'not-reconciling',
      );
      expect(silent.value.summary).toMatch(/not reconciling/);
      console.log(`in-cluster-eso: ESO stopped → "not reconciling" after ${silent.ms} ms`);
    } finally {
      await startEso();
    }
    await until(`${gone} deleted once ESO runs`, 60_000, async () =>
      (await suite.kubectl(['get', 'namespace', gone, '--ignore-not-found', '-o', 'name'])) === ''
        ? true
        : null,
    );
    await rowWhere('kept again after ESO restarted', 60_000, (r) => r.state === 'kept');
  }, 120_000);

  it('back to laptop sync (preview first) keeps every copy, with no dangling owner', async () => {
    const row = (await keptRow())!;
    const preview = await invoke(app(), 'inCluster:to-laptop', {
      context: CONTEXT,
      id: row.id,
      dryRun: true,
    });
    expect(preview.objects.filter((o) => o.action === 'keep').map((o) => o.namespace)).toEqual(
      [...members, late].sort(),
    );
    expect(preview.objects.filter((o) => o.action === 'delete').map((o) => o.kind)).toEqual(
      expect.arrayContaining(['ClusterExternalSecret', 'Secret', 'ClusterSecretStore']),
    );
    const done = await invoke(app(), 'inCluster:to-laptop', {
      context: CONTEXT,
      id: row.id,
      resourceVersion: preview.resourceVersion ?? undefined,
    });
    expect(done.written).toBe(true);
    expect(
      await suite.kubectl([
        'get',
        'clusterexternalsecret',
        row.id,
        '--ignore-not-found',
        '-o',
        'name',
      ]),
    ).toBe('');
    await sleep(3_000); // the garbage collector would have removed owned copies by now
    for (const ns of [...members, late]) {
      const copy = await secretIn(ns);
      expect(copy, ns).not.toBeNull();
      expect(copy!.metadata.ownerReferences ?? []).toEqual([]);
      expect(copy!.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'pullkey',
        'pullkey.dev/project': project,
      });
      expect(copy!.metadata.labels?.['reconcile.external-secrets.io/managed']).toBeUndefined();
    }
    expect(await secretIn(sourceNamespace, row.source.name)).toBeNull();
  }, 120_000);

  it('kept again from the laptop copies, then Delete (previewed) removes the copies with it', async () => {
    const preview = await invoke(app(), 'inCluster:keep', { ...input, dryRun: true });
    expect(preview.conflicts).toEqual([]);
    expect(preview.adopted).toEqual([...members, late].sort());
    await invoke(app(), 'inCluster:keep', input);
    const row = await rowWhere('kept 6/6 again', 60_000, (r) => r.state === 'kept' && r.kept === 6);
    const deletion = await invoke(app(), 'inCluster:delete', {
      context: CONTEXT,
      id: row.value.id,
      dryRun: true,
    });
    expect(
      deletion.objects.filter((o) => o.kind === 'Secret' && o.action === 'delete').length,
    ).toBe(7); // the source and the six copies
    await invoke(app(), 'inCluster:delete', {
      context: CONTEXT,
      id: row.value.id,
      resourceVersion: deletion.resourceVersion ?? undefined,
    });
    for (const ns of [...members, late])
      await until(`the copy in ${ns} deleted`, 30_000, async () =>
        (await secretIn(ns)) === null ? true : null,
      );
    expect(
      await suite.kubectl([
        'get',
        'clustersecretstore',
        row.value.store.name,
        '--ignore-not-found',
      ]),
    ).toBe('');
  }, 150_000);
});
