import { describe, expect, it } from 'vitest';
import { keychainError } from '@core/vault/keychain-errors';
import {
  accountFor,
  createVault,
  parseAccount,
  VAULT_SERVICE,
  type KeytarLike,
} from '@core/vault/vault';

function fakeKeytar(): KeytarLike & { store: Map<string, string> } {
  const store = new Map<string, string>();
  const key = (service: string, account: string) => `${service}\u0000${account}`;
  return {
    store,
    async getPassword(service, account) {
      return store.get(key(service, account)) ?? null;
    },
    async setPassword(service, account, password) {
      store.set(key(service, account), password);
    },
    async deletePassword(service, account) {
      return store.delete(key(service, account));
    },
    async findCredentials(service) {
      return [...store.entries()]
        .filter(([k]) => k.startsWith(`${service}\u0000`))
        .map(([k, password]) => ({ account: k.split('\u0000')[1] ?? '', password }));
    },
  };
}

function failingKeytar(message: string): KeytarLike {
  const fail = async () => {
    throw new Error(message);
  };
  return { getPassword: fail, setPassword: fail, deletePassword: fail, findCredentials: fail };
}

describe('vault accounts', () => {
  it('are <host>|<username> with the host lower-cased', () => {
    expect(accountFor('Registry.Example.com:5000', 'Alice')).toBe(
      'registry.example.com:5000|Alice',
    );
    expect(parseAccount('ghcr.io|bob|with|bars')).toEqual({
      host: 'ghcr.io',
      username: 'bob|with|bars',
    });
    expect(parseAccount('no-separator')).toBeNull();
  });
  it('refuse an empty username or a host with |', () => {
    expect(() => accountFor('a|b', 'u')).toThrow(/Invalid registry host/);
    expect(() => accountFor('ghcr.io', '')).toThrow(/username is required/);
  });
});

describe('vault', () => {
  it('stores, reads, lists (without passwords) and deletes logins under service PullKey', async () => {
    const keytar = fakeKeytar();
    const vault = createVault(async () => keytar, 'fake');
    await vault.set({ host: 'ghcr.io', username: 'bob', password: 'p:w ü' });
    await vault.set({ host: 'localhost:5000', username: 'alice', password: 'x' });
    expect([...keytar.store.keys()][0]).toBe(`${VAULT_SERVICE}\u0000ghcr.io|bob`);
    await expect(vault.get('GHCR.io', 'bob')).resolves.toBe('p:w ü');
    const logins = await vault.listLogins();
    expect(logins).toEqual([
      { host: 'ghcr.io', username: 'bob' },
      { host: 'localhost:5000', username: 'alice' },
    ]);
    expect(JSON.stringify(logins)).not.toContain('p:w');
    await expect(vault.delete('ghcr.io', 'bob')).resolves.toBe(true);
    await expect(vault.get('ghcr.io', 'bob')).resolves.toBeNull();
    await expect(vault.status()).resolves.toEqual({ available: true, backend: 'fake' });
  });

  it('refuses an empty password', async () => {
    const vault = createVault(async () => fakeKeytar(), 'fake');
    await expect(vault.set({ host: 'h', username: 'u', password: '' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('reports a missing Secret Service as unavailable, with the reason', async () => {
    const vault = createVault(
      async () =>
        failingKeytar('The name org.freedesktop.secrets was not provided by any .service files'),
      'Secret Service (libsecret)',
    );
    const status = await vault.status();
    expect(status).toMatchObject({ available: false, code: 'VAULT_UNAVAILABLE' });
    expect(!status.available && status.reason).toMatch(/No OS keychain is available/);
    await expect(vault.listLogins()).rejects.toMatchObject({ code: 'VAULT_UNAVAILABLE' });
  });

  it('reports a locked keychain as locked', async () => {
    const vault = createVault(
      async () => failingKeytar('Cannot create an item in a locked collection'),
      'x',
    );
    await expect(vault.status()).resolves.toMatchObject({ available: false, code: 'VAULT_LOCKED' });
    await expect(
      vault.set({ host: 'h', username: 'u', password: 'secret-value' }),
    ).rejects.toSatisfy(
      (error: Error & { code: string }) =>
        error.code === 'VAULT_LOCKED' && !JSON.stringify(error).includes('secret-value'),
    );
  });

  it('turns a keytar module that cannot load into a status, and retries loading later', async () => {
    let attempts = 0;
    const vault = createVault(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('libsecret-1.so.0: cannot open shared object file');
      return fakeKeytar();
    }, 'fake');
    const first = await vault.status();
    expect(first).toMatchObject({ available: false, code: 'VAULT_UNAVAILABLE' });
    expect(!first.available && first.reason).toMatch(/keychain module could not be loaded/);
    await expect(vault.status()).resolves.toEqual({ available: true, backend: 'fake' });
  });
});

describe('keychainError', () => {
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'VAULT_UNAVAILABLE'],
    ['Could not connect: No such file or directory', 'VAULT_UNAVAILABLE'],
    ['User interaction is not allowed.', 'VAULT_LOCKED'],
    ['The user cancelled the prompt', 'VAULT_LOCKED'],
    ['Something else entirely', 'VAULT_FAILED'],
  ])('maps %j to %s', (message, code) => {
    expect(keychainError(new Error(message)).code).toBe(code);
  });
});

/** A keytar whose keychain can be locked the way libsecret behaves: reads say "nothing", writes fail. */
function lockableKeytar() {
  const inner = fakeKeytar();
  const calls = { find: 0, get: [] as string[] };
  let locked = false;
  const keytar: KeytarLike = {
    async getPassword(service, account) {
      calls.get.push(account);
      return locked ? null : inner.getPassword(service, account);
    },
    async setPassword(service, account, password) {
      if (locked) throw new Error('Cannot create an item in a locked collection');
      return inner.setPassword(service, account, password);
    },
    async deletePassword(service, account) {
      return locked ? false : inner.deletePassword(service, account);
    },
    async findCredentials(service) {
      calls.find += 1;
      return locked ? [] : inner.findCredentials(service);
    },
  };
  return { keytar, inner, calls, lock: (value: boolean) => (locked = value) };
}

describe('vault index and lock', () => {
  it('checks status and lists logins without decrypting the stored passwords', async () => {
    const { keytar, calls } = lockableKeytar();
    const vault = createVault(async () => keytar, 'fake');
    await vault.status();
    for (let index = 0; index < 20; index++) {
      await vault.set({ host: `r${index}.example`, username: 'u', password: `pw${index}` });
    }
    expect(await vault.listLogins()).toHaveLength(20);
    calls.find = 0;
    calls.get = [];
    await expect(vault.status()).resolves.toEqual({ available: true, backend: 'fake' });
    expect(await vault.listLogins()).toHaveLength(20);
    expect(calls.find).toBe(0);
    // Only the index item is read: no login's password.
    expect(calls.get.every((account) => !account.includes('|'))).toBe(true);
  });

  it('indexes every login of concurrent saves', async () => {
    const { keytar } = lockableKeytar();
    const vault = createVault(async () => keytar, 'fake');
    const list = vault.listLogins();
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        vault.set({ host: `c${index}.example`, username: 'u', password: 'p' }),
      ),
    );
    await list;
    expect(await vault.listLogins()).toHaveLength(30);
  });

  it('lists logins saved before the index existed, reading every item only once', async () => {
    const { keytar, inner, calls } = lockableKeytar();
    await inner.setPassword(VAULT_SERVICE, 'ghcr.io|old', 'x');
    const vault = createVault(async () => keytar, 'fake');
    await expect(vault.status()).resolves.toMatchObject({ available: true });
    await vault.set({ host: 'quay.io', username: 'new', password: 'y' });
    const expected = [
      { host: 'ghcr.io', username: 'old' },
      { host: 'quay.io', username: 'new' },
    ];
    await expect(vault.listLogins()).resolves.toEqual(expected);
    await expect(vault.listLogins()).resolves.toEqual(expected);
    expect(calls.find).toBe(1);
  });

  it('reports a locked keychain as locked, never as "no credentials"', async () => {
    const { keytar, lock } = lockableKeytar();
    const vault = createVault(async () => keytar, 'fake');
    await vault.set({ host: 'ghcr.io', username: 'bob', password: 'secret' });
    await vault.listLogins();
    lock(true);
    await expect(vault.status()).resolves.toMatchObject({ available: false, code: 'VAULT_LOCKED' });
    await expect(vault.get('ghcr.io', 'bob')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(vault.listLogins()).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(vault.delete('ghcr.io', 'bob')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    lock(false);
    await expect(vault.get('ghcr.io', 'bob')).resolves.toBe('secret');
    await expect(vault.get('ghcr.io', 'nobody')).resolves.toBeNull();
  });

  it('keeps Docker Hub under one host, whichever spelling saved or asks for it', async () => {
    const { keytar, inner } = lockableKeytar();
    // Saved by an older version under another spelling.
    await inner.setPassword(VAULT_SERVICE, 'index.docker.io|legacy', 'old-pw');
    const vault = createVault(async () => keytar, 'fake');
    await vault.set({ host: 'https://index.docker.io/v1/', username: 'alice', password: 'pw' });
    expect(accountFor('registry-1.docker.io', 'alice')).toBe('docker.io|alice');
    await expect(vault.get('docker.io', 'alice')).resolves.toBe('pw');
    await expect(vault.get('index.docker.io', 'alice')).resolves.toBe('pw');
    await expect(vault.get('docker.io', 'legacy')).resolves.toBe('old-pw');
    await expect(vault.listLogins()).resolves.toEqual([
      { host: 'docker.io', username: 'alice' },
      { host: 'docker.io', username: 'legacy' },
    ]);
    await expect(vault.delete('docker.io', 'legacy')).resolves.toBe(true);
    await expect(vault.get('index.docker.io', 'legacy')).resolves.toBeNull();
  });
});
