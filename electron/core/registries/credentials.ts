/**
 * The login side of a registry write: the password to write (given now or saved in the keychain),
 * the registry check before writing, and saving the login afterwards.
 */
import { AppError } from '../api/errors';
import { createRegistryClient } from '../oci/client';
import { canonicalRegistry, keychainHost } from '../oci/hosts';
import type { Vault } from '../vault/vault';
import type { RegistryTlsStore, TlsInput } from '../settings/registry-tls';

export interface LoginInput {
  host: string;
  username: string;
  password?: string | undefined;
  email?: string | undefined;
  ca?: string | undefined;
  insecureSkipVerify?: boolean | undefined;
}

export function createRegistryCredentials(vault: Vault, tls: RegistryTlsStore) {
  /** The password to write: given now, or the saved login for host + username. */
  async function passwordFor(input: LoginInput): Promise<string> {
    if (input.password) return input.password;
    const saved = await vault.get(keychainHost(input.host), input.username);
    if (!saved) {
      throw new AppError(
        'INVALID_INPUT',
        `No password given and no saved login for ${input.username}@${keychainHost(input.host)}`,
      );
    }
    return saved;
  }

  /** TLS for one request to a host: the CA given now or kept for that host; a skip is never kept. */
  function tlsFor(input: TlsInput) {
    return tls.resolve(input);
  }

  async function verify(input: LoginInput): Promise<{ auth: 'none' | 'basic' | 'bearer' }> {
    const host = canonicalRegistry(input.host).split('/')[0]!;
    const client = createRegistryClient({ host, ...(await tlsFor(input)) });
    return client.verifyLogin({ username: input.username, password: await passwordFor(input) });
  }

  /** Saves the login in the keychain; a keychain problem is a warning, not a lost write. */
  async function remember(input: LoginInput, password: string, warnings: string[]) {
    if (!input.password) return;
    try {
      await vault.set({ host: keychainHost(input.host), username: input.username, password });
    } catch (error) {
      warnings.push(`The password was not saved in the keychain: ${(error as Error).message}`);
    }
  }

  return { passwordFor, tlsFor, verify, remember };
}

export type RegistryCredentials = ReturnType<typeof createRegistryCredentials>;
