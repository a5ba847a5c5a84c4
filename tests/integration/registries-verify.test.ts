/** Registries on the test cluster: verify a login against the real registries. */
import { describe, expect, it } from 'vitest';
import { invoke, startCore } from './cluster-core';
import * as kit from './registries-kit';
import { registryUser } from '../kit/manifests';

describe('verify', () => {
  it('passes and fails correctly against the basic and token registries', async () => {
    await expect(
      invoke(kit.app, 'registries:verify', {
        host: kit.basic().host,
        username: 'alice',
        password: kit.alice().password,
      }),
    ).resolves.toEqual({ auth: 'basic' });
    await expect(
      invoke(kit.app, 'registries:verify', {
        host: kit.basic().host,
        username: 'alice',
        password: 'wrong',
      }),
    ).rejects.toMatchObject({ code: 'REGISTRY_UNAUTHORIZED' });
    // bob on the token registry, its CA given with the check.
    const bobOnToken = (password: string) =>
      invoke(kit.app, 'registries:verify', {
        host: kit.token().host,
        ca: kit.tokenCa(),
        username: 'bob',
        password,
      });
    await expect(bobOnToken(registryUser(kit.token(), 'bob').password)).resolves.toEqual({
      auth: 'bearer',
    });
    await expect(bobOnToken('wrong')).rejects.toMatchObject({ code: 'REGISTRY_UNAUTHORIZED' });
    // A fresh app knows no CA for the token registry yet (PullKey remembers it per host once given).
    const fresh = await startCore([kit.state.kubeconfig]);
    try {
      await expect(
        invoke(fresh, 'registries:verify', {
          host: kit.token().host,
          username: 'alice',
          password: kit.alice(kit.token()).password,
        }),
      ).rejects.toMatchObject({ code: 'REGISTRY_TLS' });
    } finally {
      await fresh.close();
    }
    await expect(
      invoke(kit.app, 'registries:verify', {
        host: kit.token().host,
        insecureSkipVerify: true,
        username: 'alice',
        password: kit.alice(kit.token()).password,
      }),
    ).resolves.toEqual({ auth: 'bearer' });
    await expect(
      invoke(kit.app, 'registries:verify', { host: 'localhost:1', username: 'a', password: 'b' }),
    ).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
  });

  it('refuses to save unverifiable credentials unless the user says so', async () => {
    const name = kit.unique('unverified');
    const input = {
      context: 'alpha-admin',
      operationId: kit.op(),
      name,
      scope: { kind: 'namespace', namespace: 'sandbox' },
      host: 'localhost:1',
      username: 'a',
      password: 'b',
    };
    await expect(invoke(kit.app, 'registries:create', input)).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
    });
    expect(() => kit.kubectl('alpha-admin', ['get', 'secret', name, '-n', 'sandbox'])).toThrow();
    const saved = await invoke(kit.app, 'registries:create', {
      ...input,
      operationId: kit.op(),
      skipVerify: true,
    });
    expect(saved.results[0]!.outcome).toBe('created');
  });
});
