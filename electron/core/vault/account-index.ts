/**
 * The list of PullKey's keychain accounts, kept in one keychain item of its own so that listing
 * logins or checking the keychain never decrypts every stored password (keytar's
 * findCredentials does). Pure: (de)serialisation only.
 */

/** The index item's account: it has no "|", so it never collides with a login's account. */
export const INDEX_ACCOUNT = 'pullkey:account-index';

export interface AccountIndex {
  version: 1;
  /** null: not built yet (logins saved before the index existed are still to be listed). */
  accounts: string[] | null;
}

export function parseIndex(text: string | null): AccountIndex | null {
  if (text === null) return null;
  try {
    const raw = JSON.parse(text) as { version?: unknown; accounts?: unknown };
    if (raw.version !== 1) return { version: 1, accounts: null };
    const accounts = Array.isArray(raw.accounts)
      ? raw.accounts.filter((account): account is string => typeof account === 'string')
      : null;
    return { version: 1, accounts };
  } catch {
    return { version: 1, accounts: null };
  }
}

export function serializeIndex(accounts: Iterable<string> | null): string {
  const list = accounts === null ? null : [...new Set(accounts)].sort();
  return JSON.stringify({ version: 1, accounts: list } satisfies AccountIndex);
}
