/**
 * Project scope trusts an explicit choice (issue 9 item 9), on the REAL test cluster: a namespace
 * that newly carries the project label is listed as "joined since the last sync" and gets the
 * credential only when the user confirms it by name in Sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { ClusterState } from '../cluster/state';
import { clusterState, invoke, startCore } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';
import { kubectlSync } from '../kit/kubectl';
import { registryUser } from '../kit/manifests';

let state: ClusterState;
let app: Core;
const id = Date.now().toString(36);
const project = `join-${id}`;
const [first, second, newcomer] = ['a', 'b', 'c'].map((suffix) => `join-${id}-${suffix}`) as [
  string,
  string,
  string,
];
const context = 'alpha-admin';

const kubectl = kubectlSync(() => state, { context });
function labelled(namespace: string) {
  kubectl(['create', 'namespace', namespace]);
  kubectl(['label', 'namespace', namespace, `pullkey.dev/project=${project}`]);
}
function hasSecret(namespace: string, name: string): boolean {
  return kubectl(['get', 'secrets', '-n', namespace, '-o', 'name']).includes(`secret/${name}`);
}
async function syncState(name: string) {
  const list = await invoke(app, 'registries:list', { context, refresh: true });
  return list.groups.find((group) => group.name === name && group.scope.kind === 'project')?.sync;
}
/**
 * Syncs project registry `name` as operation `op-<id>-<step>`, confirming the namespaces
 * `confirmJoined` when given; resolves with each result's namespace and outcome.
 */
async function syncOutcomes(name: string, step: number, confirmJoined?: string[]) {
  const report = await invoke(app, 'registries:sync', {
    context,
    operationId: `op-${id}-${step}`,
    name,
    project,
    projectKind: 'pullkey',
    ...(confirmJoined ? { confirmJoined } : {}),
  });
  return report.results.map((result) => [result.namespace, result.outcome]);
}

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  labelled(first);
  labelled(second);
  app = await startCore([state.kubeconfig]);
});
afterAll(async () => {
  await app?.close();
  if (state)
    kubectl(['delete', 'namespace', first, second, newcomer, '--ignore-not-found', '--wait=false']);
});

describe('a namespace that joins a project', () => {
  it('is listed as joined and gets the credential only once confirmed in Sync', async () => {
    const name = `joined-${id}`;
    const login = registryUser(state.registries.basic);
    const created = await invoke(app, 'registries:create', {
      context,
      operationId: `op-${id}-1`,
      name,
      scope: { kind: 'project', project, projectKind: 'pullkey' },
      host: state.registries.basic.host,
      username: 'alice',
      password: login.password,
      skipVerify: true,
    });
    expect(created.results.map((result) => result.outcome)).toEqual(['created', 'created']);

    labelled(newcomer);
    // Someone also deletes the copy of a namespace the user chose: that one is simply missing.
    kubectl(['delete', 'secret', name, '-n', second]);
    await expect
      .poll(async () => (await syncState(name))?.missing.sort())
      .toEqual([second, newcomer].sort());
    expect((await syncState(name))?.joined).toEqual([newcomer]);

    // Sync without confirming: the chosen namespace is repaired, the newcomer gets nothing.
    expect(await syncOutcomes(name, 2)).toEqual([[second, 'created']]);
    expect(hasSecret(newcomer, name)).toBe(false);
    expect((await syncState(name))?.joined).toEqual([newcomer]);

    // Confirmed by name: now it gets its copy, and is no longer "joined".
    expect(await syncOutcomes(name, 3, [newcomer])).toEqual([[newcomer, 'created']]);
    expect(hasSecret(newcomer, name)).toBe(true);
    expect(await syncState(name)).toMatchObject({ missing: [], joined: [] });
  });
});
