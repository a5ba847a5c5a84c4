import { readFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { RegistriesList, RegistryGroup } from '../../electron/core/api/contract';
import type { ClusterState } from '../cluster/state';
import { clusterState, invoke, invokeRaw, startCore, tempDir } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';
import { kubectlSync } from '../kit/kubectl';

let state: ClusterState;
let app: Core;
let seq = 0;
const op = () => `op-${++seq}`;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

const kubectl = (context: string, args: string[], input?: string) =>
  kubectlSync(state, { context })(args, input);
function secretConfig(context: string, namespace: string, name: string): Record<string, unknown> {
  const encoded = kubectl(context, [
    'get',
    'secret',
    name,
    '-n',
    namespace,
    '-o',
    'jsonpath={.data.\\.dockerconfigjson}',
  ]);
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, unknown>;
}
const basic = () => state.registries.basic;
const token = () => state.registries.token;
/** The CA as PEM content: the test reads the file, PullKey never reads a path it is given. */
const tokenCa = () => readFileSync(token().caFile!, 'utf8');
const alice = (registry = basic()) => registry.users.find((user) => user.username === 'alice')!;
const group = (list: RegistriesList, name: string): RegistryGroup | undefined =>
  list.groups.find((candidate) => candidate.name === name);

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  app = await startCore([state.kubeconfig]);
});
afterAll(async () => app?.close());

describe('create', () => {
  it('writes exactly what kubectl create secret docker-registry writes, plus PullKey labels', async () => {
    const name = unique('regcred');
    const login = alice();
    const report = await invoke(app, 'registries:create', {
      context: 'alpha-admin',
      operationId: op(),
      name,
      scope: { kind: 'namespace', namespace: 'sandbox' },
      host: basic().host,
      username: login.username,
      password: login.password,
      email: 'alice@example.com',
    });
    expect(report.results).toEqual([
      { context: 'alpha-admin', namespace: 'sandbox', name, outcome: 'created' },
    ]);
    const reference = JSON.parse(
      kubectl('alpha-admin', [
        'create',
        'secret',
        'docker-registry',
        name,
        '-n',
        'sandbox',
        '--dry-run=client',
        '-o',
        'json',
        `--docker-server=${basic().host}`,
        `--docker-username=${login.username}`,
        `--docker-password=${login.password}`,
        '--docker-email=alice@example.com',
      ]),
    ) as { type: string; data: Record<string, string> };
    const written = JSON.parse(
      kubectl('alpha-admin', ['get', 'secret', name, '-n', 'sandbox', '-o', 'json']),
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
    await expect(app.vault.get(basic().host, login.username)).resolves.toBe(login.password);
    const list = await invoke(app, 'registries:list', { context: 'alpha-admin' });
    expect(JSON.stringify(list)).not.toContain(login.password);
    expect(group(list, name)).toMatchObject({
      hosts: [basic().host],
      usernames: ['alice'],
      namespaces: ['sandbox'],
      managedBy: 'pullkey',
    });
  });

  it('writes a project registry into every namespace of the project, reporting clashes and 2/2 in sync', async () => {
    const name = unique('projcred');
    const progress: string[] = [];
    const operationId = op();
    app.events.listen((event, payload) => {
      const message = payload as {
        operationId: string;
        result: { namespace: string; outcome: string };
      };
      if (event === 'registries:progress' && message.operationId === operationId)
        progress.push(`${message.result.namespace}:${message.result.outcome}`);
    });
    const report = await invoke(app, 'registries:create', {
      context: 'alpha-admin',
      operationId,
      name,
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      host: token().host,
      ca: tokenCa(),
      username: 'alice',
      password: alice(token()).password,
    });
    expect(report.results.map((result) => [result.namespace, result.outcome])).toEqual([
      ['team1-dev', 'created'],
      ['team1-staging', 'created'],
    ]);
    expect(progress.sort()).toEqual(['team1-dev:created', 'team1-staging:created']);
    const list = await invoke(app, 'registries:list', { context: 'alpha-admin' });
    expect(group(list, name)).toMatchObject({
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      sync: { inSync: 2, total: 2, missing: [], orphaned: [], stale: [] },
    });
    // Creating it again: identical copies are "unchanged".
    const again = await invoke(app, 'registries:create', {
      context: 'alpha-admin',
      operationId: op(),
      name,
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      host: token().host,
      ca: tokenCa(),
      username: 'alice',
      password: alice(token()).password,
    });
    expect(again.results.map((result) => result.outcome)).toEqual(['unchanged', 'unchanged']);
  });

  it('reports a name clash with a secret of any type, and alpha-dev’s 403 in team2-app, per namespace', async () => {
    const name = unique('clash');
    kubectl('alpha-admin', [
      'create',
      'secret',
      'generic',
      name,
      '-n',
      'team1-staging',
      '--from-literal=a=b',
    ]);
    const report = await invoke(app, 'registries:create', {
      context: 'alpha-admin',
      operationId: op(),
      name,
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      host: basic().host,
      username: 'alice',
      password: alice().password,
      skipVerify: true,
    });
    expect(report.results.map((result) => [result.namespace, result.outcome])).toEqual([
      ['team1-dev', 'created'],
      ['team1-staging', 'clash'],
    ]);
    expect(report.results[1]!.message).toContain('of type Opaque already exists');

    const dev = await invoke(app, 'registries:create', {
      context: 'alpha-dev',
      operationId: op(),
      name: unique('devcred'),
      scope: { kind: 'namespace', namespace: 'team2-app' },
      host: basic().host,
      username: 'alice',
      password: alice().password,
      skipVerify: true,
    });
    expect(dev.results[0]).toMatchObject({ namespace: 'team2-app', outcome: 'forbidden' });
    expect(dev.results[0]!.message).toMatch(/forbidden/);
  });
});

describe('verify', () => {
  it('passes and fails correctly against the basic and token registries', async () => {
    await expect(
      invoke(app, 'registries:verify', {
        host: basic().host,
        username: 'alice',
        password: alice().password,
      }),
    ).resolves.toEqual({ auth: 'basic' });
    await expect(
      invoke(app, 'registries:verify', {
        host: basic().host,
        username: 'alice',
        password: 'wrong',
      }),
    ).rejects.toMatchObject({ code: 'REGISTRY_UNAUTHORIZED' });
    await expect(
      invoke(app, 'registries:verify', {
        host: token().host,
        ca: tokenCa(),
        username: 'bob',
        password: token().users.find((u) => u.username === 'bob')!.password,
      }),
    ).resolves.toEqual({ auth: 'bearer' });
    await expect(
      invoke(app, 'registries:verify', {
        host: token().host,
        ca: tokenCa(),
        username: 'bob',
        password: 'wrong',
      }),
    ).rejects.toMatchObject({ code: 'REGISTRY_UNAUTHORIZED' });
    // A fresh app knows no CA for the token registry yet (PullKey remembers it per host once given).
    const fresh = await startCore([state.kubeconfig]);
    try {
      await expect(
        invoke(fresh, 'registries:verify', {
          host: token().host,
          username: 'alice',
          password: alice(token()).password,
        }),
      ).rejects.toMatchObject({ code: 'REGISTRY_TLS' });
    } finally {
      await fresh.close();
    }
    await expect(
      invoke(app, 'registries:verify', {
        host: token().host,
        insecureSkipVerify: true,
        username: 'alice',
        password: alice(token()).password,
      }),
    ).resolves.toEqual({ auth: 'bearer' });
    await expect(
      invoke(app, 'registries:verify', { host: 'localhost:1', username: 'a', password: 'b' }),
    ).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
  });

  it('refuses to save unverifiable credentials unless the user says so', async () => {
    const name = unique('unverified');
    const input = {
      context: 'alpha-admin',
      operationId: op(),
      name,
      scope: { kind: 'namespace', namespace: 'sandbox' },
      host: 'localhost:1',
      username: 'a',
      password: 'b',
    };
    await expect(invoke(app, 'registries:create', input)).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
    });
    expect(() => kubectl('alpha-admin', ['get', 'secret', name, '-n', 'sandbox'])).toThrow();
    const saved = await invoke(app, 'registries:create', {
      ...input,
      operationId: op(),
      skipVerify: true,
    });
    expect(saved.results[0]!.outcome).toBe('created');
  });
});

describe('see, edit, delete', () => {
  it('shows the masked config, the kubectl command and the YAML; reveal is explicit', async () => {
    const name = unique('detail');
    await invoke(app, 'registries:create', {
      context: 'alpha-admin',
      operationId: op(),
      name,
      scope: { kind: 'namespace', namespace: 'sandbox' },
      host: basic().host,
      username: 'alice',
      password: alice().password,
    });
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
    await invoke(app, 'registries:create', {
      context: 'alpha-admin',
      operationId: op(),
      name,
      scope: { kind: 'namespace', namespace: 'sandbox' },
      host: basic().host,
      username: 'alice',
      password: alice().password,
    });
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
    await invoke(app, 'registries:create', {
      context: 'alpha-admin',
      operationId: op(),
      name,
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      host: basic().host,
      username: 'alice',
      password: alice().password,
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

describe('live, drift, rotation, service accounts, import', () => {
  it('sees a secret created with kubectl in the list, pushed as an event', async () => {
    await invoke(app, 'registries:list', { context: 'beta-admin' });
    const name = unique('live');
    let seen = false;
    app.events.listen((event, payload) => {
      if (
        event === 'registries:changed' &&
        (payload as RegistriesList).groups.some((candidate) => candidate.name === name)
      )
        seen = true;
    });
    kubectl('beta-admin', [
      'create',
      'secret',
      'docker-registry',
      name,
      '-n',
      'beta-apps',
      `--docker-server=${basic().host}`,
      '--docker-username=x',
      '--docker-password=y',
    ]);
    await expect.poll(() => seen, { timeout: 2_000, interval: 20 }).toBe(true);
  });

  it('finds drift when namespaces join or leave a project, and syncs it', async () => {
    const project = unique('proj');
    const name = unique('drift');
    await invoke(app, 'projects:create', {
      context: 'alpha-admin',
      name: project,
      namespaces: ['sandbox'],
    });
    await invoke(app, 'registries:create', {
      context: 'alpha-admin',
      operationId: op(),
      name,
      scope: { kind: 'project', project, projectKind: 'pullkey' },
      host: basic().host,
      username: 'alice',
      password: alice().password,
    });
    await invoke(app, 'projects:create', {
      context: 'alpha-admin',
      name: project,
      namespaces: ['team2-app'],
    });
    const list = await invoke(app, 'registries:list', { context: 'alpha-admin', refresh: true });
    // team2-app joined after the registry was made: listed, and synced only once confirmed.
    expect(group(list, name)!.sync).toMatchObject({
      inSync: 1,
      total: 2,
      missing: ['team2-app'],
      joined: ['team2-app'],
    });
    let report = await invoke(app, 'registries:sync', {
      context: 'alpha-admin',
      operationId: op(),
      name,
      project,
      projectKind: 'pullkey',
      confirmJoined: ['team2-app'],
    });
    expect(report.results).toMatchObject([{ namespace: 'team2-app', outcome: 'created' }]);

    kubectl('alpha-admin', ['label', 'namespace', 'sandbox', 'pullkey.dev/project-']);
    // The namespace watch carries the label change; the registries view follows it.
    await expect
      .poll(
        async () =>
          group(await invoke(app, 'registries:list', { context: 'alpha-admin' }), name)!.sync,
        {
          timeout: 3_000,
          interval: 50,
        },
      )
      .toMatchObject({ inSync: 1, total: 1, orphaned: ['sandbox'] });
    report = await invoke(app, 'registries:sync', {
      context: 'alpha-admin',
      operationId: op(),
      name,
      project,
      projectKind: 'pullkey',
    });
    expect(report.results).toMatchObject([{ namespace: 'sandbox', outcome: 'deleted' }]);
    await invoke(app, 'projects:dissolve', { context: 'alpha-admin', name: project });
  });

  it('rotates a password in every secret on alpha AND beta, and in the keychain', async () => {
    const name = unique('rot');
    // The new password is verified against the registry first: rotate to alice's real one.
    const login = { username: 'alice', password: 'old-password' };
    for (const [context, namespace] of [
      ['alpha-admin', 'sandbox'],
      ['beta-admin', 'beta-apps'],
    ] as const) {
      await invoke(app, 'registries:create', {
        context,
        operationId: op(),
        name,
        scope: { kind: 'namespace', namespace },
        host: basic().host,
        ...login,
        skipVerify: true,
      });
    }
    const scan = await invoke(app, 'registries:rotate-scan', {
      host: basic().host,
      username: 'alice',
      contexts: ['alpha-admin', 'beta-admin'],
    });
    const mine = scan.targets.filter((target) => target.name === name);
    expect(mine.map((target) => target.context).sort()).toEqual(['alpha-admin', 'beta-admin']);
    const report = await invoke(app, 'registries:rotate', {
      operationId: op(),
      host: basic().host,
      username: 'alice',
      password: alice().password,
      targets: mine,
    });
    expect(report.results.map((result) => result.outcome)).toEqual(['updated', 'updated']);
    expect(secretConfig('alpha-admin', 'sandbox', name)).toMatchObject({
      auths: { [basic().host]: { password: alice().password } },
    });
    expect(secretConfig('beta-admin', 'beta-apps', name)).toMatchObject({
      auths: { [basic().host]: { password: alice().password } },
    });
    await expect(app.vault.get(basic().host, 'alice')).resolves.toBe(alice().password);
  });

  it('adds the secret to the default ServiceAccount so a pod created by kubectl pulls', async () => {
    const name = unique('sa');
    const image = `${token().host}/private/api:2.0`;
    await invoke(app, 'registries:create', {
      context: 'alpha-admin',
      operationId: op(),
      name,
      scope: { kind: 'namespace', namespace: 'team1-staging' },
      host: token().host,
      ca: tokenCa(),
      username: 'alice',
      password: alice(token()).password,
    });
    await expect(
      invoke(app, 'serviceaccounts:pull-secret', {
        context: 'alpha-admin',
        namespace: 'team1-staging',
        secret: name,
        enabled: true,
      }),
    ).resolves.toMatchObject({ imagePullSecrets: expect.arrayContaining([name]) });
    const again = await invoke(app, 'serviceaccounts:pull-secret', {
      context: 'alpha-admin',
      namespace: 'team1-staging',
      secret: name,
      enabled: true,
    });
    expect(again.imagePullSecrets.filter((entry) => entry === name)).toHaveLength(1);
    const pod = unique('sa-pod');
    kubectl('alpha-admin', [
      'run',
      pod,
      '-n',
      'team1-staging',
      `--image=${image}`,
      '--restart=Never',
    ]);
    kubectl('alpha-admin', [
      'wait',
      '-n',
      'team1-staging',
      `pod/${pod}`,
      '--for=condition=Ready',
      '--timeout=60s',
    ]);
    const removed = await invoke(app, 'serviceaccounts:pull-secret', {
      context: 'alpha-admin',
      namespace: 'team1-staging',
      secret: name,
      enabled: false,
    });
    expect(removed.imagePullSecrets).not.toContain(name);
    kubectl('alpha-admin', ['delete', 'pod', pod, '-n', 'team1-staging', '--wait=false']);
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
    const importer = await startCore([state.kubeconfig]);
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
    const raw = await invokeRaw(app, 'docker:import', { logins: [] });
    expect(raw).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
