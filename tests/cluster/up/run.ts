// The running cluster:up: its log, the processes it starts (kept for abort), waits that fail
// fast once a process died, and the small HTTP, port and kubeconfig helpers. Node built-ins only.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send, type Resp } from '../faults.ts';

export const t0 = Date.now();
export const log = (msg: string): void => {
  process.stderr.write(`[cluster:up +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);
};

export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An HTTP(S) GET: status and body (the faults' request, without a body). */
export const get = (url: string, opts: { ca?: string; token?: string; timeoutMs?: number } = {}): Promise<Resp> => send(url, opts);
export const token = (): string => randomBytes(24).toString('hex');
export const password = (): string => randomBytes(12).toString('base64url');

/** The run directory, the processes started in it, and what needs them (`bin`: the binaries). */
export function createRun(bin: (name: string) => string) {
  const runDir = mkdtempSync(join(tmpdir(), 'pullkey-cluster-'));
  const logDir = join(runDir, 'logs');
  const pki = join(runDir, 'pki');
  mkdirSync(logDir, { recursive: true });
  const pids: Record<string, number> = {};
  const children: ChildProcess[] = [];

  function start(name: string, cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
    const out = openSync(join(logDir, `${name}.log`), 'a');
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
    if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
    pids[name] = child.pid;
    children.push(child);
    child.on('exit', (code, signal) => {
      if (!finished) {
        failures.push(`${name} exited (code ${code}, signal ${signal}); log: ${join(logDir, `${name}.log`)}`);
      }
    });
    child.unref();
    return child;
  }
  let finished = false;
  const failures: string[] = [];

  function tail(name: string, n = 25): string {
    try {
      return readFileSync(join(logDir, `${name}.log`), 'utf8').trim().split('\n').slice(-n).join('\n');
    } catch {
      return '(no log)';
    }
  }

  function abort(err: unknown): never {
    finished = true;
    process.stderr.write(`\ncluster:up FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
    for (const f of failures) process.stderr.write(`  ${f}\n`);
    for (const name of Object.keys(pids)) {
      process.stderr.write(`--- ${name} (last lines) ---\n${tail(name, 12)}\n`);
    }
    for (const pid of Object.values(pids)) {
      try { process.kill(-pid, 'SIGKILL'); } catch { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    process.stderr.write(`logs kept in ${logDir}\n`);
    process.exit(1);
  }


  async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastErr = '';
    while (Date.now() < deadline) {
      if (failures.length) throw new Error(`while waiting for ${what}`);
      try {
        if (await check()) return;
      } catch (e) {
        lastErr = e instanceof Error ? e.message : String(e);
      }
      await sleep(200);
    }
    throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${lastErr ? ` (last error: ${lastErr})` : ''}`);
  }
  function kubeconfigFor(server: string, user: string, tok: string): object {
    return {
      apiVersion: 'v1', kind: 'Config', 'current-context': 'c',
      clusters: [{ name: 'c', cluster: { server, 'certificate-authority': join(pki, 'ca.crt') } }],
      users: [{ name: user, user: { token: tok } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user } }],
    };
  }

  function kubectl(kubeconfig: string, context: string, args: string[], input?: string): string {
    return execFileSync(bin('kubectl'), ['--kubeconfig', kubeconfig, '--context', context, ...args], {
      encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000,
    });
  }
  const finish = (): void => {
    finished = true;
  };
  return { runDir, logDir, pki, pids, start, abort, waitFor, kubeconfigFor, kubectl, finish };
}

export type Run = ReturnType<typeof createRun>;
