/**
 * Issue 10, "never damage what users already run": every registry write has a precondition. The
 * secrets are made with kubectl; kubectl checks the result.
 */
import { describe, expect, it } from 'vitest';
import { patchDockerConfigArgs } from '../kit/kubectl';
import { dockerLogin } from '../kit/manifests';
import { invoke, invokeRaw } from './cluster-core';
import * as kit from './safe-writes-kit';

describe('every registry write has a precondition', () => {
  it('delete of an Opaque secret is refused', async () => {
    const name = kit.unique('opaque');
    kit.kubectl(['create', 'secret', 'generic', name, '--from-literal=password=keep-me']);
    const secret = kit.getJson('secret', name);
    const report = await invoke(kit.suite.app, 'registries:delete', {
      context: kit.CONTEXT,
      operationId: kit.op(),
      copies: [
        {
          namespace: kit.NAMESPACE,
          name,
          uid: secret.metadata.uid,
          resourceVersion: secret.metadata.resourceVersion,
        },
      ],
    });
    expect(report.results).toMatchObject([{ outcome: 'clash' }]);
    expect(report.results[0]!.message).toMatch(/Opaque/);
    expect(kit.exists('secret', name)).toBe(true);
  });

  it('a secret changed after listing is not deleted; as listed, it is', async () => {
    const changed = kit.unique('changed');
    const same = kit.unique('same');
    kit.dockerSecret(changed, 'alice', 'pw');
    kit.dockerSecret(same, 'alice', 'pw');
    const [seenChanged, seenSame] = [await kit.listedCopy(changed), await kit.listedCopy(same)];
    kit.kubectl(['annotate', 'secret', changed, 'team.example/note=edited-after-listing']);
    const report = await invoke(kit.suite.app, 'registries:delete', {
      context: kit.CONTEXT,
      operationId: kit.op(),
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
    expect(kit.exists('secret', changed)).toBe(true);
    expect(kit.exists('secret', same)).toBe(false);
  });

  it('rotate with a wrong password writes nothing, not even the keychain', async () => {
    const name = kit.unique('rotwrong');
    kit.dockerSecret(name, 'alice', 'stale-password');
    await kit.listedCopy(name);
    const before = kit.getJson('secret', name);
    const scan = await invoke(kit.suite.app, 'registries:rotate-scan', {
      host: kit.basic().host,
      username: 'alice',
      contexts: [kit.CONTEXT],
    });
    const targets = scan.targets.filter((target) => target.name === name);
    expect(targets).toHaveLength(1);
    const saved = await kit.suite.app.vault.get(kit.basic().host, 'alice').catch(() => null);
    const result = await invokeRaw(kit.suite.app, 'registries:rotate', {
      operationId: kit.op(),
      host: kit.basic().host,
      username: 'alice',
      password: 'not-the-password',
      targets,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'REGISTRY_UNAUTHORIZED' } });
    expect(kit.getJson('secret', name).metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    expect(kit.secretConfig(name).auths[kit.basic().host]!.password).toBe('stale-password');
    await expect(
      kit.suite.app.vault.get(kit.basic().host, 'alice').catch(() => null),
    ).resolves.toBe(saved);
  });

  it('a secret deleted or changed after the rotate scan is not recreated or overwritten', async () => {
    const deleted = kit.unique('rotdel');
    const changed = kit.unique('rotchg');
    const kept = kit.unique('rotok');
    for (const name of [deleted, changed, kept]) kit.dockerSecret(name, 'alice', 'stale-password');
    for (const name of [deleted, changed, kept]) await kit.listedCopy(name);
    const scan = await invoke(kit.suite.app, 'registries:rotate-scan', {
      host: kit.basic().host,
      username: 'alice',
      contexts: [kit.CONTEXT],
    });
    const targets = scan.targets.filter((target) => [deleted, changed, kept].includes(target.name));
    expect(targets).toHaveLength(3);
    kit.kubectl(['delete', 'secret', deleted]);
    // Someone moves the secret to another login meanwhile: the entry for alice is removed.
    kit.kubectl(
      patchDockerConfigArgs(changed, { auths: { 'other.example:5000': dockerLogin('bob', 'x') } }),
    );
    const report = await invoke(kit.suite.app, 'registries:rotate', {
      operationId: kit.op(),
      host: kit.basic().host,
      username: 'alice',
      password: kit.alice().password,
      targets,
    });
    const outcome = (name: string) => report.results.find((result) => result.name === name);
    expect(outcome(deleted)).toMatchObject({ outcome: 'not-found' });
    expect(outcome(changed)).toMatchObject({ outcome: 'conflict' });
    expect(outcome(kept)).toMatchObject({ outcome: 'updated' });
    expect(kit.exists('secret', deleted)).toBe(false);
    expect(Object.keys(kit.secretConfig(changed).auths)).toEqual(['other.example:5000']);
    expect(kit.secretConfig(kept).auths[kit.basic().host]!.password).toBe(kit.alice().password);
    // One write succeeded: the keychain now holds the new password.
    await expect(kit.suite.app.vault.get(kit.basic().host, 'alice')).resolves.toBe(
      kit.alice().password,
    );
  });

  it('sync copies from the copy the user chose, and only onto copies as the user saw them', async () => {
    const project = kit.unique('proj');
    const name = kit.unique('synced');
    await invoke(kit.suite.app, 'projects:create', {
      context: kit.CONTEXT,
      name: project,
      namespaces: ['sandbox', 'team2-app'],
    });
    try {
      await invoke(kit.suite.app, 'registries:create', {
        context: kit.CONTEXT,
        operationId: kit.op(),
        name,
        scope: { kind: 'project', project, projectKind: 'pullkey' },
        host: kit.basic().host,
        username: 'alice',
        password: 'first-password',
        skipVerify: true,
      });
      // managedFields times have a resolution of one second: let the hand edit be later.
      const createdAt = Math.floor(Date.now() / 1000);
      await kit.until(
        () => Math.floor(Date.now() / 1000),
        (second) => second > createdAt,
        'the next second',
      );
      // A user edits the team2-app copy by hand: the copies now differ.
      const edited = { auths: { [kit.basic().host]: dockerLogin('alice', 'hand-edited') } };
      kit.kubectlIn('team2-app')(patchDockerConfigArgs(name, edited));
      const list = await invoke(kit.suite.app, 'registries:list', {
        context: kit.CONTEXT,
        refresh: true,
      });
      const group = list.groups.find(
        (candidate) => candidate.name === name && candidate.scope.kind === 'project',
      )!;
      // The hand edit is the most recent write: it is the default source, so sandbox is stale.
      expect(group.sync!.stale).toEqual(['sandbox']);
      // The user chooses the sandbox copy instead.
      const source = group.copies.find((copy) => copy.namespace === 'sandbox')!;
      const report = await invoke(kit.suite.app, 'registries:sync', {
        context: kit.CONTEXT,
        operationId: kit.op(),
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
      const encoded = kit.kubectlIn('team2-app')([
        'get',
        'secret',
        name,
        '-o',
        'jsonpath={.data.\\.dockerconfigjson}',
      ]);
      expect(JSON.parse(atob(encoded)).auths[kit.basic().host].password).toBe('first-password');
    } finally {
      await invoke(kit.suite.app, 'projects:dissolve', { context: kit.CONTEXT, name: project });
      for (const namespace of ['sandbox', 'team2-app'])
        kit.kubectlIn(namespace)(['delete', 'secret', name, '--ignore-not-found']);
    }
  });
});
