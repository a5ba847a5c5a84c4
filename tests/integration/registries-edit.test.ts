/** Registries on the test cluster: see, edit and delete what was made. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke, tempDir } from './cluster-core';
import {
  app,
  op,
  unique,
  kubectl,
  secretConfig,
  basic,
  alice,
  group,
  createRegistry,
} from './registries-kit';

describe('see, edit, delete', () => {
  it('shows the masked config, the kubectl command and the YAML; reveal is explicit', async () => {
    const name = unique('detail');
    await createRegistry(name);
    const detail = await invoke(app, 'registries:detail', {
      context: 'alpha-admin',
      namespace: 'sandbox',
      name,
    });
    for (const text of [detail.maskedConfig, detail.kubectlCommand, detail.yaml])
      expect(text).not.toContain(alice().password);
    expect(detail.kubectlCommand).toBe(
      `kubectl --context alpha-admin create secret docker-registry ${name} --namespace sandbox --docker-server=${basic().host} --docker-username=alice --docker-password="$REGISTRY_PASSWORD"`,
    );
    expect(detail.yaml).toContain('kind: Secret');
    expect(detail.defaultServiceAccount).toBe(false);
    const revealed = await invoke(app, 'registries:reveal', {
      context: 'alpha-admin',
      namespace: 'sandbox',
      name,
    });
    expect(revealed.entries).toEqual([
      { key: basic().host, username: 'alice', password: alice().password },
    ]);
  });

  it('edit merges: a foreign registry entry and unknown fields stay', async () => {
    const name = unique('merge');
    const foreign = {
      auths: {
        'quay.io': {
          username: 'q',
          password: 'qq',
          auth: Buffer.from('q:qq').toString('base64'),
          identitytoken: 'keep',
        },
        [basic().host]: {
          username: 'alice',
          password: 'old',
          auth: Buffer.from('alice:old').toString('base64'),
        },
      },
    };
    const dir = await tempDir();
    await writeFile(path.join(dir, 'config.json'), JSON.stringify(foreign));
    kubectl('alpha-admin', [
      'create',
      'secret',
      'generic',
      name,
      '-n',
      'sandbox',
      '--type=kubernetes.io/dockerconfigjson',
      `--from-file=.dockerconfigjson=${path.join(dir, 'config.json')}`,
    ]);
    const list = await invoke(app, 'registries:list', { context: 'alpha-admin', refresh: true });
    const copy = group(list, name)!.copies[0]!;
    expect(group(list, name)!.managedBy).toBeNull();
    const report = await invoke(app, 'registries:edit', {
      context: 'alpha-admin',
      operationId: op(),
      copies: [{ namespace: 'sandbox', name, resourceVersion: copy.resourceVersion }],
      entryKey: basic().host,
      host: basic().host,
      username: 'alice',
      password: alice().password,
    });
    expect(report.results[0]!.outcome).toBe('updated');
    const config = secretConfig('alpha-admin', 'sandbox', name) as {
      auths: Record<string, Record<string, string>>;
    };
    expect(config.auths['quay.io']).toEqual(foreign.auths['quay.io']);
    expect(config.auths[basic().host]).toMatchObject({
      username: 'alice',
      password: alice().password,
    });
  });

  it('detects a change made with kubectl in between and does not overwrite it', async () => {
    const name = unique('race');
    await createRegistry(name);
    const { copy } = await invoke(app, 'registries:detail', {
      context: 'alpha-admin',
      namespace: 'sandbox',
      name,
    });
    kubectl('alpha-admin', ['label', 'secret', name, '-n', 'sandbox', 'touched=by-kubectl']);
    const report = await invoke(app, 'registries:edit', {
      context: 'alpha-admin',
      operationId: op(),
      copies: [{ namespace: 'sandbox', name, resourceVersion: copy.resourceVersion }],
      entryKey: basic().host,
      host: basic().host,
      username: 'alice',
      password: 'another',
      skipVerify: true,
    });
    expect(report.results[0]).toMatchObject({ outcome: 'conflict' });
    expect(secretConfig('alpha-admin', 'sandbox', name)).toMatchObject({
      auths: { [basic().host]: { password: alice().password } },
    });
  });

  it('deletes every copy of a project registry', async () => {
    const name = unique('gone');
    await createRegistry(name, {
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
    });
    // Deletes carry the preconditions of what the user saw (uid, resourceVersion).
    const listed = group(
      await invoke(app, 'registries:list', { context: 'alpha-admin', refresh: true }),
      name,
    )!;
    const report = await invoke(app, 'registries:delete', {
      context: 'alpha-admin',
      operationId: op(),
      copies: listed.copies.map(({ namespace, uid, resourceVersion }) => ({
        namespace,
        name,
        uid,
        resourceVersion,
      })),
    });
    expect(report.results.map((result) => result.outcome)).toEqual(['deleted', 'deleted']);
    expect(
      kubectl('alpha-admin', [
        'get',
        'secrets',
        '-A',
        '--field-selector',
        `metadata.name=${name}`,
        '-o',
        'name',
      ]).trim(),
    ).toBe('');
  });
});
