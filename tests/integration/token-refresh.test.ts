/**
 * Refresh from this computer (issue 21) with fake refresh sources on PATH — small scripts, test
 * stand-ins, never real tools: `docker-credential-pk-test-fresh` answers with the ECR-shaped login
 * the test registry accepts; a fake `aws` fails like an expired AWS SSO session;
 * `docker-credential-pk-test-hang` never answers (timeout, Cancel). Copies of the registry in two
 * namespaces of two contexts hold an expired ECR token; after Refresh now kubectl shows every
 * copy holding the new token at a new version, an engine's copy (Reflector) untouched, and the
 * keychain holding the new token. A failed or cancelled refresh writes nothing.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core';
import { runTokenCommand } from '../../electron/core/registries/token-command';
import { sourceCommand } from '../../electron/core/tokens/sources';
import type { ClusterState } from '../cluster/state';
import { kubectlAsync } from '../kit/kubectl';
import { dockerRegistrySecretArgs } from '../kit/manifests';
import { ecrToken } from '../kit/tokens';
import { clusterState, invoke, tempDir } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';

const id = Date.now().toString(36);
const namespace = `tok-${id}`;
const contexts = ['alpha-admin', 'beta-admin'];
const expired = ecrToken(Date.now() - 2 * 3600_000);
let state: ClusterState;
let app: Core;
let bin: string;
let host: string;
let fresh: { username: string; password: string; expiresAt: string };

const kubectl = (context: string, args: string[]) =>
  kubectlAsync(state, { context })(args, undefined, context);
const secretData = async (context: string, name: string) => {
  const secret = JSON.parse(
    await kubectl(context, ['get', 'secret', name, '-n', namespace, '-o', 'json']),
  ) as { metadata: { resourceVersion: string }; data: Record<string, string> };
  const config = JSON.parse(
    Buffer.from(secret.data['.dockerconfigjson']!, 'base64').toString('utf8'),
  ) as { auths: Record<string, { username: string; password: string; auth: string }> };
  return { version: secret.metadata.resourceVersion, entry: config.auths[host]! };
};
const script = async (name: string, body: string) => {
  await writeFile(
    path.join(bin, name),
    `#!/bin/sh\n# PullKey test stand-in, not the real tool.\n${body}\n`,
  );
  await chmod(path.join(bin, name), 0o755);
};

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  const basic = state.registries.basic;
  if (!basic.ecrLogin) throw new Error('cluster.json has no ecrLogin: npm run cluster:up again');
  fresh = basic.ecrLogin;
  host = basic.host;
  const dir = await tempDir('pk-tokens-');
  bin = path.join(dir, 'bin');
  await mkdir(bin);
  await script(
    'docker-credential-pk-test-fresh',
    `read server\nprintf '{"ServerURL":"%s","Username":"AWS","Secret":"${fresh.password}"}' "$server"`,
  );
  await script(
    'aws',
    `echo "" >&2\necho "Error when retrieving token from sso: Token has expired and refresh failed" >&2\nexit 255`,
  );
  await script('docker-credential-pk-test-hang', 'exec sleep 60');
  for (const context of contexts) {
    await kubectl(context, ['create', 'namespace', namespace]);
    for (const name of ['ecr-a', 'ecr-b'])
      await kubectl(
        context,
        dockerRegistrySecretArgs(namespace, name, host, { username: 'AWS', password: expired }),
      );
  }
  // A copy Reflector keeps: never written by PullKey.
  await kubectl('alpha-admin', [
    ...dockerRegistrySecretArgs(namespace, 'ecr-mirror', host, {
      username: 'AWS',
      password: expired,
    }),
  ]);
  await kubectl('alpha-admin', [
    'annotate',
    'secret',
    'ecr-mirror',
    '-n',
    namespace,
    `reflector.v1.k8s.emberstack.com/reflects=${namespace}/ecr-a`,
  ]);
  app = createCore({
    host: { name: 'PullKey', version: 'test' },
    settingsDir: await tempDir('pk-settings-'),
    kubeconfig: [state.kubeconfig],
    watchKubeconfig: false,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
}, 60_000);

afterAll(async () => {
  await app?.vault.delete(host, 'AWS').catch(() => undefined);
  await app?.close();
  for (const context of contexts)
    await kubectl(context, ['delete', 'namespace', namespace, '--wait=false']).catch(
      () => undefined,
    );
});

describe('tokens: know, refresh from this computer', () => {
  it('the list shows each copy holding an expired ECR token (never the token)', async () => {
    const list = await invoke(app, 'registries:list', { context: 'alpha-admin', refresh: true });
    const copies = list.groups
      .flatMap((group) => group.copies)
      .filter((c) => c.namespace === namespace);
    expect(copies.map((copy) => copy.name).sort()).toEqual(['ecr-a', 'ecr-b', 'ecr-mirror']);
    for (const copy of copies) {
      expect(copy.entries[0]!.token).toMatchObject({ kind: 'ecr', estimate: false });
      expect(Date.parse(copy.entries[0]!.token!.expiresAt!)).toBeLessThan(Date.now());
    }
    expect(JSON.stringify(list)).not.toContain(expired);
  });

  it('a source failing like an expired AWS SSO session: the reason in plain words, nothing written', async () => {
    const before = await secretData('alpha-admin', 'ecr-a');
    await invoke(app, 'tokens:set-source', {
      host,
      source: { kind: 'aws', region: 'eu-west-1' },
      contexts,
    });
    await expect(
      invoke(app, 'tokens:refresh', { host, operationId: `aws-${id}` }),
    ).rejects.toMatchObject({
      code: 'TOKEN_REFRESH_FAILED',
      message: expect.stringContaining(
        'the AWS SSO session expired: run `aws sso login` in a terminal',
      ),
    });
    expect((await secretData('alpha-admin', 'ecr-a')).version).toBe(before.version);
  });

  it('a hanging helper: stopped at the timeout; Cancel stops it at once; nothing written', async () => {
    const command = sourceCommand({ kind: 'helper', helper: 'pk-test-hang' }, host);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    let started = Date.now();
    await expect(runTokenCommand(command, env, { timeoutMs: 700 })).rejects.toMatchObject({
      code: 'TOKEN_REFRESH_FAILED',
      message: 'docker-credential-pk-test-hang did not answer within 1 s: stopped',
    });
    expect(Date.now() - started).toBeLessThan(5_000);

    const before = await secretData('beta-admin', 'ecr-b');
    await invoke(app, 'tokens:set-source', {
      host,
      source: { kind: 'helper', helper: 'pk-test-hang' },
    });
    const operationId = `hang-${id}`;
    started = Date.now();
    const refresh = invoke(app, 'tokens:refresh', { host, operationId });
    setTimeout(() => void invoke(app, 'registries:cancel', { operationId }), 300);
    await expect(refresh).rejects.toMatchObject({ code: 'TOKEN_REFRESH_CANCELLED' });
    console.log(`[tokens] a hanging helper cancelled after ${Date.now() - started} ms`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await secretData('beta-admin', 'ecr-b')).version).toBe(before.version);
  });

  it('Refresh now: every copy in both contexts holds the new token (verified), the engine copy untouched, the keychain the new token', async () => {
    const helpers = await invoke(app, 'tokens:sources');
    expect(helpers.helpers).toEqual(expect.arrayContaining(['pk-test-fresh', 'pk-test-hang']));
    const before = {
      'alpha-admin/ecr-a': await secretData('alpha-admin', 'ecr-a'),
      'alpha-admin/ecr-b': await secretData('alpha-admin', 'ecr-b'),
      'beta-admin/ecr-a': await secretData('beta-admin', 'ecr-a'),
      'beta-admin/ecr-b': await secretData('beta-admin', 'ecr-b'),
    };
    const mirror = await secretData('alpha-admin', 'ecr-mirror');
    await invoke(app, 'tokens:set-source', {
      host,
      source: { kind: 'helper', helper: 'pk-test-fresh' },
      contexts,
    });
    const started = Date.now();
    const report = await invoke(app, 'tokens:refresh', { host, operationId: `fresh-${id}` });
    console.log(`[tokens] Refresh now: 4 copies in 2 contexts in ${Date.now() - started} ms`);
    expect(report.expiresAt).toBe(fresh.expiresAt);
    const mine = report.results.filter((result) => result.namespace === namespace);
    expect(mine.map((r) => `${r.context}/${r.name} ${r.outcome}`).sort()).toEqual([
      'alpha-admin/ecr-a updated',
      'alpha-admin/ecr-b updated',
      'alpha-admin/ecr-mirror unchanged',
      'beta-admin/ecr-a updated',
      'beta-admin/ecr-b updated',
    ]);
    for (const [where, seen] of Object.entries(before)) {
      const [context, name] = where.split('/') as [string, string];
      const now = await secretData(context, name);
      expect(now.version).not.toBe(seen.version);
      expect(now.entry).toEqual({
        username: 'AWS',
        password: fresh.password,
        auth: Buffer.from(`AWS:${fresh.password}`).toString('base64'),
      });
    }
    // The Reflector copy follows its source (ecr-a, written above); PullKey never writes it.
    expect(mine.find((r) => r.name === 'ecr-mirror')?.message).toMatch(
      new RegExp(`follows from source ${namespace}/ecr-a \\(Reflector\\)`),
    );
    expect(await secretData('alpha-admin', 'ecr-mirror')).toEqual(mirror);
    await expect(app.vault.get(host, 'AWS')).resolves.toBe(fresh.password);
    const list = await invoke(app, 'registries:list', { context: 'beta-admin', refresh: true });
    const copy = list.groups.flatMap((g) => g.copies).find((c) => c.namespace === namespace)!;
    expect(copy.entries[0]!.token!.expiresAt).toBe(fresh.expiresAt);
    expect(JSON.stringify(report)).not.toContain(fresh.password);
  });
});
