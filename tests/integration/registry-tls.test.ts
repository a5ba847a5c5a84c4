/**
 * TLS for self-hosted registries is explicit (issue 9 item 3), against the REAL token registry
 * of the test cluster (https with the cluster's own CA):
 * - "Skip TLS verification" serves the one check it came with and is never persisted;
 * - the CA travels as PEM content; a path is refused; a kept CA applies to its host only, is
 *   listed and can be forgotten.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { ClusterState } from '../cluster/state';
import { clusterState, invoke, invokeRaw, startCore } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';
import { aliceCreate } from './registry-inputs';
import { registryUser, uniqueNames } from '../kit/manifests';

let state: ClusterState;
let app: Core;
const token = () => state.registries.token;
const basic = () => state.registries.basic;
const login = () => {
  const alice = registryUser(token());
  return { username: 'alice', password: alice.password };
};
let ca: string;
const unique = uniqueNames('-');

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  app = await startCore([state.kubeconfig]);
  ca = await readFile(token().caFile!, 'utf8');
});
afterAll(async () => app?.close());

/** registries:create of alice's login on the token registry, in sandbox. */
const onToken = (name: string) =>
  aliceCreate(token(), {
    context: 'alpha-admin',
    namespace: 'sandbox',
    name,
    operationId: unique('op'),
  });

async function settingsText(core: Core): Promise<string> {
  return readFile(core.settings.file, 'utf8').catch(() => '');
}

describe('registry TLS settings', () => {
  it('uses a skip for its one check and never persists it', async () => {
    await expect(
      invoke(app, 'registries:verify', {
        host: token().host,
        insecureSkipVerify: true,
        ...login(),
      }),
    ).resolves.toEqual({ auth: 'bearer' });
    // A registry saved with the skip (Save without verifying + skip) keeps no skip either.
    await invoke(app, 'registries:create', {
      ...onToken(unique('tls-skip')),
      insecureSkipVerify: true,
      skipVerify: true,
    });
    await expect(
      invoke(app, 'registries:verify', { host: token().host, ...login() }),
    ).rejects.toMatchObject({ code: 'REGISTRY_TLS' });
    expect(await settingsText(app)).not.toMatch(/insecureSkipVerify/);
  });

  it('refuses a CA path: the main process reads no file the renderer names', async () => {
    await expect(
      invokeRaw(app, 'registries:verify', {
        host: token().host,
        caFile: token().caFile,
        ...login(),
      }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await expect(
      invokeRaw(app, 'registries:verify', {
        host: token().host,
        ca: path.resolve(token().caFile!),
        ...login(),
      }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('keeps a CA given with a saved registry for that host only, lists it, and forgets it', async () => {
    // A check with a CA is only a check: nothing kept.
    await expect(
      invoke(app, 'registries:verify', { host: token().host, ca, ...login() }),
    ).resolves.toEqual({ auth: 'bearer' });
    await expect(invoke(app, 'registries:tls')).resolves.toEqual([]);

    await invoke(app, 'registries:create', { ...onToken(unique('tls-ca')), ca });
    const kept = await invoke(app, 'registries:tls');
    expect(kept).toEqual([
      {
        host: token().host,
        ca: [expect.objectContaining({ fingerprint256: expect.stringMatching(/^[0-9A-F:]+$/) })],
      },
    ]);
    // Kept for the token registry: its check works without giving the CA again...
    await expect(
      invoke(app, 'registries:verify', { host: token().host, ...login() }),
    ).resolves.toEqual({ auth: 'bearer' });
    // ...and another host does not get it.
    expect(kept.map((setting) => setting.host)).not.toContain(basic().host);

    await expect(invoke(app, 'registries:tls-forget', { host: token().host })).resolves.toEqual([]);
    await expect(
      invoke(app, 'registries:verify', { host: token().host, ...login() }),
    ).rejects.toMatchObject({ code: 'REGISTRY_TLS' });
  });
});
