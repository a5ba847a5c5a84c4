/**
 * The Pull doctor's later fixes against the real test cluster, on workloads made with kubectl:
 * fix 9 (rewrite a pull secret the kubelet rejects), the repository's tags for "not found",
 * attach to the ServiceAccount the workload uses (and recreate its pods), and the latent
 * "credentials now rejected" check (never for a loopback registry unless the user says the
 * context's nodes share this computer's loopback, and never over plain http). Each fix is proven by the pods reaching Running on the
 * simulated kubelet with the workload otherwise unchanged.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { invoke } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { dockerRegistrySecretArgs, registryUser } from '../kit/manifests';
import { failingUntil, pullsUntil, staleRefusedThenWritten } from './pulls-view';

const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const suffix = Date.now().toString(36);
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE });
const { kubectl, made } = suite;

const getJson = (kind: string, name: string) =>
  suite.jsonOf<{
    metadata: Record<string, unknown> & { resourceVersion: string };
    spec: Record<string, unknown>;
    data?: Record<string, string>;
    [key: string]: unknown;
  }>(['get', kind, name]);

describe('Pull doctor fixes', () => {
  it('fix 9: rewrites a secret the kubelet rejects, keeping its credentials; the pod then runs', async () => {
    const name = `malformed-${suffix}`;
    const secret = `malformed-cred-${suffix}`;
    const registry = suite.state.registries.basic;
    const alice = registryUser(registry);
    // Made by hand as a user would: the fields are right, auth is not base64, plus a junk entry.
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secret, namespace: NAMESPACE, labels: { team: 'a' } },
        type: 'kubernetes.io/dockerconfigjson',
        stringData: {
          '.dockerconfigjson': JSON.stringify({
            auths: {
              [registry.host]: { username: 'alice', password: alice.password, auth: 'x!y' },
              'other.example.com': 'junk',
            },
          }),
        },
      }),
    );
    made.push(['secret', secret]);
    await suite.deployment(name, `${registry.host}/team/hello:1.0`, { pullSecrets: [secret] });
    const { diagnosis } = (
      await failingUntil(suite.app, CONTEXT, name, 'rejected secret', 'secret-rejected')
    ).item;
    // The secret and the field are named; the value is never quoted.
    expect(diagnosis.secrets).toEqual([secret]);
    expect(diagnosis.message).toContain(`"${registry.host}": auth is not valid base64`);
    expect(diagnosis.message).not.toContain('x!y');

    const deploymentBefore = await getJson('deployment', name);
    const secretBefore = await getJson('secret', secret);
    const input = { context: CONTEXT, namespace: NAMESPACE, name: secret };
    const preview = await invoke(suite.app, 'pulls:rewrite-secret', { ...input, dryRun: true });
    expect(preview.written).toBe(false);
    expect(preview.resourceVersion).toBe(secretBefore.metadata.resourceVersion);
    expect(preview.preview).toContain(`kept "${registry.host}" (user alice)`);
    expect(preview.preview).toContain('entry "other.example.com" dropped');
    expect(preview.preview).not.toContain(alice.password);
    await staleRefusedThenWritten(
      (resourceVersion) =>
        invoke(suite.app, 'pulls:rewrite-secret', { ...input, resourceVersion, dryRun: false }),
      preview.resourceVersion!,
    );

    // The kubelet retries on its back-off: a fresh pod pulls at once.
    await kubectl(['delete', 'pods', '-n', NAMESPACE, '-l', `app=${name}`, '--wait=false']);
    await kubectl(['rollout', 'status', `deployment/${name}`, '-n', NAMESPACE, '--timeout=90s']);

    const secretAfter = await getJson('secret', secret);
    const config = JSON.parse(
      Buffer.from(secretAfter.data!['.dockerconfigjson']!, 'base64').toString(),
    ) as { auths: Record<string, unknown> };
    expect(config.auths).toEqual({
      [registry.host]: {
        username: 'alice',
        password: alice.password,
        auth: b64(`alice:${alice.password}`),
      },
    });
    // kubectl apply's copy of the data (stringData here) says what was written, not the old config.
    const lastAppliedKey = 'kubectl.kubernetes.io/last-applied-configuration';
    const annotationsOf = (object: { metadata: Record<string, unknown> }) =>
      (object.metadata.annotations ?? {}) as Record<string, string>;
    const lastApplied = JSON.parse(annotationsOf(secretAfter)[lastAppliedKey]!) as {
      stringData: Record<string, string>;
    };
    expect(JSON.parse(lastApplied.stringData['.dockerconfigjson']!)).toEqual(config);
    // Only the data changed: same labels, same type; the Deployment is untouched.
    const strip = (object: { metadata: Record<string, unknown> }) => {
      const { resourceVersion: _r, managedFields: _m, ...metadata } = object.metadata;
      const { [lastAppliedKey]: _l, ...annotations } = annotationsOf(object);
      return { ...object, metadata: { ...metadata, annotations }, data: undefined };
    };
    expect(strip(secretAfter)).toEqual(strip(secretBefore));
    const deploymentAfter = await getJson('deployment', name);
    expect(deploymentAfter.spec).toEqual(deploymentBefore.spec);
  });

  it('attaches a registry to the ServiceAccount the workload uses; recreated pods then run', async () => {
    const name = `sa-${suffix}`;
    const account = `builder-${suffix}`;
    const secret = `sa-cred-${suffix}`;
    const registry = suite.state.registries.basic;
    const alice = registryUser(registry);
    await kubectl(['create', 'serviceaccount', account, '-n', NAMESPACE]);
    made.push(['serviceaccount', account]);
    await suite.deployment(name, `${registry.host}/team/hello:1.0`, {
      podSpec: { serviceAccountName: account },
    });
    await failingUntil(suite.app, CONTEXT, name, 'no credentials', 'no-credentials');
    const ref = { context: CONTEXT, namespace: NAMESPACE, kind: 'Deployment' as const, name };
    const detail = await invoke(suite.app, 'pulls:detail', ref);
    expect(detail.sources).toMatchObject({ serviceAccount: account, origin: 'none' });
    await kubectl(dockerRegistrySecretArgs(NAMESPACE, secret, registry.host, alice));
    made.push(['secret', secret]);
    const deploymentBefore = await getJson('deployment', name);
    const accountBefore = await getJson('serviceaccount', account);
    await expect(
      invoke(suite.app, 'workloads:attach-service-account', {
        context: CONTEXT,
        namespace: NAMESPACE,
        serviceAccount: account,
        secrets: [secret],
        resourceVersion: '1',
      }),
    ).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
    const attached = await invoke(suite.app, 'workloads:attach-service-account', {
      context: CONTEXT,
      namespace: NAMESPACE,
      serviceAccount: account,
      secrets: [secret],
      resourceVersion: accountBefore.metadata.resourceVersion,
    });
    expect(attached).toEqual({
      outcome: 'updated',
      imagePullSecrets: [secret],
      before: [],
      preview: expect.stringContaining(`ServiceAccount ${account}`),
      written: true,
      resourceVersion: expect.stringMatching(/^\d+$/),
    });
    // The existing pod keeps its (empty) list: recreate it, the ReplicaSet makes a new one.
    const { deleted } = await invoke(suite.app, 'rollout:retry', ref);
    expect(deleted).toHaveLength(1);
    await kubectl(['rollout', 'status', `deployment/${name}`, '-n', NAMESPACE, '--timeout=90s']);
    const pods = JSON.parse(
      await kubectl(['get', 'pods', '-n', NAMESPACE, '-l', `app=${name}`, '-o', 'json']),
    ) as { items: Array<{ spec: { imagePullSecrets?: Array<{ name: string }> } }> };
    expect(pods.items.map((pod) => pod.spec.imagePullSecrets)).toContainEqual([{ name: secret }]);
    expect((await getJson('deployment', name)).spec).toEqual(deploymentBefore.spec);
    const accountAfter = await getJson('serviceaccount', account);
    expect(accountAfter.imagePullSecrets).toEqual([{ name: secret }]);
  });

  it('does not check a loopback registry from this computer; opted in, never over plain http', async () => {
    const name = `loopback-${suffix}`;
    const secret = `loopback-cred-${suffix}`;
    const registry = suite.state.registries.basic; // plain http on this computer's localhost
    const alice = registryUser(registry);
    const docker = (password: string) =>
      dockerRegistrySecretArgs(NAMESPACE, secret, registry.host, { username: 'alice', password });
    await suite.availableWithSecret(name, secret, registry.host, alice);
    const wrong = await kubectl([...docker('not-the-password'), '--dry-run=client', '-o', 'json']);
    await kubectl(['replace', '-f', '-'], wrong);
    // As the context comes: the cluster's "localhost" is the node's, so nothing is sent.
    const skipped = await pullsUntil(
      suite.app,
      CONTEXT,
      (current) => current.credentialChecks.notChecked.some((item) => item.host === registry.host),
      'loopback registry left out',
    );
    expect(skipped.credentialChecks).toMatchObject({ automatic: true, localRegistries: false });
    expect(skipped.credentialChecks.notChecked).toContainEqual({
      host: registry.host,
      reason: "not checked from this computer: localhost is the node's own loopback",
    });
    // The user says this context's nodes share this computer's loopback: https only, so a
    // plain-http registry is still not sent the password (and nothing is claimed about it).
    await invoke(suite.app, 'pulls:check-settings', { context: CONTEXT, localRegistries: true });
    const plain = await pullsUntil(
      suite.app,
      CONTEXT,
      (current) =>
        current.credentialChecks.notChecked.some(
          (item) => item.host === registry.host && /plain http/.test(item.reason),
        ),
      'plain http refused',
    );
    expect(plain.latent.find((item) => item.name === name)?.registryRejected).toBeUndefined();
    expect(JSON.stringify(plain)).not.toContain('not-the-password');
  });

  it('lists a running workload whose credentials the registry now rejects under latent problems', async () => {
    const name = `rejected-${suffix}`;
    const secret = `rotated-${suffix}`;
    // https with the test CA on this computer's loopback: checked only because the user said
    // this context's nodes share it (the test cluster runs on this computer).
    const registry = suite.state.registries.token;
    const alice = registryUser(registry);
    await suite.app.settings.update({
      registryTls: { [registry.host]: { ca: await readFile(registry.caFile!, 'utf8') } },
    });
    const shared = await invoke(suite.app, 'pulls:check-settings', {
      context: CONTEXT,
      localRegistries: true,
    });
    expect(shared.credentialChecks).toMatchObject({ automatic: true, localRegistries: true });
    const docker = (password: string) =>
      dockerRegistrySecretArgs(NAMESPACE, secret, registry.host, { username: 'alice', password });
    await suite.availableWithSecret(name, secret, registry.host, alice);
    // Checked while the view is open, and still accepted: not latent.
    const first = await pullsUntil(suite.app, CONTEXT, () => true, 'open');
    expect(first.latent.some((item) => item.name === name)).toBe(false);
    // Someone puts a wrong password in the secret; the pod keeps running on its cached image.
    const wrong = await kubectl([...docker('not-the-password'), '--dry-run=client', '-o', 'json']);
    await kubectl(['replace', '-f', '-'], wrong);
    const view = await pullsUntil(
      suite.app,
      CONTEXT,
      (current) => current.latent.some((item) => item.name === name && !!item.registryRejected),
      'credentials now rejected',
    );
    const item = view.latent.find((candidate) => candidate.name === name)!;
    expect(item.registryRejected).toEqual([
      {
        image: `${registry.host}/team/hello:1.0`,
        secret,
        reason: `${registry.host} answers 401 to user alice: password rejected`,
      },
    ]);
    expect(item.message).toMatch(/^will fail when rescheduled: the registry now rejects/);
    expect(JSON.stringify(view)).not.toContain('not-the-password');
    expect(JSON.stringify(view)).not.toContain(alice.password);
    // The user turns the context's checks off: the view says so and claims nothing from them.
    const off = await invoke(suite.app, 'pulls:check-settings', {
      context: CONTEXT,
      automatic: false,
    });
    expect(off.credentialChecks).toEqual({
      automatic: false,
      localRegistries: true,
      notChecked: [],
    });
    expect(off.latent.find((candidate) => candidate.name === name)).toBeUndefined();
  });
});
