/**
 * Runs one exec credential plugin process: asynchronously, without a terminal (stdin closed,
 * KUBERNETES_EXEC_INFO says `interactive: false`), in its own process group, with a hard
 * timeout that kills the whole group. Every failure is an AppError naming the command.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { AppError } from '../../api/errors';
import { commandSearch, resolveCommand } from '../command-path';
import {
  commandLine,
  execInfo,
  interactivity,
  lastLines,
  parseExecCredential,
  type ExecClusterInfo,
  type ExecConfig,
  type ExecCredential,
} from './credential';

export const defaultExecTimeoutMs = 60_000;
const maxStdoutBytes = 4 * 1024 * 1024;
const maxStderrChars = 16 * 1024;
/** After the timeout's SIGTERM, the group gets SIGKILL this much later. */
const killGraceMs = 1_000;

export interface RunPluginOptions {
  config: ExecConfig;
  context: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  cluster?: ExecClusterInfo;
}

/** Plugin process groups still running; stopped if PullKey exits first (they are detached). */
const running = new Set<number>();
let exitHookInstalled = false;
function track(pid: number | undefined) {
  if (pid === undefined) return;
  running.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => running.forEach((group) => killGroup(group, 'SIGKILL')));
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals) {
  if (pid === undefined) return;
  try {
    // A negative pid is the process group (POSIX): the plugin and everything it started.
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    // Already gone.
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function runExecPlugin(options: RunPluginOptions): Promise<ExecCredential> {
  const { config, context, env, timeoutMs } = options;
  const command = commandLine(config);
  const named = `Credential plugin "${command}" of context "${context}"`;
  const allowed = interactivity(config);
  if (!allowed.ok) {
    return Promise.reject(
      new AppError(
        'AUTH_PLUGIN_FAILED',
        `${named} cannot run: ${allowed.reason} (e.g. \`kubectl --context ${context} get --raw /version\`), then check the context again.`,
        { context, command, interactiveMode: config.interactiveMode ?? null },
      ),
    );
  }
  const loginHint =
    config.interactiveMode === 'Never'
      ? ''
      : ` If it needs you to log in, log in from a terminal first (e.g. \`kubectl --context ${context} get --raw /version\`), then check the context again.`;

  // Found on PATH only, never in the working directory (as kubectl finds it).
  const search = commandSearch(env);
  const executable = resolveCommand(config.command, search);
  const notFound = () => {
    const searched = search.path ?? '(empty)';
    const hint = config.installHint ? `\n${config.installHint.trim()}` : '';
    return new AppError(
      'AUTH_PLUGIN_NOT_FOUND',
      `Credential plugin "${config.command}" of context "${context}" was not found. PATH searched: ${searched}${hint}`,
      { context, command: config.command, path: searched },
    );
  };
  if (!executable) return Promise.reject(notFound());

  const pluginEnv: NodeJS.ProcessEnv = { ...env };
  for (const { name, value } of config.env ?? []) pluginEnv[name] = value;
  pluginEnv.KUBERNETES_EXEC_INFO = execInfo(config, options.cluster);

  return new Promise<ExecCredential>((resolve, reject) => {
    let stdout = '';
    let stdoutBytes = 0;
    let stderr = '';
    let settled = false;
    const started = Date.now();

    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn(executable, config.args ?? [], {
        env: pluginEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } catch (error) {
      // Thrown, not emitted: e.g. a .cmd found by PATHEXT, which Node starts only in a shell.
      reject(
        new AppError(
          'AUTH_PLUGIN_FAILED',
          `${named} could not be started: ${(error as Error).message}`,
          {
            context,
            command,
          },
        ),
      );
      return;
    }
    track(child.pid);

    const details = (extra: Record<string, unknown> = {}) => ({
      context,
      command,
      timeoutMs,
      stderr: lastLines(stderr),
      ...extra,
    });
    const stderrTail = () => {
      const tail = lastLines(stderr);
      return tail ? `\nLast lines of its error output:\n${tail}` : '';
    };
    function finish(outcome: { credential: ExecCredential } | { error: AppError }) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('credential' in outcome) resolve(outcome.credential);
      else reject(outcome.error);
    }
    function stop() {
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), killGraceMs).unref();
    }

    const timer = setTimeout(() => {
      stop();
      finish({
        error: new AppError(
          'AUTH_PLUGIN_FAILED',
          `${named} did not answer within ${seconds(timeoutMs)} and was stopped.${loginHint}${stderrTail()}`,
          details({ timedOut: true }),
        ),
      });
    }, timeoutMs);

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (settled) return;
      stdoutBytes += Buffer.byteLength(chunk);
      if (stdoutBytes > maxStdoutBytes) {
        stop();
        finish({
          error: new AppError(
            'AUTH_PLUGIN_FAILED',
            `${named} printed more than ${maxStdoutBytes / 1024 / 1024} MB and was stopped.`,
            details(),
          ),
        });
        return;
      }
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-maxStderrChars);
    });

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        finish({ error: notFound() });
        return;
      }
      finish({
        error: new AppError(
          'AUTH_PLUGIN_FAILED',
          `${named} could not be started: ${error.message}`,
          details({ cause: error.code ?? error.message }),
        ),
      });
    });

    child.on('exit', () => {
      if (child.pid !== undefined) running.delete(child.pid);
    });
    child.on('close', (code, signal) => {
      if (code !== 0) {
        const how = signal ? `was ended by ${signal}` : `failed with exit code ${code}`;
        finish({
          error: new AppError(
            'AUTH_PLUGIN_FAILED',
            `${named} ${how}.${loginHint}${stderrTail()}`,
            details({ exitCode: code, signal }),
          ),
        });
        return;
      }
      try {
        finish({ credential: parseExecCredential(stdout, config.apiVersion) });
      } catch (error) {
        finish({
          error: new AppError(
            'AUTH_PLUGIN_FAILED',
            `${named} answered after ${seconds(Date.now() - started)} with no usable credential: ${(error as Error).message}${stderrTail()}`,
            details(),
          ),
        });
      }
    });
  });
}
