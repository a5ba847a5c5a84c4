/**
 * Runs a token refresh source on this computer: the program found on PATH (the login shell's;
 * never the working directory), as argv (never a shell), stdin given and closed (no terminal to
 * prompt on), a timeout and Cancel (the process is killed), stderr shown on failure in plain
 * words. The token it prints is returned to the caller only: never logged, never in a message.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { AppError } from '../api/errors';
import { parseJsonDescribed } from '../dockerconfig/go-json';
import { commandCandidates, commandSearch, resolveCommand } from '../kube/command-path';
import { failureReason, type SourceCommand } from '../tokens/sources';

export const TOKEN_COMMAND_TIMEOUT_MS = 60_000;

export interface FreshToken {
  username: string;
  password: string;
}

/** Never quotes the token: any text the command printed on stdout is removed from a message. */
const without = (text: string, secret: string) =>
  secret.trim() ? text.split(secret.trim()).join('•••') : text;

export function runTokenCommand(
  command: SourceCommand,
  env: NodeJS.ProcessEnv,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<FreshToken> {
  const { program } = command;
  const executable = resolveCommand(program, commandSearch(env));
  if (!executable) {
    return Promise.reject(
      new AppError(
        'INVALID_INPUT',
        `${program} was not found on PATH: install it or pick another refresh source`,
      ),
    );
  }
  const timeoutMs = options.timeoutMs ?? TOKEN_COMMAND_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = execFile(
      executable,
      command.args,
      {
        env,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        windowsHide: true,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        if (error) {
          if (options.signal?.aborted) {
            reject(
              new AppError(
                'TOKEN_REFRESH_CANCELLED',
                `Cancelled while ${program} ran: nothing written`,
              ),
            );
            return;
          }
          const killed = (error as { killed?: boolean }).killed;
          const reason = killed
            ? `${program} did not answer within ${Math.round(timeoutMs / 1000)} s: stopped`
            : failureReason(program, without(stderr, stdout), error.message);
          reject(new AppError('TOKEN_REFRESH_FAILED', without(reason, stdout)));
          return;
        }
        try {
          resolve(readAnswer(command, stdout));
        } catch (failure) {
          reject(failure instanceof Error ? failure : new Error(String(failure)));
        }
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(command.input);
  });
}

function readAnswer(command: SourceCommand, stdout: string): FreshToken {
  if (command.output === 'helper-json') {
    // Described, never quoted: the answer holds the secret.
    const read = parseJsonDescribed(stdout, 'the answer');
    const got = read.ok ? (read.value as { Username?: unknown; Secret?: unknown }) : null;
    if (!got || typeof got.Username !== 'string' || typeof got.Secret !== 'string' || !got.Secret)
      throw new AppError(
        'TOKEN_REFRESH_FAILED',
        `${command.program} get printed no login for ${command.input}${read.ok ? '' : `: ${read.problem}`}`,
      );
    return { username: got.Username, password: got.Secret.trim() };
  }
  const token = stdout.trim();
  if (!token || /\s/.test(token))
    throw new AppError('TOKEN_REFRESH_FAILED', `${command.program} printed no token`);
  return { username: command.username ?? '', password: token };
}

/** The docker-credential-* helpers on PATH (their names without the prefix), sorted. */
export function credentialHelpersOnPath(env: NodeJS.ProcessEnv): string[] {
  const search = commandSearch(env);
  const found = new Set<string>();
  for (const candidate of commandCandidates('docker-credential-x', search)) {
    const dir = candidate.slice(0, candidate.lastIndexOf('docker-credential-x'));
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = /^docker-credential-([A-Za-z0-9][A-Za-z0-9._-]*?)(\.exe|\.cmd|\.bat)?$/.exec(
        name,
      );
      if (match && resolveCommand(name, search)) found.add(match[1]!);
    }
  }
  return [...found].sort();
}
