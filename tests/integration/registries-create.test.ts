/** Registries on the test cluster: create (namespace and project scopes, every auth kind). */
import { describe, expect, it } from 'vitest';
import { genericSecretArgs } from '../kit/kubectl';
import { invoke } from './cluster-core';
import * as kit from './registries-kit';

describe('create', () => {
  it('writes exactly what kubectl create secret docker-registry writes, plus PullKey labels', async () => {
    const name = kit.unique('regcred');
    const login = kit.alice();
    const report = await kit.createRegistry(name, {
      username: login.username,
      password: login.password,
      email: 'alice@example.com',
    });
    expect(report.results).toEqual([
      { context: 'alpha-admin', namespace: 'sandbox', name, outcome: 'created' },
    ]);
    const reference = JSON.parse(
      kit.kubectl('alpha-admin', [
        'create',
        'secret',
        'docker-registry',
        name,
        '-n',
        'sandbox',
        '--dry-run=client',
        '-o',
        'json',
        `--docker-server=${kit.basic().host}`,
        `--docker-username=${login.username}`,
        `--docker-password=${login.password}`,
        '--docker-email=alice@example.com',
      ]),
    ) as { type: string; data: Record<string, string> };
    const written = JSON.parse(
      kit.kubectl('alpha-admin', ['get', 'secret', name, '-n', 'sandbox', '-o', 'json']),
    ) as {
      type: string;
      data: Record<string, string>;
      metadata: { labels: Record<string, string> };
    };
    expect(written.type).toBe(reference.type);
    const decode = (data: Record<string, string>) =>
      JSON.parse(Buffer.from(data['.dockerconfigjson']!, 'base64').toString('utf8')) as unknown;
    expect(decode(written.data)).toEqual(decode(reference.data));
    expect(written.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'pullkey' });
    // The keychain now holds the login; no response carries the password.
    await expect(kit.app.vault.get(kit.basic().host, login.username)).resolves.toBe(login.password);
    const list = await invoke(kit.app, 'registries:list', { context: 'alpha-admin' });
    expect(JSON.stringify(list)).not.toContain(login.password);
    expect(kit.group(list, name)).toMatchObject({
      hosts: [kit.basic().host],
      usernames: ['alice'],
      namespaces: ['sandbox'],
      managedBy: 'pullkey',
    });
  });

  it('writes a project registry into every namespace of the project, reporting clashes and 2/2 in sync', async () => {
    const name = kit.unique('projcred');
    const progress: string[] = [];
    const operationId = kit.op();
    kit.app.events.listen((event, payload) => {
      const message = payload as {
        operationId: string;
        result: { namespace: string; outcome: string };
      };
      if (event === 'registries:progress' && message.operationId === operationId)
        progress.push(`${message.result.namespace}:${message.result.outcome}`);
    });
    const report = await kit.createRegistry(name, {
      operationId,
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      host: kit.token().host,
      ca: kit.tokenCa(),
      password: kit.alice(kit.token()).password,
    });
    expect(report.results.map((result) => [result.namespace, result.outcome])).toEqual([
      ['team1-dev', 'created'],
      ['team1-staging', 'created'],
    ]);
    expect(progress.sort()).toEqual(['team1-dev:created', 'team1-staging:created']);
    const list = await invoke(kit.app, 'registries:list', { context: 'alpha-admin' });
    expect(kit.group(list, name)).toMatchObject({
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      sync: { inSync: 2, total: 2, missing: [], orphaned: [], stale: [] },
    });
    // Creating it again: identical copies are "unchanged".
    const again = await kit.createRegistry(name, {
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      host: kit.token().host,
      ca: kit.tokenCa(),
      password: kit.alice(kit.token()).password,
    });
    expect(again.results.map((result) => result.outcome)).toEqual(['unchanged', 'unchanged']);
  });

  it('reports a name clash with a secret of any type, and alpha-dev’s 403 in team2-app, per namespace', async () => {
    const name = kit.unique('clash');
    kit.kubectl('alpha-admin', genericSecretArgs('team1-staging', name, '--from-literal=a=b'));
    const report = await kit.createRegistry(name, {
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      skipVerify: true,
    });
    expect(report.results.map((result) => [result.namespace, result.outcome])).toEqual([
      ['team1-dev', 'created'],
      ['team1-staging', 'clash'],
    ]);
    expect(report.results[1]!.message).toContain('of type Opaque already exists');

    const dev = await kit.createRegistry(kit.unique('devcred'), {
      context: 'alpha-dev',
      scope: { kind: 'namespace', namespace: 'team2-app' },
      skipVerify: true,
    });
    expect(dev.results[0]).toMatchObject({ namespace: 'team2-app', outcome: 'forbidden' });
    expect(dev.results[0]!.message).toMatch(/forbidden/);
  });
});
