/** Registries on the test cluster: see, edit and delete what was made. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke, tempDir } from './cluster-core';
import * as kit from './registries-kit';
import { dockerConfigFileSecretArgs } from '../kit/kubectl';
import { dockerLogin } from '../kit/manifests';

describe('see, edit, delete', () => {
  it('shows the masked config, the kubectl command and the YAML; reveal is explicit', async () => {
    const name = kit.unique('detail');
    await kit.createRegistry(name);
    const detail = await invoke(kit.app, 'registries:detail', {
      context: 'alpha-admin',
      namespace: 'sandbox',
      name,
    });
    for (const text of [detail.maskedConfig, detail.kubectlCommand, detail.yaml])
      expect(text).not.toContain(kit.alice().password);
    expect(detail.kubectlCommand).toBe(
      `kubectl --context alpha-admin create secret docker-registry ${name} --namespace sandbox --docker-server=${kit.basic().host} --docker-username=alice --docker-password="$REGISTRY_PASSWORD"`,
    );
    expect(detail.yaml).toContain('kind: Secret');
    expect(detail.defaultServiceAccount).toBe(false);
    const revealed = await invoke(kit.app, 'registries:reveal', {
      context: 'alpha-admin',
      namespace: 'sandbox',
      name,
    });
    expect(revealed.entries).toEqual([
      { key: kit.basic().host, username: 'alice', password: kit.alice().password },
    ]);
  });

  it('edit merges: a foreign registry entry and unknown fields stay', async () => {
    const name = kit.unique('merge');
    const foreign = {
      auths: {
        'quay.io': { ...dockerLogin('q', 'qq'), identitytoken: 'keep' },
        [kit.basic().host]: dockerLogin('alice', 'old'),
      },
    };
    const dir = await tempDir();
    await writeFile(path.join(dir, 'config.json'), JSON.stringify(foreign));
    kit.kubectl(
      'alpha-admin',
      dockerConfigFileSecretArgs('sandbox', name, path.join(dir, 'config.json')),
    );
    const list = await invoke(kit.app, 'registries:list', {
      context: 'alpha-admin',
      refresh: true,
    });
    const copy = kit.group(list, name)!.copies[0]!;
    expect(kit.group(list, name)!.managedBy).toBeNull();
    const report = await kit.editCopy(name, copy.resourceVersion);
    expect(report.results[0]!.outcome).toBe('updated');
    const config = kit.secretConfig('alpha-admin', 'sandbox', name) as {
      auths: Record<string, Record<string, string>>;
    };
    expect(config.auths['quay.io']).toEqual(foreign.auths['quay.io']);
    expect(config.auths[kit.basic().host]).toMatchObject({
      username: 'alice',
      password: kit.alice().password,
    });
  });

  it('detects a change made with kubectl in between and does not overwrite it', async () => {
    const name = kit.unique('race');
    await kit.createRegistry(name);
    const { copy } = await invoke(kit.app, 'registries:detail', {
      context: 'alpha-admin',
      namespace: 'sandbox',
      name,
    });
    kit.kubectl('alpha-admin', ['label', 'secret', name, '-n', 'sandbox', 'touched=by-kubectl']);
    const report = await kit.editCopy(name, copy.resourceVersion, {
      password: 'another',
      skipVerify: true,
    });
    expect(report.results[0]).toMatchObject({ outcome: 'conflict' });
    expect(kit.secretConfig('alpha-admin', 'sandbox', name)).toMatchObject({
      auths: { [kit.basic().host]: { password: kit.alice().password } },
    });
  });

  it('deletes every copy of a project registry', async () => {
    const name = kit.unique('gone');
    await kit.createRegistry(name, {
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
    });
    // Deletes carry the preconditions of what the user saw (uid, resourceVersion).
    const listed = kit.group(
      await invoke(kit.app, 'registries:list', { context: 'alpha-admin', refresh: true }),
      name,
    )!;
    const report = await invoke(kit.app, 'registries:delete', {
      context: 'alpha-admin',
      operationId: kit.op(),
      copies: listed.copies.map(({ namespace, uid, resourceVersion }) => ({
        namespace,
        name,
        uid,
        resourceVersion,
      })),
    });
    expect(report.results.map((result) => result.outcome)).toEqual(['deleted', 'deleted']);
    expect(
      kit
        .kubectl('alpha-admin', [
          'get',
          'secrets',
          '-A',
          '--field-selector',
          `metadata.name=${name}`,
          '-o',
          'name',
        ])
        .trim(),
    ).toBe('');
  });
});
