import { beforeAll, describe, expect, it } from 'vitest';
import {
  createVault,
  keychainBackendName,
  loadKeytar,
  VAULT_SERVICE,
  type KeytarLike,
} from '../../electron/core/vault/vault';
import { probeInFreshKeyring } from './fresh-keyring-probe';
import { requirePrivateKeyring } from './require-private-keyring';

describe('vault index and lock against a real Secret Service (gnome-keyring)', () => {
  beforeAll(requirePrivateKeyring);

  it('checks status and lists logins without reading any stored password', async () => {
    const real = await loadKeytar();
    const read: string[] = [];
    let found = 0;
    // The real keytar, counting what it is asked to decrypt.
    const counting: KeytarLike = {
      getPassword: (service, account) => (read.push(account), real.getPassword(service, account)),
      setPassword: (service, account, password) => real.setPassword(service, account, password),
      deletePassword: (service, account) => real.deletePassword(service, account),
      findCredentials: (service) => (found++, real.findCredentials(service)),
    };
    const vault = createVault(async () => counting, keychainBackendName(process.platform));
    await vault.listLogins(); // builds the index once if an earlier version left none
    for (let index = 0; index < 5; index++) {
      await vault.set({
        host: `index${index}.example`,
        username: 'u',
        password: `CANARY${index}x7Q`,
      });
    }
    read.length = 0;
    found = 0;
    await expect(vault.status()).resolves.toMatchObject({ available: true });
    const logins = await vault.listLogins();
    expect(logins).toEqual(
      expect.arrayContaining(
        [0, 1, 2, 3, 4].map((index) => ({ host: `index${index}.example`, username: 'u' })),
      ),
    );
    expect(found).toBe(0);
    expect(read.filter((account) => account.includes('|'))).toEqual([]);
    // What keytar itself holds: the logins, plus one index item without passwords.
    const items = await real.findCredentials(VAULT_SERVICE);
    const index = items.find((item) => !item.account.includes('|'));
    expect(index?.password).not.toMatch(/CANARY/);
    for (let i = 0; i < 5; i++) await vault.delete(`index${i}.example`, 'u');
  });

  it('reports a locked keyring as locked, never as "no credentials"', async () => {
    const report = await probeInFreshKeyring('vault-lock-probe.ts', {}, 60_000);
    expect(report).toEqual({
      before: {
        status: { available: true, backend: 'Secret Service (libsecret)' },
        logins: { value: [{ host: 'lock.example', username: 'alice' }] },
        get: { value: 'CANARYlockx7Q' },
      },
      after: {
        status: expect.objectContaining({ available: false, code: 'VAULT_LOCKED' }),
        get: { error: 'VAULT_LOCKED' },
        logins: { error: 'VAULT_LOCKED' },
        delete: { error: 'VAULT_LOCKED' },
      },
    });
  });
});
