/**
 * The saved logins with what PullKey knows of their short-lived tokens (issue 21): each login
 * that looks like a token login (a token username, or a cloud registry host) is read and
 * recognised here; only the provider and expiry leave, never the token.
 */
import type { SavedLogin } from '../api/contract';
import { ACR_TOKEN_USER, ECR_USER, GOOGLE_TOKEN_USERS, recognizeToken } from '../tokens/recognize';
import { registryKind } from '../tokens/hosts';
import type { Vault } from './vault';

const tokenUsers = new Set([ECR_USER, ACR_TOKEN_USER, ...GOOGLE_TOKEN_USERS]);

export async function loginsWithTokens(
  vault: Pick<Vault, 'listLogins' | 'get'>,
): Promise<SavedLogin[]> {
  const logins = await vault.listLogins();
  return Promise.all(
    logins.map(async (login) => {
      if (!tokenUsers.has(login.username) && !registryKind(login.host)) return login;
      const password = await vault.get(login.host, login.username).catch(() => null);
      const token = password
        ? recognizeToken({ registry: login.host, username: login.username, password })
        : null;
      return token ? { ...login, token } : login;
    }),
  );
}
