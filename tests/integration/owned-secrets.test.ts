/**
 * Issue 20, on the REAL test cluster: pull secrets made with kubectl carrying each engine's
 * markers exactly as the engine writes them (never by PullKey; see electron/core/ownership for
 * the cited sources). Edit, rotate, delete and sync refuse them with the owner named and change
 * nothing: kubectl compares resourceVersions before and after.
 */
import { describe, expect, it } from 'vitest';
import { invoke, invokeRaw } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { readClusterState } from '../cluster/state';

/**
 * Where External Secrets' kinds are served, the garbage collector deletes a secret whose
 * ExternalSecret owner does not exist (as it would on a user's cluster); the ESO-form copy here
 * names a made-up owner uid, so these secrets live on the cluster without ESO.
 */
const esoCluster = (() => {
  try {
    return readClusterState().eso?.cluster;
  } catch {
    return undefined; // no cluster state: clusterSuite says why
  }
})();
const CONTEXT = esoCluster === 'alpha' ? 'beta-admin' : 'alpha-admin';
const id = Date.now().toString(36);
const NAMESPACE = `owned-${id}`;
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE, ownNamespace: true });
let seq = 0;
const op = () => `op-${id}-${++seq}`;
const { basic, alice } = suite;

type Meta = {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: object[];
};

/** Each engine's copy, with the markers it writes (and what PullKey must say about it). */
const engines: Array<{ name: string; meta: Meta; engine: string; badge: string }> = [
  {
    name: 'eso-owned',
    meta: {
      labels: { 'reconcile.external-secrets.io/managed': 'true' },
      annotations: { 'reconcile.external-secrets.io/data-hash': '51ad0b1e3c9f' },
      ownerReferences: [
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          name: 'team-pull',
          uid: '6f1c0d9e-0000-4000-8000-000000000001',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    engine: 'External Secrets',
    badge: `Kept by External Secrets (ExternalSecret ${NAMESPACE}/team-pull)`,
  },
  {
    name: 'eso-merged',
    meta: {
      labels: { 'reconcile.external-secrets.io/managed': 'true' },
      annotations: { 'reconcile.external-secrets.io/data-hash': '51ad0b1e3c9f' },
    },
    engine: 'External Secrets',
    badge: 'Kept by External Secrets (an ExternalSecret)',
  },
  {
    name: 'rancher-copy',
    meta: {
      labels: { 'management.cattle.io/project-scoped-secret': 'p-abcde' },
      annotations: {
        'management.cattle.io/project-scoped-secret-copy': 'true',
        'secret.user.cattle.io/secret': 'true',
      },
    },
    engine: 'Rancher',
    badge: 'Rancher project secret copy',
  },
  {
    name: 'reflected',
    meta: {
      annotations: {
        'reflector.v1.k8s.emberstack.com/reflects': 'registry/pull',
        'reflector.v1.k8s.emberstack.com/auto-reflects': 'False',
        'reflector.v1.k8s.emberstack.com/reflected-version': '4711',
        'reflector.v1.k8s.emberstack.com/reflected-at': '"2026-12-06T10:00:00+00:00"',
      },
    },
    engine: 'Reflector',
    badge: 'Copy of registry/pull (Reflector)',
  },
  {
    name: 'kyverno-clone',
    meta: {
      labels: {
        'app.kubernetes.io/managed-by': 'kyverno',
        'generate.kyverno.io/policy-name': 'sync-pull',
        'generate.kyverno.io/rule-name': 'clone-pull',
        'generate.kyverno.io/source-name': 'pull',
        'generate.kyverno.io/source-namespace': 'registry',
        'generate.kyverno.io/source-kind': 'Secret',
      },
    },
    engine: 'Kyverno',
    badge: 'Copy of registry/pull (Kyverno)',
  },
  {
    name: 'sealed',
    meta: { annotations: { 'sealedsecrets.bitnami.com/managed': 'true' } },
    engine: 'Sealed Secrets',
    badge: `Kept by Sealed Secrets (SealedSecret ${NAMESPACE}/sealed)`,
  },
  {
    name: 'vso-synced',
    meta: {
      labels: {
        'app.kubernetes.io/component': 'secret-sync',
        'app.kubernetes.io/managed-by': 'hashicorp-vso',
        'app.kubernetes.io/name': 'vault-secrets-operator',
        'secrets.hashicorp.com/vso-ownerRefUID': '62ead748-9085-4aae-bd2e-9830f3bf07b8',
      },
      ownerReferences: [
        {
          apiVersion: 'secrets.hashicorp.com/v1beta1',
          kind: 'VaultStaticSecret',
          name: 'vault-kv-app',
          uid: '62ead748-9085-4aae-bd2e-9830f3bf07b8',
        },
      ],
    },
    engine: 'Vault Secrets Operator',
    badge: `Kept by Vault Secrets Operator (VaultStaticSecret ${NAMESPACE}/vault-kv-app)`,
  },
];

const configFor = (password: string) =>
  Buffer.from(
    JSON.stringify({
      auths: {
        [basic().host]: {
          username: 'alice',
          password,
          auth: Buffer.from(`alice:${password}`).toString('base64'),
        },
      },
    }),
  ).toString('base64');

async function applySecret(namespace: string, name: string, meta: Meta, password: string) {
  await suite.kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: { name, namespace, ...meta },
      data: { '.dockerconfigjson': configFor(password) },
    }),
  );
}

const versionOf = (namespace: string, name: string) =>
  suite.kubectl([
    `--namespace=${namespace}`,
    'get',
    `secret/${name}`,
    '-o=jsonpath={.metadata.resourceVersion}',
  ]);

/** The call's envelope is the refusal, naming the engine; the secret is as it was. */
async function expectRefused(channel: string, input: object, engine: string, versions: string[]) {
  const result = await invokeRaw(suite.app, channel as 'registries:edit', input);
  expect(result).toMatchObject({ ok: false, error: { code: 'OWNED_BY_ENGINE' } });
  const message = (result as { error: { message: string } }).error.message;
  expect(message).toContain(`kept by ${engine}`);
  expect(message).toContain('Nothing was changed');
  expect(JSON.stringify(result)).not.toContain(alice().password);
  const after = await Promise.all(engines.map((entry) => versionOf(NAMESPACE, entry.name)));
  expect(after).toEqual(versions);
}

describe('secrets kept by an engine', () => {
  it('are listed with their owner, and edit, delete and rotate refuse them, changing nothing', async () => {
    for (const entry of engines) {
      await applySecret(NAMESPACE, entry.name, entry.meta, alice().password);
    }
    const copies = await Promise.all(engines.map((entry) => suite.listedCopy(entry.name)));
    expect(copies.map((copy) => copy.owner?.badge)).toEqual(engines.map((entry) => entry.badge));
    // Owner details never quote a secret's data.
    expect(JSON.stringify(copies)).not.toContain(alice().password);
    const versions = await Promise.all(engines.map((entry) => versionOf(NAMESPACE, entry.name)));

    for (const [index, entry] of engines.entries()) {
      const copy = copies[index]!;
      await expectRefused(
        'registries:edit',
        {
          context: CONTEXT,
          operationId: op(),
          copies: [
            { namespace: NAMESPACE, name: entry.name, resourceVersion: copy.resourceVersion },
          ],
          host: basic().host,
          username: 'alice',
          password: alice().password,
          skipVerify: true,
        },
        entry.engine,
        versions,
      );
      await expectRefused(
        'registries:delete',
        {
          context: CONTEXT,
          operationId: op(),
          copies: [
            {
              namespace: NAMESPACE,
              name: entry.name,
              uid: copy.uid,
              resourceVersion: copy.resourceVersion,
            },
          ],
        },
        entry.engine,
        versions,
      );
      await expectRefused(
        'registries:rotate',
        {
          operationId: op(),
          host: basic().host,
          username: 'alice',
          password: alice().password,
          targets: [
            {
              context: CONTEXT,
              namespace: NAMESPACE,
              name: entry.name,
              key: basic().host,
              resourceVersion: copy.resourceVersion,
            },
          ],
        },
        entry.engine,
        versions,
      );
    }

    // "Update password everywhere" never offers them: each is named, not a target.
    const scan = await invoke(suite.app, 'registries:rotate-scan', {
      host: basic().host,
      username: 'alice',
      contexts: [CONTEXT],
    });
    const mine = (namespace: string) => namespace === NAMESPACE;
    expect(scan.targets.filter((target) => mine(target.namespace))).toEqual([]);
    expect(
      scan.errors
        .filter((error) => mine(error.namespace))
        .map((error) => [error.name, error.outcome])
        .sort(),
    ).toEqual(engines.map((entry) => [entry.name, 'clash']).sort());
  });

  it('project sync and create never write over an engine copy of the same name', async () => {
    const project = `owned-${id}`;
    const [first, second, third] = ['a', 'b', 'c'].map((suffix) => `${NAMESPACE}-${suffix}`) as [
      string,
      string,
      string,
    ];
    for (const namespace of [first, second, third]) {
      await suite.kubectl(['create', 'namespace', namespace]);
      suite.made.push(['namespace', namespace]);
    }
    for (const namespace of [first, second])
      await suite.kubectl(['label', 'namespace', namespace, `pullkey.dev/project=${project}`]);
    const name = `pull-${id}`;
    // Kyverno already clones this pull secret into the third namespace, same credentials.
    await applySecret(third, name, engines[4]!.meta, alice().password);
    const created = await invoke(suite.app, 'registries:create', {
      context: CONTEXT,
      operationId: op(),
      name,
      scope: { kind: 'project', project, projectKind: 'pullkey' },
      host: basic().host,
      username: 'alice',
      password: alice().password,
      skipVerify: true,
    });
    expect(created.results.map((result) => result.outcome)).toEqual(['created', 'created']);

    // Reflector keeps the second namespace's copy from another source (labels reflected with it),
    // with another password; the third namespace joins the project with its Kyverno copy.
    await suite.kubectl(['delete', 'secret', name, '-n', second]);
    await applySecret(
      second,
      name,
      {
        labels: { 'app.kubernetes.io/managed-by': 'pullkey', 'pullkey.dev/project': project },
        annotations: {
          'pullkey.dev/project-kind': 'pullkey',
          'reflector.v1.k8s.emberstack.com/reflects': 'registry/pull',
          'reflector.v1.k8s.emberstack.com/auto-reflects': 'False',
        },
      },
      'an-older-password',
    );
    await suite.kubectl(['label', 'namespace', third, `pullkey.dev/project=${project}`]);
    const before = [await versionOf(second, name), await versionOf(third, name)];
    await suite.listedCopy(name, second);

    const synced = await invoke(suite.app, 'registries:sync', {
      context: CONTEXT,
      operationId: op(),
      name,
      project,
      projectKind: 'pullkey',
      confirmJoined: [third],
    });
    const outcome = (namespace: string) =>
      synced.results.find((result) => result.namespace === namespace);
    expect(outcome(second)).toMatchObject({ outcome: 'clash' });
    expect(outcome(second)?.message).toContain(
      'kept by Reflector (Reflector source registry/pull)',
    );
    expect(outcome(third)).toMatchObject({
      outcome: 'unchanged',
      message: 'provided by Kyverno (Kyverno policy sync-pull, cloned from registry/pull)',
    });
    expect(JSON.stringify(synced)).not.toContain(alice().password);
    expect([await versionOf(second, name), await versionOf(third, name)]).toEqual(before);
  });
});
