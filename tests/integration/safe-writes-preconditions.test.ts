/**
 * Issue 10, "never damage what users already run": every registry write has a precondition. The
 * secrets are made with kubectl; kubectl checks the result.
 */
import { describe, expect, it } from 'vitest';
import { invoke, invokeRaw } from './cluster-core';
import {
  CONTEXT,
  NAMESPACE,
  suite,
  unique,
  op,
  basic,
  alice,
  kubectlIn,
  kubectl,
  getJson,
  exists,
  dockerSecret,
  secretConfig,
  listedCopy,
  until,
} from './safe-writes-kit';

describe('every registry write has a precondition', () => {
  it('delete of an Opaque secret is refused', async () => {
    const name = unique('opaque');
    kubectl(['create', 'secret', 'generic', name, '--from-literal=password=keep-me']);
    const secret = getJson('secret', name);
    const report = await invoke(suite.app, 'registries:delete', {
      context: CONTEXT,
      operationId: op(),
      copies: [
        {
          namespace: NAMESPACE,
          name,
          uid: secret.metadata.uid,
          resourceVersion: secret.metadata.resourceVersion,
        },
      ],
    });
    expect(report.results).toMatchObject([{ outcome: 'clash' }]);
    expect(report.results[0]!.message).toMatch(/Opaque/);
    expect(exists('secret', name)).toBe(true);
  });

  it('a secret changed after listing is not deleted; as listed, it is', async () => {
    const changed = unique('changed');
    const same = unique('same');
    dockerSecret(changed, 'alice', 'pw');
    dockerSecret(same, 'alice', 'pw');
    const [seenChanged, seenSame] = [await listedCopy(changed), await listedCopy(same)];
    kubectl(['annotate', 'secret', changed, 'team.example/note=edited-after-listing']);
    const report = await invoke(suite.app, 'registries:delete', {
      context: CONTEXT,
      operationId: op(),
      copies: [seenChanged, seenSame].map((copy) => ({
        namespace: copy.namespace,
        name: copy.name,
        uid: copy.uid,
        resourceVersion: copy.resourceVersion,
      })),
    });
    const outcome = (name: string) => report.results.find((result) => result.name === name);
    expect(outcome(changed)).toMatchObject({ outcome: 'conflict' });
    expect(outcome(changed)!.message).toMatch(/changed since you looked/);
    expect(outcome(same)).toMatchObject({ outcome: 'deleted' });
    expect(exists('secret', changed)).toBe(true);
    expect(exists('secret', same)).toBe(false);
  });

  it('rotate with a wrong password writes nothing, not even the keychain', async () => {
    const name = unique('rotwrong');
    dockerSecret(name, 'alice', 'stale-password');
    await listedCopy(name);
    const before = getJson('secret', name);
    const scan = await invoke(suite.app, 'registries:rotate-scan', {
      host: basic().host,
      username: 'alice',
      contexts: [CONTEXT],
    });
    const targets = scan.targets.filter((target) => target.name === name);
    expect(targets).toHaveLength(1);
    const saved = await suite.app.vault.get(basic().host, 'alice').catch(() => null);
    const result = await invokeRaw(suite.app, 'registries:rotate', {
      operationId: op(),
      host: basic().host,
      username: 'alice',
      password: 'not-the-password',
      targets,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'REGISTRY_UNAUTHORIZED' } });
    expect(getJson('secret', name).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(secretConfig(name).auths[basic().host]!.password).toBe('stale-password');
    await expect(suite.app.vault.get(basic().host, 'alice').catch(() => null)).resolves.toBe(saved);
  });

  it('a secret deleted or changed after the rotate scan is not recreated or overwritten', async () => {
    const deleted = unique('rotdel');
    const changed = unique('rotchg');
    const kept = unique('rotok');
    for (const name of [deleted, changed, kept]) dockerSecret(name, 'alice', 'stale-password');
    for (const name of [deleted, changed, kept]) await listedCopy(name);
    const scan = await invoke(suite.app, 'registries:rotate-scan', {
      host: basic().host,
      username: 'alice',
      contexts: [CONTEXT],
    });
    const targets = scan.targets.filter((target) => [deleted, changed, kept].includes(target.name));
    expect(targets).toHaveLength(3);
    kubectl(['delete', 'secret', deleted]);
    // Someone moves the secret to another login meanwhile: the entry for alice is removed.
    const otherConfig = JSON.stringify({
      auths: { 'other.example:5000': { username: 'bob', password: 'x', auth: btoa('bob:x') } },
    });
    kubectl([
      'patch',
      'secret',
      changed,
      '--type=merge',
      '-p',
      JSON.stringify({ data: { '.dockerconfigjson': btoa(otherConfig) } }),
    ]);
    const report = await invoke(suite.app, 'registries:rotate', {
      operationId: op(),
      host: basic().host,
      username: 'alice',
      password: alice().password,
      targets,
    });
    const outcome = (name: string) => report.results.find((result) => result.name === name);
    expect(outcome(deleted)).toMatchObject({ outcome: 'not-found' });
    expect(outcome(changed)).toMatchObject({ outcome: 'conflict' });
    expect(outcome(kept)).toMatchObject({ outcome: 'updated' });
    expect(exists('secret', deleted)).toBe(false);
    expect(Object.keys(secretConfig(changed).auths)).toEqual(['other.example:5000']);
    expect(secretConfig(kept).auths[basic().host]!.password).toBe(alice().password);
    // One write succeeded: the keychain now holds the new password.
    await expect(suite.app.vault.get(basic().host, 'alice')).resolves.toBe(alice().password);
  });

  it('sync copies from the copy the user chose, and only onto copies as the user saw them', async () => {
    const project = unique('proj');
    const name = unique('synced');
    await invoke(suite.app, 'projects:create', {
      context: CONTEXT,
      name: project,
      namespaces: ['sandbox', 'team2-app'],
    });
    try {
      await invoke(suite.app, 'registries:create', {
        context: CONTEXT,
        operationId: op(),
        name,
        scope: { kind: 'project', project, projectKind: 'pullkey' },
        host: basic().host,
        username: 'alice',
        password: 'first-password',
        skipVerify: true,
      });
      // managedFields times have a resolution of one second: let the hand edit be later.
      const createdAt = Math.floor(Date.now() / 1000);
      await until(
        () => Math.floor(Date.now() / 1000),
        (second) => second > createdAt,
        'the next second',
      );
      // A user edits the team2-app copy by hand: the copies now differ.
      const edited = JSON.stringify({
        auths: {
          [basic().host]: {
            username: 'alice',
            password: 'hand-edited',
            auth: btoa('alice:hand-edited'),
          },
        },
      });
      kubectlIn('team2-app')([
        'patch',
        'secret',
        name,
        '--type=merge',
        '-p',
        JSON.stringify({ data: { '.dockerconfigjson': btoa(edited) } }),
      ]);
      const list = await invoke(suite.app, 'registries:list', { context: CONTEXT, refresh: true });
      const group = list.groups.find(
        (candidate) => candidate.name === name && candidate.scope.kind === 'project',
      )!;
      // The hand edit is the most recent write: it is the default source, so sandbox is stale.
      expect(group.sync!.stale).toEqual(['sandbox']);
      // The user chooses the sandbox copy instead.
      const source = group.copies.find((copy) => copy.namespace === 'sandbox')!;
      const report = await invoke(suite.app, 'registries:sync', {
        context: CONTEXT,
        operationId: op(),
        name,
        project,
        projectKind: 'pullkey',
        source: { namespace: 'sandbox', resourceVersion: source.resourceVersion },
        copies: group.copies.map((copy) => ({
          namespace: copy.namespace,
          name: copy.name,
          uid: copy.uid,
          resourceVersion: copy.resourceVersion,
        })),
      });
      expect(report.results).toMatchObject([{ namespace: 'team2-app', outcome: 'updated' }]);
      const encoded = kubectlIn('team2-app')([
        'get',
        'secret',
        name,
        '-o',
        'jsonpath={.data.\\.dockerconfigjson}',
      ]);
      expect(JSON.parse(atob(encoded)).auths[basic().host].password).toBe('first-password');
    } finally {
      await invoke(suite.app, 'projects:dissolve', { context: CONTEXT, name: project });
      for (const namespace of ['sandbox', 'team2-app'])
        kubectlIn(namespace)(['delete', 'secret', name, '--ignore-not-found']);
    }
  });
});
