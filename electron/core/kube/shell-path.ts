/**
 * A desktop app started from the dock or a launcher does not inherit the PATH of the user's
 * shell, so exec credential plugins (aws, gcloud, kubelogin) are "not found". Like VS Code, ask
 * the login shell once for its PATH and put its entries first.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

const MARK = '__PULLKEY_PATH__';

export function mergePaths(
  loginPath: string,
  currentPath: string,
  delimiter = path.delimiter,
): string {
  const entries = [...loginPath.split(delimiter), ...currentPath.split(delimiter)].filter(Boolean);
  return [...new Set(entries)].join(delimiter);
}

/** Extracts the PATH printed between markers (shell start-up files may print noise). */
export function parseShellOutput(output: string): string | null {
  const start = output.indexOf(MARK);
  const end = output.indexOf(MARK, start + MARK.length);
  if (start < 0 || end < 0) return null;
  return output.slice(start + MARK.length, end) || null;
}

export function loginShellPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  timeoutMs = 5_000,
): Promise<string | null> {
  if (platform === 'win32') return Promise.resolve(null);
  const shell = env.SHELL || (platform === 'darwin' ? '/bin/zsh' : '/bin/sh');
  return new Promise((resolve) => {
    execFile(
      shell,
      ['-ilc', `printf '%s' "${MARK}\${PATH}${MARK}"`],
      { env: { ...env, PULLKEY_RESOLVING_ENVIRONMENT: '1' }, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout) => resolve(error && !stdout ? null : parseShellOutput(stdout)),
    );
  });
}

/** Puts the login shell's PATH first in env.PATH; returns the PATH in force afterwards. */
export async function importLoginShellPath(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const loginPath = await loginShellPath(env);
  if (loginPath) env.PATH = mergePaths(loginPath, env.PATH ?? '');
  return env.PATH ?? '';
}
