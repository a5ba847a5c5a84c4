import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createVault,
  keychainBackendName,
  loadKeytar,
  VAULT_SERVICE,
} from '../../electron/core/vault/vault';
import { probeInFreshKeyring } from './fresh-keyring-probe';
import { requirePrivateKeyring } from './require-private-keyring';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('vault against a real Secret Service (gnome-keyring, private D-Bus session)', () => {
  beforeAll(requirePrivateKeyring);
  const vault = createVault(loadKeytar, keychainBackendName(process.platform));

  it('is available', async () => {
    await expect(vault.status()).resolves.toEqual({
      available: true,
      backend: 'Secret Service (libsecret)',
    });
  });

  it('round-trips set, get, list and delete', async () => {
    // Other test files share this private keychain: use hosts of our own.
    const password = 'p:ss wörd/🔑 with spaces';
    await vault.set({ host: 'localhost:5000', username: 'alice', password });
    await vault.set({ host: 'ghcr.io', username: 'bob', password: 'other' });
    await expect(vault.get('localhost:5000', 'alice')).resolves.toBe(password);
    const logins = await vault.listLogins();
    expect(logins).toEqual(
      expect.arrayContaining([
        { host: 'ghcr.io', username: 'bob' },
        { host: 'localhost:5000', username: 'alice' },
      ]),
    );
    // What keytar itself sees: service PullKey, account <host>|<username>.
    const keytar = await loadKeytar();
    await expect(keytar.getPassword(VAULT_SERVICE, 'localhost:5000|alice')).resolves.toBe(password);
    await vault.set({ host: 'localhost:5000', username: 'alice', password: 'rotated' });
    await expect(vault.get('localhost:5000', 'alice')).resolves.toBe('rotated');
    await expect(vault.delete('localhost:5000', 'alice')).resolves.toBe(true);
    await expect(vault.delete('localhost:5000', 'alice')).resolves.toBe(false);
    await expect(vault.get('localhost:5000', 'alice')).resolves.toBeNull();
    await vault.delete('ghcr.io', 'bob');
    const after = await vault.listLogins();
    expect(after).not.toContainEqual({ host: 'ghcr.io', username: 'bob' });
    expect(after).not.toContainEqual({ host: 'localhost:5000', username: 'alice' });
  });

  it('reports a clear "no keychain" status when the bus has no Secret Service', async () => {
    const status = await probeInFreshKeyring('vault-probe.ts', { PULLKEY_KEYRING: 'none' });
    expect(status).toMatchObject({ available: false, code: 'VAULT_UNAVAILABLE' });
    expect(status.reason).toMatch(/No OS keychain is available.*Secret Service/);
  });

  it('reports "no keychain" when there is no D-Bus session at all', async () => {
    const { stdout } = await run(
      path.join(root, 'node_modules/.bin/tsx'),
      [path.join(root, 'tests/integration/vault-probe.ts')],
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } },
    );
    expect(JSON.parse(stdout.trim())).toMatchObject({
      available: false,
      code: 'VAULT_UNAVAILABLE',
    });
  });
});
