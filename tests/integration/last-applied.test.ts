/**
 * Issue 18 item 5: a secret made with `kubectl apply` keeps its manifest, data included, in
 * kubectl.kubernetes.io/last-applied-configuration. After PullKey edits or rotates it, kubectl
 * finds the old password nowhere in the object, and the user's next `kubectl apply` of the new
 * manifest merges against what is really there.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64Forms } from './canary-seed';
import { invoke } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { aliceEdit } from './registry-inputs';
import { kubectlSync } from '../kit/kubectl';
import { uniqueNames } from '../kit/manifests';

const CONTEXT = 'alpha-admin';
const NAMESPACE = `last-applied-${Date.now().toString(36)}`;
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE, ownNamespace: true });
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const unique = uniqueNames();
const { basic, alice } = suite;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const stalePassword = () => `STALE${randomBytes(8).toString('hex')}`;

const kubectl = kubectlSync(() => suite.state, { context: CONTEXT, namespace: NAMESPACE });

/** The manifest a user keeps in Git: labelled, the config as data (base64) or stringData. */
function manifest(name: string, configText: string, how: 'data' | 'stringData') {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/dockerconfigjson',
    metadata: { name, namespace: NAMESPACE, labels: { 'app.kubernetes.io/instance': 'shop' } },
    ...(how === 'data'
      ? { data: { '.dockerconfigjson': b64(configText) } }
      : { stringData: { '.dockerconfigjson': configText } }),
  };
}
const configWith = (password: string) =>
  JSON.stringify({
    auths: {
      [basic().host]: { username: 'alice', password, auth: b64(`alice:${password}`) },
    },
  });
const applyManifest = (body: object) => kubectl(['apply', '-f', '-'], JSON.stringify(body));

/** Every way the password shows in the object: as is, in `auth`, and base64 of either. */
function oldPasswordForms(password: string): string[] {
  const auth = b64(`alice:${password}`);
  return [password, auth, ...base64Forms(password), ...base64Forms(auth)];
}
const secretJson = (name: string) => kubectl(['get', 'secret', name, '-o', 'json']);
const liveConfigText = (name: string) =>
  Buffer.from(
    kubectl(['get', 'secret', name, '-o', 'jsonpath={.data.\\.dockerconfigjson}']),
    'base64',
  ).toString('utf8');

describe('a kubectl-applied secret written by PullKey', () => {
  it('after an edit: no old password anywhere, and kubectl apply of the new manifest agrees', async () => {
    const name = unique('edited');
    const old = stalePassword();
    applyManifest(manifest(name, configWith(old), 'data'));
    expect(secretJson(name)).toContain(b64(configWith(old)));
    const copy = await suite.listedCopy(name);

    const report = await invoke(
      suite.app,
      'registries:edit',
      aliceEdit(basic(), {
        context: CONTEXT,
        namespace: NAMESPACE,
        name,
        operationId: unique('op'),
        resourceVersion: copy.resourceVersion,
      }),
    );
    expect(report.results).toMatchObject([{ name, outcome: 'updated' }]);

    const written = JSON.parse(secretJson(name)) as {
      metadata: { annotations: Record<string, string>; labels: Record<string, string> };
    };
    for (const form of oldPasswordForms(old)) expect(secretJson(name)).not.toContain(form);
    // Nothing else of the applied manifest is lost.
    const applied = JSON.parse(written.metadata.annotations[LAST_APPLIED]!) as {
      metadata: { labels: Record<string, string> };
    };
    expect(applied.metadata.labels).toEqual({ 'app.kubernetes.io/instance': 'shop' });

    // The user's manifest with the config now in the cluster: the three-way merge finds nothing
    // to change (with the old data in the annotation it would patch the data again).
    const next = manifest(name, liveConfigText(name), 'data');
    expect(applyManifest(next)).toMatch(/unchanged/);
    expect(JSON.parse(liveConfigText(name))).toMatchObject({
      auths: { [basic().host]: { password: alice().password } },
    });
  });

  it('after "Update password everywhere": no old password anywhere, data or stringData', async () => {
    const asData = unique('rotdata');
    const asText = unique('rottext');
    const oldData = stalePassword();
    const oldText = stalePassword();
    applyManifest(manifest(asData, configWith(oldData), 'data'));
    applyManifest(manifest(asText, configWith(oldText), 'stringData'));
    expect(secretJson(asText)).toContain(oldText);
    await suite.listedCopy(asData);
    await suite.listedCopy(asText);

    const scan = await invoke(suite.app, 'registries:rotate-scan', {
      host: basic().host,
      username: 'alice',
      contexts: [CONTEXT],
    });
    const targets = scan.targets.filter((target) => [asData, asText].includes(target.name));
    expect(targets).toHaveLength(2);
    const report = await invoke(suite.app, 'registries:rotate', {
      operationId: unique('op'),
      host: basic().host,
      username: 'alice',
      password: alice().password,
      targets,
    });
    expect(report.results.map((result) => result.outcome)).toEqual(['updated', 'updated']);

    for (const form of oldPasswordForms(oldData)) expect(secretJson(asData)).not.toContain(form);
    for (const form of oldPasswordForms(oldText)) expect(secretJson(asText)).not.toContain(form);
    expect(applyManifest(manifest(asData, liveConfigText(asData), 'data'))).toMatch(/unchanged/);
    // stringData is never in the live object, so kubectl always patches it: accepted, same data.
    const text = liveConfigText(asText);
    expect(applyManifest(manifest(asText, text, 'stringData'))).toMatch(/configured|unchanged/);
    expect(liveConfigText(asText)).toBe(text);
  });
});
