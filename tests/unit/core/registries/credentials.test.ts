import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistryCredentials } from '@core/registries/credentials';
import { createRegistryTls } from '@core/settings/registry-tls';
import { createSettingsStore } from '@core/settings/store';
import type { Vault } from '@core/vault/vault';

/** A keychain of logins keyed `host|username`; `failSet` makes every save fail. */
function fakeVault(saved: Record<string, string> = {}, failSet = false) {
  const store = new Map(Object.entries(saved));
  const vault: Vault = {
    status: async () => ({ available: true }) as unknown as Awaited<ReturnType<Vault['status']>>,
    set: async ({ host, username, password }) => {
      if (failSet) throw new Error('keychain locked');
      store.set(`${host}|${username}`, password);
    },
    get: async (host, username) => store.get(`${host}|${username}`) ?? null,
    delete: async (host, username) => store.delete(`${host}|${username}`),
    listLogins: async () => [],
  };
  return { vault, store };
}

async function credentials(vault: Vault) {
  const settings = createSettingsStore(await mkdtemp(path.join(os.tmpdir(), 'pk-cred-')));
  return createRegistryCredentials(vault, createRegistryTls(settings));
}

describe('registry credentials: the login side of a write', () => {
  it('the password given now wins over a saved one', async () => {
    const { vault } = fakeVault({ 'registry.example.com|alice': 'saved' });
    const login = await credentials(vault);
    await expect(
      login.passwordFor({ host: 'registry.example.com', username: 'alice', password: 'typed' }),
    ).resolves.toBe('typed');
  });

  it('without one, the saved login of host + username (host as the keychain spells it)', async () => {
    const { vault } = fakeVault({ 'registry.example.com|alice': 'saved' });
    const login = await credentials(vault);
    await expect(
      login.passwordFor({ host: 'https://registry.example.com/v2/', username: 'alice' }),
    ).resolves.toBe('saved');
  });

  it('no password and no saved login is an input error naming the login, not the password', async () => {
    const login = await credentials(fakeVault().vault);
    await expect(
      login.passwordFor({ host: 'registry.example.com', username: 'bob' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'No password given and no saved login for bob@registry.example.com',
    });
  });

  it('remembers a login typed now; a saved one is not written again', async () => {
    const { vault, store } = fakeVault();
    const login = await credentials(vault);
    const warnings: string[] = [];
    await login.remember({ host: 'registry.example.com', username: 'alice' }, 'x', warnings);
    expect(store.size).toBe(0);
    await login.remember(
      { host: 'registry.example.com', username: 'alice', password: 'typed' },
      'typed',
      warnings,
    );
    expect(store.get('registry.example.com|alice')).toBe('typed');
    expect(warnings).toEqual([]);
  });

  it('a keychain that refuses the save is a warning, not a lost write', async () => {
    const login = await credentials(fakeVault({}, true).vault);
    const warnings: string[] = [];
    await login.remember(
      { host: 'registry.example.com', username: 'alice', password: 'typed' },
      'typed',
      warnings,
    );
    expect(warnings).toEqual(['The password was not saved in the keychain: keychain locked']);
  });

  it('TLS for a request: the CA given now; a skip of verification is passed, never kept', async () => {
    const login = await credentials(fakeVault().vault);
    await expect(
      login.tlsFor({ host: 'registry.example.com', insecureSkipVerify: true }),
    ).resolves.toEqual({ ca: null, insecureSkipVerify: true });
    await expect(login.tlsFor({ host: 'registry.example.com', ca: 'PEM' })).resolves.toEqual({
      ca: 'PEM',
      insecureSkipVerify: false,
    });
    await expect(login.tlsFor({ host: 'registry.example.com' })).resolves.toEqual({
      ca: null,
      insecureSkipVerify: false,
    });
  });
});
