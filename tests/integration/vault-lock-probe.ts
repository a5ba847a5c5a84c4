// Run inside its own private keyring (a child process): saves a login, LOCKS the keyring over
// D-Bus (org.freedesktop.Secret.Service.Lock), then prints what the vault reports, as JSON.
import { execFileSync } from 'node:child_process';
import { createVault, keychainBackendName, loadKeytar } from '../../electron/core/vault/vault';

const vault = createVault(loadKeytar, keychainBackendName(process.platform));
const outcome = async (action: () => Promise<unknown>) =>
  action().then(
    (value) => ({ value }),
    (error: { code?: string }) => ({ error: error.code ?? 'thrown' }),
  );

const dbus = (...args: string[]) =>
  execFileSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.secrets',
      '/org/freedesktop/secrets',
      ...args,
    ],
    { encoding: 'utf8' },
  );

await vault.set({ host: 'lock.example', username: 'alice', password: 'CANARYlockx7Q' });
const before = {
  status: await vault.status(),
  logins: await outcome(() => vault.listLogins()),
  get: await outcome(() => vault.get('lock.example', 'alice')),
};
const collection = /object path "([^"]+)"/.exec(
  dbus('org.freedesktop.Secret.Service.ReadAlias', 'string:default'),
)![1]!;
dbus('org.freedesktop.Secret.Service.Lock', `array:objpath:${collection}`);
const after = {
  status: await vault.status(),
  get: await outcome(() => vault.get('lock.example', 'alice')),
  logins: await outcome(() => vault.listLogins()),
  delete: await outcome(() => vault.delete('lock.example', 'alice')),
};
console.log(JSON.stringify({ before, after }));
