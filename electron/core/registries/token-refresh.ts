/**
 * Short-lived registry tokens refreshed from this computer (issue 21). Per registry the user picks
 * a refresh source (a docker-credential-* helper or a cloud CLI), kept in settings — never a
 * password. "Refresh now" runs it (token-command.ts) and writes the new token to every copy of
 * that registry in the chosen contexts through "Update password everywhere" (rotate.ts: verified
 * first, version-checked, progress, per-namespace results, Retry failed; an engine's copy is never
 * written). The keychain then holds the new token, and keeps no expired one.
 */
import type {
  TokenRefreshReport,
  TokenSource,
  TokenSourceSetting,
  WriteReport,
} from '../api/contract';
import { AppError } from '../api/errors';
import { canonicalRegistry, keychainHost } from '../oci/hosts';
import type { SettingsStore } from '../settings/store';
import { recognizeToken } from '../tokens/recognize';
import { commandText, sourceCommand } from '../tokens/sources';
import type { Vault } from '../vault/vault';
import type { RetriedWrites } from './retry-failed';
import { credentialHelpersOnPath, runTokenCommand } from './token-command';

export interface TokenRefreshDeps {
  settings: SettingsStore;
  vault: Pick<Vault, 'get' | 'set' | 'delete' | 'listLogins'>;
  env: NodeJS.ProcessEnv;
  /** Resolves when env.PATH is the login shell's. */
  envReady?: Promise<unknown> | undefined;
  rotation: Pick<RetriedWrites, 'rotateScan' | 'rotate'>;
  /** The cancellation signal of an operation (`registries:cancel`), and forgetting it. */
  signal(operationId: string): AbortSignal;
  forget(operationId: string): void;
  timeoutMs?: number;
}

export function createTokenRefresh(deps: TokenRefreshDeps) {
  const { settings, vault, env, rotation } = deps;

  async function kept(): Promise<Record<string, Omit<TokenSourceSetting, 'host' | 'command'>>> {
    const all = (await settings.read()).tokenSources ?? {};
    return Object.fromEntries(
      Object.entries(all).map(([host, value]) => [
        host,
        {
          source: value.source,
          keepFresh: value.keepFresh ?? false,
          contexts: value.contexts ?? [],
        },
      ]),
    );
  }

  async function list(): Promise<TokenSourceSetting[]> {
    return Object.entries(await kept())
      .map(([host, value]) => ({ host, ...value, command: commandText(value.source, host) }))
      .sort((a, b) => a.host.localeCompare(b.host));
  }

  async function sources() {
    await deps.envReady;
    return { sources: await list(), helpers: credentialHelpersOnPath(env) };
  }

  async function setSource(input: {
    host: string;
    source: TokenSource | null;
    keepFresh?: boolean | undefined;
    contexts?: string[] | undefined;
  }): Promise<TokenSourceSetting[]> {
    const host = canonicalRegistry(input.host);
    await settings.update((current) => {
      const all = { ...(current.tokenSources ?? {}) };
      if (!input.source) delete all[host];
      else
        all[host] = {
          source: input.source,
          keepFresh: input.keepFresh ?? all[host]?.keepFresh ?? false,
          contexts: input.contexts ?? all[host]?.contexts ?? [],
        };
      return { tokenSources: all };
    });
    return list();
  }

  /** Runs the source, then writes the token everywhere; throws when the command failed. */
  async function refresh(input: {
    host: string;
    operationId: string;
    contexts?: string[] | undefined;
  }): Promise<TokenRefreshReport> {
    const host = canonicalRegistry(input.host);
    const setting = (await kept())[host];
    if (!setting)
      throw new AppError(
        'INVALID_INPUT',
        `No refresh source is chosen for ${host}: pick one first`,
      );
    const contexts = input.contexts ?? setting.contexts;
    if (contexts.length === 0)
      throw new AppError('INVALID_INPUT', `Choose the contexts whose copies of ${host} to refresh`);
    if (input.contexts) await setSource({ host, source: setting.source, contexts });
    await deps.envReady;
    const command = sourceCommand(setting.source, host);
    let fresh;
    try {
      fresh = await runTokenCommand(command, env, {
        signal: deps.signal(input.operationId),
        ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      });
    } finally {
      deps.forget(input.operationId);
    }
    const username = fresh.username || command.username || '';
    const token = recognizeToken({
      registry: host,
      username,
      password: fresh.password,
      writtenAt: new Date().toISOString(),
    });
    const scan = await rotation.rotateScan(host, username, contexts);
    let report: WriteReport;
    if (scan.targets.length === 0) {
      report = {
        operationId: input.operationId,
        results: [],
        warnings: [
          `No copy of ${username}@${host} in ${contexts.join(', ')}: only the keychain was updated.`,
        ],
      };
    } else {
      report = await rotation.rotate({
        operationId: input.operationId,
        host,
        username,
        password: fresh.password,
        targets: scan.targets,
      });
    }
    // The keychain holds the new token (rotate stores it when a copy was written; a refresh
    // with no copy written stores it too, so no expired token stays behind).
    if (!report.results.some((result) => result.outcome === 'updated')) {
      await vault
        .set({ host: keychainHost(host), username, password: fresh.password })
        .catch((error: Error) =>
          report.warnings.push(`The keychain was not updated: ${error.message}`),
        );
      report.warnings = report.warnings.filter(
        (text) => !text.startsWith('Nothing was written, so'),
      );
    }
    return {
      ...report,
      results: [...scan.errors, ...report.results],
      host,
      expiresAt: token?.expiresAt ?? null,
    };
  }

  /** The host's logins in the keychain with their tokens (expiry only; null: not a token). */
  async function keychainTokens(host: string) {
    const wanted = keychainHost(host);
    const found = [];
    for (const login of await vault.listLogins()) {
      if (login.host !== wanted) continue;
      const password = await vault.get(login.host, login.username);
      const token = password
        ? recognizeToken({ registry: host, username: login.username, password })
        : null;
      found.push({ login, expiresAt: token?.expiresAt ?? null });
    }
    return found;
  }

  /** Removes this host's tokens from the keychain that have expired (after a failed refresh). */
  async function forgetExpired(host: string): Promise<boolean> {
    let removed = false;
    for (const { login, expiresAt } of await keychainTokens(host)) {
      if (expiresAt && Date.parse(expiresAt) <= Date.now())
        removed = (await vault.delete(login.host, login.username)) || removed;
    }
    return removed;
  }

  /** The expiry of the token the keychain holds for host (null: none, or unknown). */
  async function keychainExpiry(host: string): Promise<string | null> {
    return (await keychainTokens(host)).find((each) => each.expiresAt)?.expiresAt ?? null;
  }

  return { sources, setSource, refresh, list, forgetExpired, keychainExpiry };
}

export type TokenRefresh = ReturnType<typeof createTokenRefresh>;
