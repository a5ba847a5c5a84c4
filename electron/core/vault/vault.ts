import type { SavedLogin, VaultStatus } from '../api/contract';
import { AppError, isAppError } from '../api/errors';
import { isDockerHub, keychainHost } from '../oci/hosts';
import { INDEX_ACCOUNT, parseIndex, serializeIndex } from './account-index';
import { keychainError, keytarLoadError } from './keychain-errors';

/** The part of keytar's API the vault uses (so tests can pass a fake). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export const VAULT_SERVICE = 'PullKey';

export interface Login extends SavedLogin {
  password: string;
}

export interface Vault {
  status(): Promise<VaultStatus>;
  set(login: Login): Promise<void>;
  get(host: string, username: string): Promise<string | null>;
  delete(host: string, username: string): Promise<boolean>;
  listLogins(): Promise<SavedLogin[]>;
}

/**
 * Keychain account of a login: `<host>|<username>`, host as `keychainHost` gives it (no scheme,
 * Docker Hub's spellings all "docker.io"), lower-cased.
 */
export function accountFor(host: string, username: string): string {
  const normalizedHost = keychainHost(host).toLowerCase();
  if (!normalizedHost || normalizedHost.includes('|')) {
    throw new AppError('INVALID_INPUT', `Invalid registry host "${host}"`);
  }
  if (!username) throw new AppError('INVALID_INPUT', 'A username is required');
  return `${normalizedHost}|${username}`;
}

export function parseAccount(account: string): SavedLogin | null {
  const separator = account.indexOf('|');
  if (separator <= 0 || separator === account.length - 1) return null;
  const host = account.slice(0, separator);
  return {
    host: isDockerHub(host) ? keychainHost(host) : host,
    username: account.slice(separator + 1),
  };
}

/** Accounts Docker Hub logins were saved under before its spellings were folded. */
function legacyAccounts(host: string, username: string): string[] {
  if (!isDockerHub(host)) return [];
  return ['index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/']
    .map((spelling) => `${spelling}|${username}`)
    .filter((account) => account !== accountFor(host, username));
}

export function createVault(loadKeytar: () => Promise<KeytarLike>, backendName: string): Vault {
  let keytar: Promise<KeytarLike> | undefined;

  async function backend(): Promise<KeytarLike> {
    keytar ??= loadKeytar().catch((error: unknown) => {
      keytar = undefined;
      throw keytarLoadError(error);
    });
    return keytar;
  }

  async function call<T>(operation: (store: KeytarLike) => Promise<T>): Promise<T> {
    const store = await backend();
    try {
      return await operation(store);
    } catch (error) {
      throw isAppError(error) ? error : keychainError(error);
    }
  }

  /** Index updates, one at a time (a lost update would hide a login from the list). */
  let indexQueue: Promise<unknown> = Promise.resolve();
  function serialized<T>(operation: () => Promise<T>): Promise<T> {
    const next = indexQueue.then(operation);
    indexQueue = next.catch(() => undefined);
    return next;
  }
  function updateIndex(change: (accounts: Set<string>) => void): Promise<void> {
    return serialized(() =>
      call(async (store) => {
        const index = parseIndex(await store.getPassword(VAULT_SERVICE, INDEX_ACCOUNT));
        // Not built yet: leave it to listLogins, which builds it from every item once.
        if (!index?.accounts) return;
        const accounts = new Set(index.accounts);
        change(accounts);
        await store.setPassword(VAULT_SERVICE, INDEX_ACCOUNT, serializeIndex(accounts));
      }),
    );
  }

  /**
   * Reads the index; when there is none, proves the keychain is unlocked by creating it (a
   * locked Secret Service answers reads with "nothing", but refuses writes). Never decrypts
   * the stored passwords.
   */
  async function readIndex(store: KeytarLike) {
    const index = parseIndex(await store.getPassword(VAULT_SERVICE, INDEX_ACCOUNT));
    if (index) return index;
    await store.setPassword(VAULT_SERVICE, INDEX_ACCOUNT, serializeIndex(null));
    return { version: 1 as const, accounts: null };
  }

  return {
    async status() {
      try {
        await call(readIndex);
        return { available: true, backend: backendName };
      } catch (error) {
        const appError = isAppError(error) ? error : keychainError(error);
        const code = appError.code === 'VAULT_LOCKED' ? 'VAULT_LOCKED' : 'VAULT_UNAVAILABLE';
        return { available: false, code, reason: appError.message };
      }
    },
    async set({ host, username, password }) {
      if (!password) throw new AppError('INVALID_INPUT', 'A password or token is required');
      const account = accountFor(host, username);
      await call((store) => store.setPassword(VAULT_SERVICE, account, password));
      await updateIndex((accounts) => accounts.add(account));
    },
    get(host, username) {
      const account = accountFor(host, username);
      return call(async (store) => {
        for (const candidate of [account, ...legacyAccounts(host, username)]) {
          const password = await store.getPassword(VAULT_SERVICE, candidate);
          if (password !== null) return password;
        }
        // "Nothing" from a locked keychain is not "no saved login": readIndex tells them apart.
        await readIndex(store);
        return null;
      });
    },
    async delete(host, username) {
      const accounts = [accountFor(host, username), ...legacyAccounts(host, username)];
      let deleted = false;
      for (const account of accounts) {
        deleted = (await call((store) => store.deletePassword(VAULT_SERVICE, account))) || deleted;
      }
      await updateIndex((index) => accounts.forEach((account) => index.delete(account)));
      // Nothing deleted: make sure that is not a locked keychain's silence.
      if (!deleted) await call(readIndex);
      return deleted;
    },
    async listLogins() {
      const accounts = await serialized(() =>
        call(async (store) => {
          const index = await readIndex(store);
          if (index.accounts) return index.accounts;
          // Built once, from every item (logins saved before the index existed).
          const found = (await store.findCredentials(VAULT_SERVICE))
            .map(({ account }) => account)
            .filter((account) => account !== INDEX_ACCOUNT);
          await store.setPassword(VAULT_SERVICE, INDEX_ACCOUNT, serializeIndex(found));
          return found;
        }),
      );
      const seen = new Set<string>();
      return accounts
        .map((account) => parseAccount(account))
        .filter((login): login is SavedLogin => login !== null)
        .filter((login) => {
          const key = `${login.host}|${login.username}`;
          return !seen.has(key) && !!seen.add(key);
        })
        .sort((a, b) => a.host.localeCompare(b.host) || a.username.localeCompare(b.username));
    },
  };
}

/**
 * For `.catch` where a keychain failure may fall back to "no saved login": a locked keychain is
 * still reported as locked, never as "no credentials".
 */
export function exceptLocked<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (isAppError(error) && error.code === 'VAULT_LOCKED') throw error;
    return fallback;
  };
}

/** The real backend: keytar, loaded lazily so a missing native module is a status, not a crash. */
export async function loadKeytar(): Promise<KeytarLike> {
  const module = (await import('keytar')) as { default?: KeytarLike } & KeytarLike;
  return module.default ?? module;
}

export function keychainBackendName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (libsecret)';
}
