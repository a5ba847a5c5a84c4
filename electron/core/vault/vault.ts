import type { SavedLogin, VaultStatus } from '../api/contract';
import { AppError, isAppError } from '../api/errors';
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

/** Keychain account of a login: `<host>|<username>`, host lower-cased. */
export function accountFor(host: string, username: string): string {
  const normalizedHost = host.trim().toLowerCase();
  if (!normalizedHost || normalizedHost.includes('|')) {
    throw new AppError('INVALID_INPUT', `Invalid registry host "${host}"`);
  }
  if (!username) throw new AppError('INVALID_INPUT', 'A username is required');
  return `${normalizedHost}|${username}`;
}

export function parseAccount(account: string): SavedLogin | null {
  const separator = account.indexOf('|');
  if (separator <= 0 || separator === account.length - 1) return null;
  return { host: account.slice(0, separator), username: account.slice(separator + 1) };
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

  return {
    async status() {
      try {
        await call((store) => store.findCredentials(VAULT_SERVICE));
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
    },
    get(host, username) {
      const account = accountFor(host, username);
      return call((store) => store.getPassword(VAULT_SERVICE, account));
    },
    delete(host, username) {
      const account = accountFor(host, username);
      return call((store) => store.deletePassword(VAULT_SERVICE, account));
    },
    async listLogins() {
      const credentials = await call((store) => store.findCredentials(VAULT_SERVICE));
      return credentials
        .map(({ account }) => parseAccount(account))
        .filter((login): login is SavedLogin => login !== null)
        .sort((a, b) => a.host.localeCompare(b.host) || a.username.localeCompare(b.username));
    },
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
