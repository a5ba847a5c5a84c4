/** Registries on the test cluster: live list, drift, rotation, service accounts, import. */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RegistriesList } from '../../electron/core/api/contract';
import { invoke, invokeRaw, startCore, tempDir } from './cluster-core';
import * as kit from './registries-kit';
import { dockerRegistrySecretArgs } from '../kit/manifests';

describe('live, drift, rotation, service accounts, import', () => {
  it('sees a secret created with kubectl in the list, pushed as an event', async () => {
    await invoke(kit.app, 'registries:list', { context: 'beta-admin' });
    const name = kit.unique('live');
    let seen = false;
    kit.app.events.listen((event, payload) => {
      if (
        event === 'registries:changed' &&
        (payload as RegistriesList).groups.some((candidate) => candidate.name === name)
      )
        seen = true;
    });
    kit.kubectl(
      'beta-admin',
      dockerRegistrySecretArgs('beta-apps', name, kit.basic().host, {
        username: 'x',
        password: 'y',
      }),
    );
    await expect.poll(() => seen, { timeout: 2_000, interval: 20 }).toBe(true);
  });

  it('finds drift when namespaces join or leave a project, and syncs it', async () => {
    const project = kit.unique('proj');
    const name = kit.unique('drift');
    await invoke(kit.app, 'projects:create', {
      context: 'alpha-admin',
      name: project,
      namespaces: ['sandbox'],
    });
    await kit.createRegistry(name, { scope: { kind: 'project', project, projectKind: 'pullkey' } });
    await invoke(kit.app, 'projects:create', {
      context: 'alpha-admin',
      name: project,
      namespaces: ['team2-app'],
    });
    const list = await invoke(kit.app, 'registries:list', {
      context: 'alpha-admin',
      refresh: true,
    });
    // team2-app joined after the registry was made: listed, and synced only once confirmed.
    expect(kit.group(list, name)!.sync).toMatchObject({
      inSync: 1,
      total: 2,
      missing: ['team2-app'],
      joined: ['team2-app'],
    });
    let report = await invoke(kit.app, 'registries:sync', {
      context: 'alpha-admin',
      operationId: kit.op(),
      name,
      project,
      projectKind: 'pullkey',
      confirmJoined: ['team2-app'],
    });
    expect(report.results).toMatchObject([{ namespace: 'team2-app', outcome: 'created' }]);

    kit.kubectl('alpha-admin', ['label', 'namespace', 'sandbox', 'pullkey.dev/project-']);
    // The namespace watch carries the label change; the registries view follows it.
    await expect
      .poll(
        async () =>
          kit.group(await invoke(kit.app, 'registries:list', { context: 'alpha-admin' }), name)!
            .sync,
        {
          timeout: 3_000,
          interval: 50,
        },
      )
      .toMatchObject({ inSync: 1, total: 1, orphaned: ['sandbox'] });
    report = await invoke(kit.app, 'registries:sync', {
      context: 'alpha-admin',
      operationId: kit.op(),
      name,
      project,
      projectKind: 'pullkey',
    });
    expect(report.results).toMatchObject([{ namespace: 'sandbox', outcome: 'deleted' }]);
    await invoke(kit.app, 'projects:dissolve', { context: 'alpha-admin', name: project });
  });

  it('rotates a password in every secret on alpha AND beta, and in the keychain', async () => {
    const name = kit.unique('rot');
    // The new password is verified against the registry first: rotate to alice's real one.
    const login = { username: 'alice', password: 'old-password' };
    for (const [context, namespace] of [
      ['alpha-admin', 'sandbox'],
      ['beta-admin', 'beta-apps'],
    ] as const) {
      await invoke(kit.app, 'registries:create', {
        context,
        operationId: kit.op(),
        name,
        scope: { kind: 'namespace', namespace },
        host: kit.basic().host,
        ...login,
        skipVerify: true,
      });
    }
    const scan = await invoke(kit.app, 'registries:rotate-scan', {
      host: kit.basic().host,
      username: 'alice',
      contexts: ['alpha-admin', 'beta-admin'],
    });
    const mine = scan.targets.filter((target) => target.name === name);
    expect(mine.map((target) => target.context).sort()).toEqual(['alpha-admin', 'beta-admin']);
    const report = await invoke(kit.app, 'registries:rotate', {
      operationId: kit.op(),
      host: kit.basic().host,
      username: 'alice',
      password: kit.alice().password,
      targets: mine,
    });
    expect(report.results.map((result) => result.outcome)).toEqual(['updated', 'updated']);
    expect(kit.secretConfig('alpha-admin', 'sandbox', name)).toMatchObject({
      auths: { [kit.basic().host]: { password: kit.alice().password } },
    });
    expect(kit.secretConfig('beta-admin', 'beta-apps', name)).toMatchObject({
      auths: { [kit.basic().host]: { password: kit.alice().password } },
    });
    await expect(kit.app.vault.get(kit.basic().host, 'alice')).resolves.toBe(kit.alice().password);
  });

  it('adds the secret to the default ServiceAccount so a pod created by kubectl pulls', async () => {
    const name = kit.unique('sa');
    const image = `${kit.token().host}/private/api:2.0`;
    await kit.createRegistry(name, {
      scope: { kind: 'namespace', namespace: 'team1-staging' },
      host: kit.token().host,
      ca: kit.tokenCa(),
      password: kit.alice(kit.token()).password,
    });
    await expect(
      invoke(kit.app, 'serviceaccounts:pull-secret', {
        context: 'alpha-admin',
        namespace: 'team1-staging',
        secret: name,
        enabled: true,
      }),
    ).resolves.toMatchObject({ imagePullSecrets: expect.arrayContaining([name]) });
    const again = await invoke(kit.app, 'serviceaccounts:pull-secret', {
      context: 'alpha-admin',
      namespace: 'team1-staging',
      secret: name,
      enabled: true,
    });
    expect(again.imagePullSecrets.filter((entry) => entry === name)).toHaveLength(1);
    const pod = kit.unique('sa-pod');
    kit.kubectl('alpha-admin', [
      'run',
      pod,
      '-n',
      'team1-staging',
      `--image=${image}`,
      '--restart=Never',
    ]);
    kit.kubectl('alpha-admin', [
      'wait',
      '-n',
      'team1-staging',
      `pod/${pod}`,
      '--for=condition=Ready',
      '--timeout=60s',
    ]);
    const removed = await invoke(kit.app, 'serviceaccounts:pull-secret', {
      context: 'alpha-admin',
      namespace: 'team1-staging',
      secret: name,
      enabled: false,
    });
    expect(removed.imagePullSecrets).not.toContain(name);
    kit.kubectl('alpha-admin', ['delete', 'pod', pod, '-n', 'team1-staging', '--wait=false']);
  }, 90_000);

  it('imports a login from the Docker config through a credential helper', async () => {
    const dir = await tempDir();
    const binDir = path.join(dir, 'bin');
    await mkdir(binDir);
    const helper = path.join(binDir, 'docker-credential-pktest');
    await writeFile(
      helper,
      `#!/bin/sh\nread server\nif [ "$1" = get ] && [ "$server" = "helper.example:5000" ]; then printf '{"ServerURL":"%s","Username":"helperuser","Secret":"helper-secret"}' "$server"; else echo "credentials not found" >&2; exit 1; fi\n`,
    );
    await chmod(helper, 0o755);
    await writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': {
            auth: Buffer.from('hubuser:hubpass').toString('base64'),
          },
        },
        credHelpers: { 'helper.example:5000': 'pktest' },
      }),
    );
    const importer = await startCore([kit.state.kubeconfig]);
    Object.assign(process.env, {});
    const env = { DOCKER_CONFIG: dir, PATH: `${binDir}:${process.env.PATH}` };
    const previous = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, PATH: process.env.PATH };
    Object.assign(process.env, env);
    try {
      const logins = await invoke(importer, 'docker:logins');
      // Listed without running its helper (docker runs it only for that registry): the
      // username is read on import.
      expect(logins).toEqual([
        {
          host: 'helper.example:5000',
          username: null,
          source: 'credHelpers',
          helper: 'pktest',
          error: null,
        },
        {
          host: 'https://index.docker.io/v1/',
          username: 'hubuser',
          source: 'auths',
          helper: null,
          error: null,
        },
      ]);
      const saved = await invoke(importer, 'docker:import', {
        logins: [
          { host: 'helper.example:5000', username: '' },
          { host: 'https://index.docker.io/v1/', username: 'hubuser' },
        ],
      });
      // The report: the keychain's logins after the import, and each login's outcome.
      expect(saved.logins).toEqual(
        expect.arrayContaining([
          { host: 'helper.example:5000', username: 'helperuser' },
          // Docker Hub is one host everywhere: saved as docker.io whatever the spelling.
          { host: 'docker.io', username: 'hubuser' },
        ]),
      );
      expect(saved.results.map((result) => [result.host, result.outcome])).toEqual([
        ['helper.example:5000', 'imported'],
        ['https://index.docker.io/v1/', 'imported'],
      ]);
      expect(saved.results[0]!.username).toBe('helperuser');
      await expect(importer.vault.get('docker.io', 'hubuser')).resolves.toBe('hubpass');
      await expect(importer.vault.get('helper.example:5000', 'helperuser')).resolves.toBe(
        'helper-secret',
      );
    } finally {
      Object.assign(process.env, previous);
      await importer.close();
    }
    const raw = await invokeRaw(kit.app, 'docker:import', { logins: [] });
    expect(raw).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
