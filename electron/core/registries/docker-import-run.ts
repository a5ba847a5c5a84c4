/**
 * Import from Docker: the chosen logins one after the other, each in two steps — read its
 * password (the Docker config file, or its credential helper: a process that may take seconds,
 * e.g. to unlock a store) and store it in the keychain. Nothing is verified against a registry.
 *
 * Progress: a `docker:import-progress` event when a login starts and when it ends. Cancel
 * (`registries:cancel`): the login being read is stopped (reading stores nothing), a password
 * already read is dropped before the keychain write, a keychain write under way finishes; no
 * further login starts. Every login ends with an outcome: imported, failed or cancelled.
 */
import type { DockerImportReport, DockerImportResult } from '../api/contract';
import type { EventHub } from '../api/events';
import { keychainHost } from '../oci/hosts';
import type { Vault } from '../vault/vault';
import type { Cancellations } from './cancellations';
import { dockerPassword } from './docker-import';

export interface DockerImportDeps {
  vault: Pick<Vault, 'set' | 'listLogins'>;
  events: EventHub;
  cancellations: Cancellations;
}

type Login = { host: string; username: string };

let made = 0;

export function createDockerImport(deps: DockerImportDeps) {
  const { vault, events, cancellations } = deps;

  async function importOne(
    login: Login,
    env: NodeJS.ProcessEnv,
    signal: AbortSignal,
  ): Promise<DockerImportResult> {
    const base = { host: login.host, username: login.username };
    let credential: { username: string; password: string };
    try {
      credential = await dockerPassword(login.host, env, signal);
    } catch (error) {
      if (signal.aborted) {
        return {
          ...base,
          outcome: 'cancelled',
          message: 'cancelled while reading it: nothing stored',
        };
      }
      return { ...base, outcome: 'failed', message: (error as Error).message };
    }
    if (signal.aborted) {
      return {
        ...base,
        outcome: 'cancelled',
        message: 'cancelled before it was stored: nothing stored',
      };
    }
    const stored = { ...base, username: credential.username };
    try {
      // Not interruptible: a keychain write under way finishes (never half-stored).
      await vault.set({ host: keychainHost(login.host), ...credential });
      return { ...stored, outcome: 'imported' };
    } catch (error) {
      return { ...stored, outcome: 'failed', message: (error as Error).message };
    }
  }

  async function importLogins(
    input: { operationId?: string | undefined; logins: Login[] },
    env: NodeJS.ProcessEnv,
  ): Promise<DockerImportReport> {
    const operationId = input.operationId ?? `docker-import-${Date.now().toString(36)}-${++made}`;
    const total = input.logins.length;
    const signal = cancellations.signal(operationId);
    const results: DockerImportResult[] = [];
    try {
      for (const [at, login] of input.logins.entries()) {
        const position = { operationId, index: at + 1, total, host: login.host };
        let result: DockerImportResult;
        if (signal.aborted) {
          result = {
            host: login.host,
            username: login.username,
            outcome: 'cancelled',
            message: 'cancelled before it started: nothing stored',
          };
        } else {
          events.emit('docker:import-progress', {
            ...position,
            done: results.length,
            result: null,
          });
          result = await importOne(login, env, signal);
        }
        results.push(result);
        events.emit('docker:import-progress', { ...position, done: results.length, result });
      }
    } finally {
      cancellations.forget(operationId);
    }
    return { operationId, results, logins: await vault.listLogins() };
  }

  return importLogins;
}
