/**
 * Logins from the user's Docker config (~/.docker/config.json or $DOCKER_CONFIG): `auths`
 * entries and logins behind `credsStore` / `credHelpers` (docker-credential-<helper>).
 * Read only: PullKey never writes the Docker config.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DockerLogin } from '../api/contract';
import { AppError } from '../api/errors';
import { readEntry, type DockerConfigEntry } from '../dockerconfig/dockerconfig';
import { commandSearch, resolveCommand } from '../kube/command-path';
import { parseJsonDescribed } from '../dockerconfig/go-json';

interface DockerCliConfig {
  auths?: Record<string, DockerConfigEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'), 'config.json');
}

async function readDockerConfig(env: NodeJS.ProcessEnv): Promise<DockerCliConfig> {
  const file = dockerConfigPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AppError(
      'INVALID_INPUT',
      `Cannot read the Docker config ${file}: ${(error as Error).message}`,
    );
  }
  // Described, never quoted: the file holds passwords (JSON.parse's message would quote them).
  const read = parseJsonDescribed(text, 'the file');
  if (!read.ok)
    throw new AppError('INVALID_INPUT', `Cannot read the Docker config ${file}: ${read.problem}`);
  return read.value as DockerCliConfig;
}

/** A credential helper's answer as JSON; a broken one is described (it may hold a secret). */
function helperAnswer<T>(text: string, name: string, action: 'get' | 'list'): T {
  const read = parseJsonDescribed(text, 'the answer');
  if (!read.ok)
    throw new Error(`docker-credential-${name} ${action} printed no valid JSON: ${read.problem}`);
  return read.value as T;
}

/** Runs docker-credential-<name>; `signal` (a cancelled import) stops it: it stores nothing. */
function helper(
  name: string,
  action: 'get' | 'list',
  input: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<string> {
  const program = `docker-credential-${name}`;
  // On PATH only, never the working directory (docker finds helpers with Go's exec.LookPath).
  const executable = resolveCommand(program, commandSearch(env));
  if (!executable) return Promise.reject(new Error(`${program} was not found on PATH`));
  return new Promise((resolve, reject) => {
    const child = execFile(
      executable,
      [action],
      { env, timeout: 15_000, ...(signal ? { signal } : {}) },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(`docker-credential-${name} ${action}: ${(stderr || error.message).trim()}`),
          );
        else resolve(stdout);
      },
    );
    child.stdin?.end(input);
  });
}

export async function listDockerLogins(
  env: NodeJS.ProcessEnv = process.env,
): Promise<DockerLogin[]> {
  const config = await readDockerConfig(env);
  const logins: DockerLogin[] = [];
  const helpers = config.credHelpers ?? {};
  for (const [host, entry] of Object.entries(config.auths ?? {})) {
    if (helpers[host]) continue;
    const parsed = readEntry(host, entry ?? {});
    if (parsed.username) {
      logins.push({ host, username: parsed.username, source: 'auths', helper: null, error: null });
    } else if (!config.credsStore) {
      logins.push({
        host,
        username: null,
        source: 'auths',
        helper: null,
        error: 'no credentials stored in the file',
      });
    }
  }
  if (config.credsStore) {
    try {
      const listed = helperAnswer<Record<string, string>>(
        await helper(config.credsStore, 'list', '', env),
        config.credsStore,
        'list',
      );
      for (const [host, username] of Object.entries(listed)) {
        // docker's order: a per-registry helper overrides the store for its host.
        if (helpers[host]) continue;
        logins.push({
          host,
          username,
          source: 'credsStore',
          helper: config.credsStore,
          error: null,
        });
      }
    } catch (error) {
      logins.push({
        host: '*',
        username: null,
        source: 'credsStore',
        helper: config.credsStore,
        error: (error as Error).message,
      });
    }
  }
  // A per-registry helper is not run to list it: docker runs one only for the registry it talks
  // to, and `get` hands over the secret (and may mint a token or prompt). Its username is read
  // when the user imports that login.
  for (const [host, name] of Object.entries(helpers)) {
    logins.push({ host, username: null, source: 'credHelpers', helper: name, error: null });
  }
  return logins.sort((a, b) => a.host.localeCompare(b.host));
}

/** The credential helper that holds `host`'s login, or null when the file itself holds it. */
function helperFor(config: DockerCliConfig, host: string): string | null {
  return (
    config.credHelpers?.[host] ??
    (config.auths?.[host] && readEntry(host, config.auths[host]).password
      ? null
      : (config.credsStore ?? null))
  );
}

/**
 * The password of one Docker login (from the file or its credential helper). Read only, so
 * `signal` may stop it at any point (the helper is killed).
 */
export async function dockerPassword(
  host: string,
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
): Promise<{ username: string; password: string }> {
  const config = await readDockerConfig(env);
  const helperName = helperFor(config, host);
  if (helperName) {
    const got = helperAnswer<{ Username?: string; Secret?: string }>(
      await helper(helperName, 'get', host, env, signal),
      helperName,
      'get',
    );
    if (!got.Username || !got.Secret)
      throw new AppError(
        'INVALID_INPUT',
        `docker-credential-${helperName} has no login for ${host}`,
      );
    return { username: got.Username, password: got.Secret };
  }
  const entry = config.auths?.[host];
  const parsed = entry ? readEntry(host, entry) : null;
  if (!parsed?.username || !parsed.password)
    throw new AppError('INVALID_INPUT', `No Docker login for ${host}`);
  return { username: parsed.username, password: parsed.password };
}
