/**
 * Cancel of a running write (`registries:cancel`) and the clash wording, against the real test
 * cluster: a cancelled write starts no namespace (each reported "cancelled", nothing written),
 * and a clash names who manages the other secret in plain words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { ClusterState } from '../cluster/state';
import { clusterState, invoke, startCore } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';
import { kubectlSync } from '../kit/kubectl';
import { registryUser, uniqueNames } from '../kit/manifests';

let state: ClusterState;
let app: Core;
const unique = uniqueNames('-');
const password = () => registryUser(state.registries.basic).password;

const kubectl = kubectlSync(() => state, { context: 'alpha-admin' });
const secretExists = (namespace: string, name: string) =>
  kubectl(['get', 'secret', '-n', namespace, '--ignore-not-found', '-o', 'name', name]).trim() !==
  '';

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  app = await startCore([state.kubeconfig]);
});
afterAll(async () => app?.close());

/** A namespace registry of alice's login in sandbox, not verified. */
const createInSandbox = (name: string) =>
  invoke(app, 'registries:create', {
    context: 'alpha-admin',
    operationId: unique('op'),
    name,
    scope: { kind: 'namespace', namespace: 'sandbox' },
    host: state.registries.basic.host,
    username: 'alice',
    password: password(),
    skipVerify: true,
  });

describe('cancelling a write', () => {
  it('a create cancelled before it starts writes no namespace and reports each "cancelled"', async () => {
    const name = unique('cancelled');
    const operationId = unique('op');
    expect(await invoke(app, 'registries:cancel', { operationId })).toEqual({ cancelled: true });
    expect(await invoke(app, 'registries:cancel', { operationId })).toEqual({ cancelled: false });
    const report = await invoke(app, 'registries:create', {
      context: 'alpha-admin',
      operationId,
      name,
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      host: state.registries.basic.host,
      username: 'alice',
      password: password(),
      skipVerify: true,
    });
    expect(report.results.map((result) => [result.namespace, result.outcome])).toEqual([
      ['team1-dev', 'cancelled'],
      ['team1-staging', 'cancelled'],
    ]);
    expect(secretExists('team1-dev', name)).toBe(false);
    expect(secretExists('team1-staging', name)).toBe(false);
  });

  it('a finished write forgets its id: the next write with another id runs in full', async () => {
    const name = unique('uncancelled');
    const report = await createInSandbox(name);
    expect(report.results.map((result) => result.outcome)).toEqual(['created']);
    expect(secretExists('sandbox', name)).toBe(true);
  });

  it('a rotate cancelled before it starts changes no secret and keeps the old password', async () => {
    const operationId = unique('op');
    await invoke(app, 'registries:cancel', { operationId });
    const report = await invoke(app, 'registries:rotate', {
      operationId,
      host: state.registries.basic.host,
      username: 'alice',
      password: password(),
      targets: [
        {
          context: 'alpha-admin',
          namespace: 'sandbox',
          name: 'no-such-secret',
          key: state.registries.basic.host,
          resourceVersion: '1',
        },
      ],
    });
    expect(report.results).toMatchObject([{ namespace: 'sandbox', outcome: 'cancelled' }]);
    expect(report.warnings).toContain(
      'Nothing was written, so the keychain keeps the old password.',
    );
  });
});

describe('a name clash', () => {
  it('says "not managed by PullKey" (never "managed by not PullKey")', async () => {
    const name = unique('clash');
    kubectl(['create', 'secret', 'generic', name, '-n', 'sandbox', '--from-literal=a=b']);
    const report = await createInSandbox(name);
    expect(report.results[0]).toMatchObject({ outcome: 'clash' });
    expect(report.results[0]!.message).toContain('(not managed by PullKey)');
    expect(report.results[0]!.message).not.toContain('managed by not PullKey');
  });
});
