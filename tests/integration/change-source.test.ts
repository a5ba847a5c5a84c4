/**
 * Issue 20, "Change the source instead", on the ESO test cluster with kubectl as the checker:
 * a Reflector-style copy (made with kubectl, as Reflector writes it) → only its source is written,
 * the copy's resourceVersion is untouched by PullKey; "Update password everywhere" targets the
 * source once and reports the copy "follows from source"; a copy kept by a REAL ExternalSecret
 * (Kubernetes-provider ClusterSecretStore) → edit refused, the source is written and ESO brings
 * the copy along; a failing ExternalSecret (remote key missing) → the Pull doctor quotes its Ready
 * reason. No answer carries a password.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerConfigSecret, esoStoreList } from '../cluster/eso-manifests';
import { getSecretArgs } from '../kit/kubectl';
import { deploymentManifest } from '../kit/manifests';
import { invoke, invokeRaw } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { pullsUntil } from './pulls-view';
import { externalSecret, reflectorCopy, until } from './change-source-kit';

const CONTEXT = 'alpha-admin';
const id = Date.now().toString(36);
const [sources, copies, esoNs, failingNs] = ['src', 'copies', 'eso', 'fail'].map(
  (part) => `chsrc-${id}-${part}`,
) as [string, string, string, string];
const label = { 'pullkey.dev/project': `chsrc-${id}` };
const store = `chsrc-store-${id}`;
const suite = clusterSuite({ context: CONTEXT, namespace: sources });
const basic = () => suite.state.registries.basic;
const user = (name: string) => basic().users.find((each) => each.username === name)!;
const passwords = () => basic().users.map((each) => each.password);
const noPassword = (value: unknown) => {
  for (const password of passwords()) expect(JSON.stringify(value)).not.toContain(password);
};

async function apply(object: object) {
  await suite.kubectl(['apply', '-f', '-'], JSON.stringify(object));
}
const versionOf = (namespace: string, name: string) =>
  suite.kubectl([
    'get',
    'secret',
    name,
    '-n',
    namespace,
    '-o=jsonpath={.metadata.resourceVersion}',
  ]);
async function configOf(namespace: string, name: string): Promise<string> {
  const out = await suite.kubectl(
    getSecretArgs(namespace, name, 'jsonpath={.data.\\.dockerconfigjson}'),
  );
  return out ? Buffer.from(out, 'base64').toString() : '';
}
/** Creates `namespace` as a member of this file's project (its pullkey.dev/project label). */
async function createProjectNamespace(namespace: string) {
  await suite.kubectl(['create', 'namespace', namespace]);
  await suite.kubectl([
    'label',
    'namespace',
    namespace,
    `pullkey.dev/project=${label['pullkey.dev/project']}`,
  ]);
}
/** Waits until the registries list shows the copy (the cache is live). */
const listed = (namespace: string, name: string) =>
  until(`${namespace}/${name} listed`, 30_000, async () => {
    const list = await invoke(suite.app, 'registries:list', { context: CONTEXT, refresh: true });
    return (
      list.groups
        .flatMap((group) => group.copies)
        .find((copy) => copy.namespace === namespace && copy.name === name) ?? null
    );
  });

afterAll(async () => {
  await suite.kubectl([
    'delete',
    'namespace',
    copies,
    esoNs,
    failingNs,
    '--ignore-not-found',
    '--wait=true',
  ]);
  await suite.kubectl(['delete', 'clustersecretstore', store, '--ignore-not-found']);
  await suite.kubectl(['delete', 'namespace', sources, `${sources}-eso`, '--ignore-not-found']);
}, 120_000);

describe('Change the source instead', () => {
  it('a Reflector copy: only the source is written; rotate targets the source and the copy follows', async () => {
    for (const namespace of [sources, copies])
      await suite.kubectl(['create', 'namespace', namespace]);
    const alice = user('alice');
    const bob = user('bob');
    await apply(dockerConfigSecret(sources, 'regcred', basic().host, alice));
    await apply(reflectorCopy(copies, sources, basic().host, alice));
    await listed(copies, 'regcred');
    const copyVersion = await versionOf(copies, 'regcred');
    const sourceVersion = await versionOf(sources, 'regcred');

    const found = await invoke(suite.app, 'registries:source', {
      context: CONTEXT,
      namespace: copies,
      name: 'regcred',
    });
    expect(found).toMatchObject({ secret: { namespace: sources, name: 'regcred' }, why: null });
    expect(found.follows).toEqual([
      { namespace: copies, name: 'regcred', engineName: 'Reflector' },
    ]);

    const { change, preview: dryRun, write } = toBob(copies);
    const preview = await dryRun();
    expect(preview).toMatchObject({
      written: false,
      resourceVersion: sourceVersion,
      source: { namespace: sources, name: 'regcred' },
    });
    expect(preview.preview).toContain(`Secret ${sources}/regcred (the source)`);
    expect(preview.preview).toContain(`- ${copies}/regcred (Reflector)`);
    noPassword(preview);
    expect(await versionOf(sources, 'regcred')).toBe(sourceVersion);

    // A stale version writes nothing.
    const stale = await invokeRaw(suite.app, 'registries:change-source', {
      ...change,
      resourceVersion: '1',
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    noPassword(stale);
    expect(await versionOf(sources, 'regcred')).toBe(sourceVersion);

    const written = await write(preview.resourceVersion);
    noPassword(written);
    expect(written.written).toBe(true);
    expect(written.resourceVersion).toBe(await versionOf(sources, 'regcred'));
    expect(await configOf(sources, 'regcred')).toContain('"username":"bob"');
    // The copy: not written by PullKey (no Reflector runs here, so it stays as it was).
    expect(await versionOf(copies, 'regcred')).toBe(copyVersion);
    expect(await configOf(copies, 'regcred')).toContain('"username":"alice"');

    // Update password everywhere: the source is the target, the copy follows it.
    const scan = await invoke(suite.app, 'registries:rotate-scan', {
      host: basic().host,
      username: 'bob',
      contexts: [CONTEXT],
    });
    const mine = scan.targets.filter((target) => [sources, copies].includes(target.namespace));
    expect(mine.map((target) => `${target.namespace}/${target.name}`)).toEqual([
      `${sources}/regcred`,
    ]);
    // The copy still holds alice: it is not among bob's secrets at all.
    expect(scan.follows ?? []).not.toContainEqual(expect.objectContaining({ namespace: copies }));
    const aliceScan = await invoke(suite.app, 'registries:rotate-scan', {
      host: basic().host,
      username: 'alice',
      contexts: [CONTEXT],
    });
    // alice's copy follows a source that holds bob now: a named non-target.
    expect(aliceScan.errors).toContainEqual(
      expect.objectContaining({
        namespace: copies,
        outcome: 'clash',
        message: expect.stringContaining('does not hold alice'),
      }),
    );
    // Put the copy on bob as Reflector would, then rotate bob: the source once, the copy follows.
    await apply(reflectorCopy(copies, sources, basic().host, bob));
    await until('copy on bob listed', 30_000, async () => {
      const copyNow = await listed(copies, 'regcred');
      return copyNow.entries[0]?.username === 'bob' ? copyNow : null;
    });
    const bobScan = await invoke(suite.app, 'registries:rotate-scan', {
      host: basic().host,
      username: 'bob',
      contexts: [CONTEXT],
    });
    expect(
      bobScan.targets
        .filter((t) => [sources, copies].includes(t.namespace))
        .map((t) => t.namespace),
    ).toEqual([sources]);
    expect(bobScan.follows).toContainEqual({
      context: CONTEXT,
      namespace: copies,
      name: 'regcred',
      engineName: 'Reflector',
      source: { namespace: sources, name: 'regcred' },
    });
    const before = await versionOf(copies, 'regcred');
    const report = await invoke(suite.app, 'registries:rotate', {
      operationId: `chsrc-${id}-rotate`,
      host: basic().host,
      username: 'bob',
      password: bob.password,
      targets: bobScan.targets.filter((t) => t.namespace === sources),
    });
    noPassword(report);
    expect(report.results).toContainEqual(
      expect.objectContaining({ namespace: sources, outcome: 'updated' }),
    );
    expect(report.results).toContainEqual(
      expect.objectContaining({
        namespace: copies,
        outcome: 'unchanged',
        message: expect.stringContaining(`follows from source ${sources}/regcred`),
      }),
    );
    expect(await versionOf(copies, 'regcred')).toBe(before);
  }, 120_000);

  it('a copy kept by a real ExternalSecret: edit refused, the source written, ESO brings the copy along', async () => {
    const state = suite.state;
    if (!state.eso)
      throw new Error(
        `ESO is not on the test cluster: ${state.esoUnavailable ?? 'no "eso" in cluster.json'}`,
      );
    const info = state.clusters[state.eso.cluster];
    const alice = user('alice');
    const bob = user('bob');
    await apply(
      esoStoreList({
        name: store,
        sourceNamespace: `${sources}-eso`,
        server: info.server,
        caPem: readFileSync(info.caFile, 'utf8'),
        namespaceLabels: label,
      }),
    );
    await apply(dockerConfigSecret(`${sources}-eso`, 'registry-source', basic().host, alice));
    await suite.kubectl([
      'wait',
      '--for=condition=Ready',
      `clustersecretstore/${store}`,
      '--timeout=60s',
    ]);
    await createProjectNamespace(esoNs);
    await apply(
      externalSecret(store, { namespace: esoNs, name: 'pull' }, 'regcred', 'registry-source'),
    );
    await until('the ESO copy', 30_000, async () =>
      (await configOf(esoNs, 'regcred')).includes('alice') ? true : null,
    );
    const copy = await listed(esoNs, 'regcred');
    expect(copy.owner).toMatchObject({
      engine: 'external-secrets',
      via: { name: 'pull', namespace: esoNs },
    });
    const copyVersion = await versionOf(esoNs, 'regcred');

    const refused = await invokeRaw(suite.app, 'registries:edit', {
      context: CONTEXT,
      operationId: `chsrc-${id}-edit`,
      copies: [{ namespace: esoNs, name: 'regcred', resourceVersion: copy.resourceVersion }],
      host: basic().host,
      username: 'bob',
      password: bob.password,
      skipVerify: true,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'OWNED_BY_ENGINE' } });
    noPassword(refused);
    expect(await versionOf(esoNs, 'regcred')).toBe(copyVersion);

    const found = await invoke(suite.app, 'registries:source', {
      context: CONTEXT,
      namespace: esoNs,
      name: 'regcred',
    });
    expect(found.secret).toEqual({ namespace: `${sources}-eso`, name: 'registry-source' });
    expect(found.where).toContain(`ClusterSecretStore ${store}, Kubernetes provider`);
    expect(found.follows).toContainEqual({
      namespace: esoNs,
      name: 'regcred',
      engineName: 'External Secrets',
    });

    const { preview: dryRun, write } = toBob(esoNs);
    const preview = await dryRun();
    noPassword(preview);
    const written = await write(preview.resourceVersion);
    noPassword(written);
    expect(await configOf(`${sources}-eso`, 'registry-source')).toContain('"username":"bob"');
    await until('ESO brings the copy along', 30_000, async () =>
      (await configOf(esoNs, 'regcred')).includes('"username":"bob"') ? true : null,
    );
    // Written by ESO, never by PullKey (PullKey's writes carry its written-at annotation).
    const annotations = await suite.kubectl([
      'get',
      'secret',
      'regcred',
      '-n',
      esoNs,
      '-o=jsonpath={.metadata.annotations}',
    ]);
    expect(annotations).not.toContain('pullkey.dev/written-at');

    // Edited behind ESO's back with kubectl: ESO puts it back, and the detail says so.
    const behind = dockerConfigSecret(esoNs, 'regcred', basic().host, alice).data;
    await suite.kubectl([
      'patch',
      'secret',
      'regcred',
      '-n',
      esoNs,
      '--type=merge',
      '-p',
      JSON.stringify({ data: behind }),
    ]);
    await until('ESO puts the copy back', 30_000, async () =>
      (await configOf(esoNs, 'regcred')).includes('"username":"bob"') ? true : null,
    );
    const detail = await until('the put-back seen', 15_000, async () => {
      const read = await invoke(suite.app, 'registries:detail', {
        context: CONTEXT,
        namespace: esoNs,
        name: 'regcred',
      });
      return read.putBack ? read : null;
    });
    expect(detail.putBack).toMatchObject({ engineName: 'External Secrets' });
    noPassword(detail);
  }, 150_000);

  it('a failing ExternalSecret (remote key missing) is quoted by the Pull doctor', async () => {
    await createProjectNamespace(failingNs);
    await apply(
      externalSecret(
        store,
        { namespace: failingNs, name: 'broken' },
        'missing-cred',
        'no-such-secret',
      ),
    );
    await suite.kubectl([
      'wait',
      '--for=condition=Ready=false',
      'externalsecret/broken',
      '-n',
      failingNs,
      '--timeout=60s',
    ]);
    const name = `uses-eso-${id}`;
    await apply(
      deploymentManifest(failingNs, name, `${basic().host}/team/hello:1.0`, {
        pullSecrets: ['missing-cred'],
      }),
    );
    await pullsUntil(
      suite.app,
      CONTEXT,
      (view) => view.failing.some((item) => item.name === name),
      'failing deployment',
    );
    const detail = await invoke(suite.app, 'pulls:detail', {
      context: CONTEXT,
      namespace: failingNs,
      kind: 'Deployment',
      name,
    });
    const sentence = `the pull secret missing-cred is an External Secrets copy whose ExternalSecret ${failingNs}/broken is failing: SecretSyncedError`;
    expect(detail.failure?.diagnosis.message).toContain(
      `The pull secret missing-cred is an External Secrets copy`,
    );
    expect(detail.sources?.failingExternalSecrets?.[0]?.sentence).toContain(sentence);
    expect(detail.report).toContain(sentence);
    noPassword(detail);
  }, 120_000);
});

/** "Change the source instead" of the copy `namespace`/regcred to bob: the dry run and the write. */
function toBob(namespace: string) {
  const change = {
    context: CONTEXT,
    namespace,
    name: 'regcred',
    host: basic().host,
    username: 'bob',
    password: user('bob').password,
  };
  return {
    change,
    preview: () => invoke(suite.app, 'registries:change-source', { ...change, dryRun: true }),
    write: (resourceVersion: string | null) =>
      invoke(suite.app, 'registries:change-source', { ...change, resourceVersion }),
  };
}
