// Prints the vault status as JSON: run in a child process with a chosen D-Bus setup.
import { createVault, keychainBackendName, loadKeytar } from '../../electron/core/vault/vault';

const vault = createVault(loadKeytar, keychainBackendName(process.platform));
console.log(JSON.stringify(await vault.status()));
