/**
 * The exec plugin runner and authenticator with real plugin processes (shell scripts in a temp
 * folder): timeout and process-group kill, no terminal, single-flight, error wording.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createExecAuthenticator } from '@core/kube/exec/authenticator';
import { parseExecConfig } from '@core/kube/exec/credential';
import { runExecPlugin } from '@core/kube/exec/run-plugin';
import { processAlive as alive } from '../../../../cluster/state';

const V1 = 'client.authentication.k8s.io/v1';
let dir: string;

async function script(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

const credentialJson = (token: string, expires?: string) =>
  JSON.stringify({
    apiVersion: V1,
    kind: 'ExecCredential',
    status: { token, ...(expires ? { expirationTimestamp: expires } : {}) },
  });

const lines = async (file: string) =>
  existsSync(file) ? (await readFile(file, 'utf8')).split('\n').filter(Boolean) : [];

/** The authenticator of user `u` on context `ctx` for plugin `command` (10 s time limit unless `over`). */
const authenticatorFor = (
  command: string,
  over: Partial<Parameters<typeof createExecAuthenticator>[0]> = {},
) =>
  createExecAuthenticator({
    userName: 'u',
    context: 'ctx',
    exec: { apiVersion: V1, command },
    env: process.env,
    timeoutMs: () => 10_000,
    ...over,
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pk-exec-'));
});

describe('runExecPlugin', () => {
  it('runs the plugin without a terminal and reads its credential', async () => {
    const seen = path.join(dir, 'seen.txt');
    const command = await script(
      'ok.sh',
      `printf '%s\\n' "$KUBERNETES_EXEC_INFO" > "${seen}"
[ -t 0 ] && echo tty >> "${seen}" || echo no-tty >> "${seen}"
echo "$MY_VAR" >> "${seen}"
echo '${credentialJson('tok', '2030-01-01T00:00:00Z')}'`,
    );
    const credential = await runExecPlugin({
      config: parseExecConfig({ apiVersion: V1, command, env: [{ name: 'MY_VAR', value: 'v' }] }),
      context: 'ctx',
      env: process.env,
      timeoutMs: 10_000,
    });
    expect(credential).toMatchObject({ token: 'tok', expiresAt: Date.UTC(2030, 0, 1) });
    const [info, tty, myVar] = await lines(seen);
    expect(JSON.parse(info!)).toEqual({
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
    expect(tty).toBe('no-tty');
    expect(myVar).toBe('v');
  });

  it('kills a hung plugin and everything it started at the timeout, with command, timeout and stderr', async () => {
    const pids = path.join(dir, 'hung.pids');
    const command = await script(
      'hung.sh',
      `sleep 1000 &
echo $$ $! > "${pids}"
echo "opening the browser for login" >&2
echo "waiting for the browser…" >&2
wait`,
    );
    const started = Date.now();
    const error = await runExecPlugin({
      config: parseExecConfig({ apiVersion: V1, command, args: ['--profile', 'dev'] }),
      context: 'hung-ctx',
      env: process.env,
      timeoutMs: 500,
    }).catch((failure: unknown) => failure);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({
      code: 'AUTH_PLUGIN_FAILED',
      details: { context: 'hung-ctx', timeoutMs: 500, timedOut: true },
    });
    const message = (error as Error).message;
    expect(message).toContain(`Credential plugin "${command} --profile dev" of context "hung-ctx"`);
    expect(message).toContain('did not answer within 0.5 s and was stopped');
    expect(message).toContain('opening the browser for login\nwaiting for the browser…');
    expect(message).toContain('log in from a terminal first');
    const [shell, sleeper] = (await readFile(pids, 'utf8')).trim().split(' ').map(Number);
    await expect
      .poll(() => [alive(shell!), alive(sleeper!)], { timeout: 5_000 })
      .toEqual([false, false]);
  });

  it('refuses interactiveMode Always at once, without starting the plugin', async () => {
    const ran = path.join(dir, 'always.ran');
    const command = await script('always.sh', `echo ran > "${ran}"`);
    await expect(
      runExecPlugin({
        config: parseExecConfig({ apiVersion: V1, command, interactiveMode: 'Always' }),
        context: 'sso',
        env: process.env,
        timeoutMs: 10_000,
      }),
    ).rejects.toMatchObject({
      code: 'AUTH_PLUGIN_FAILED',
      message: expect.stringMatching(
        /needs a terminal \(interactiveMode: Always\).*log in from a terminal first.*kubectl --context sso/,
      ),
    });
    expect(existsSync(ran)).toBe(false);
  });

  it('names a missing plugin with the PATH searched and its install hint', async () => {
    await expect(
      runExecPlugin({
        config: parseExecConfig({
          apiVersion: V1,
          command: 'pullkey-no-such-plugin',
          installHint: 'Install it with: brew install pullkey-plugin',
        }),
        context: 'ctx',
        env: { ...process.env, PATH: '/nowhere' },
        timeoutMs: 10_000,
      }),
    ).rejects.toMatchObject({
      code: 'AUTH_PLUGIN_NOT_FOUND',
      message:
        'Credential plugin "pullkey-no-such-plugin" of context "ctx" was not found. PATH searched: /nowhere\nInstall it with: brew install pullkey-plugin',
    });
  });

  it('runs a plugin named without a folder from PATH only, never relative to the working directory', async () => {
    const ran = path.join(dir, 'cwd-ran.txt');
    await script('pullkey-cwd-plugin', `echo ran > "${ran}"\necho '${credentialJson('tok')}'`);
    const run = (PATH: string) =>
      runExecPlugin({
        config: parseExecConfig({ apiVersion: V1, command: 'pullkey-cwd-plugin' }),
        context: 'ctx',
        env: { ...process.env, PATH },
        timeoutMs: 10_000,
      });
    // The plugin's folder named relative to the working directory: as kubectl, not found.
    await expect(run(path.relative(process.cwd(), dir))).rejects.toMatchObject({
      code: 'AUTH_PLUGIN_NOT_FOUND',
    });
    expect(existsSync(ran)).toBe(false);
    await expect(run(dir)).resolves.toMatchObject({ token: 'tok' });
  });

  it('reports a failing plugin with its exit code and last stderr lines, and a bad answer', async () => {
    const failing = await script('fail.sh', 'echo "error: SSO session expired" >&2\nexit 3');
    await expect(
      runExecPlugin({
        config: parseExecConfig({ apiVersion: V1, command: failing, interactiveMode: 'Never' }),
        context: 'ctx',
        env: process.env,
        timeoutMs: 10_000,
      }),
    ).rejects.toMatchObject({
      code: 'AUTH_PLUGIN_FAILED',
      message: expect.stringMatching(
        /failed with exit code 3\.\nLast lines.*\nerror: SSO session expired$/,
      ),
      details: { exitCode: 3 },
    });
    const garbage = await script('garbage.sh', 'echo "Please visit https://login.example"');
    await expect(
      runExecPlugin({
        config: parseExecConfig({ apiVersion: V1, command: garbage }),
        context: 'ctx',
        env: process.env,
        timeoutMs: 10_000,
      }),
    ).rejects.toMatchObject({
      code: 'AUTH_PLUGIN_FAILED',
      message: expect.stringContaining('no usable credential: decoding stdout'),
    });
  });
});

describe('createExecAuthenticator', () => {
  it('starts one plugin process for 4 concurrent requests and reuses its credential', async () => {
    const counter = path.join(dir, 'single.count');
    const command = await script(
      'single.sh',
      `echo run >> "${counter}"\nsleep 0.3\necho '${credentialJson('shared', '2099-01-01T00:00:00Z')}'`,
    );
    const auth = authenticatorFor(command);
    const requests: Array<{ headers: Record<string, string> }> = Array.from({ length: 4 }, () => ({
      headers: {},
    }));
    await Promise.all(requests.map((opts) => auth.applyAuthentication({ name: 'u' }, opts)));
    expect(requests.map((opts) => opts.headers.Authorization)).toEqual(
      Array(4).fill('Bearer shared'),
    );
    await auth.applyAuthentication({ name: 'u' }, { headers: {} });
    expect(await lines(counter)).toEqual(['run']);
    expect(auth.isAuthProvider({ name: 'u' })).toBe(true);
    expect(auth.isAuthProvider({ name: 'other' })).toBe(false);
  });

  it('runs the plugin again after its credential expired, and after a 401', async () => {
    const counter = path.join(dir, 'expiry.count');
    const command = await script(
      'expiry.sh',
      `echo run >> "${counter}"
if [ "$(wc -l < "${counter}")" -eq 1 ]; then
  echo '${credentialJson('t1', '2030-01-01T00:00:00Z')}'
else
  echo '${credentialJson('t2', '2031-01-01T00:00:00Z')}'
fi`,
    );
    let now = Date.UTC(2029, 0, 1);
    const auth = authenticatorFor(command, { now: () => now });
    const first = await auth.credential();
    await auth.credential();
    expect(await lines(counter)).toHaveLength(1);
    now = Date.UTC(2030, 0, 1, 0, 0, 1);
    await auth.credential();
    expect(await lines(counter)).toHaveLength(2);
    auth.invalidate(first); // stale: already replaced, nothing happens
    await auth.credential();
    expect(await lines(counter)).toHaveLength(2);
    auth.invalidate(auth.peek());
    await auth.credential();
    expect(await lines(counter)).toHaveLength(3);
  });

  it('reads the timeout when the plugin starts, and reports a misconfigured stanza as a plugin failure', async () => {
    const command = await script('slow.sh', 'sleep 5');
    let timeoutMs = 200;
    const auth = authenticatorFor(command, { timeoutMs: () => timeoutMs });
    await expect(auth.credential()).rejects.toMatchObject({
      message: expect.stringContaining('within 0.2 s'),
    });
    timeoutMs = 300;
    await expect(auth.credential()).rejects.toMatchObject({
      message: expect.stringContaining('within 0.3 s'),
    });
    const broken = createExecAuthenticator({
      userName: 'u',
      context: 'ctx',
      exec: { command: 'aws' },
      env: process.env,
      timeoutMs: () => 1_000,
    });
    await expect(broken.credential()).rejects.toMatchObject({
      code: 'AUTH_PLUGIN_FAILED',
      message: expect.stringContaining('misconfigured: invalid exec stanza: exec.apiVersion'),
    });
  });

  it('tells a plugin that asks for it about the cluster, CA file included', async () => {
    const seen = path.join(dir, 'cluster-info.json');
    const ca = path.join(dir, 'ca.crt');
    await writeFile(ca, 'PEM CA');
    const command = await script(
      'cluster-info.sh',
      `printf '%s' "$KUBERNETES_EXEC_INFO" > "${seen}"\necho '${credentialJson('t')}'`,
    );
    const auth = authenticatorFor(command, {
      exec: { apiVersion: V1, command, provideClusterInfo: true },
      cluster: {
        server: 'https://k.example:6443',
        'certificate-authority': ca,
        'tls-server-name': 'k.internal',
        extensions: [{ name: 'client.authentication.k8s.io/exec', extension: { audience: 'a' } }],
      },
    });
    await auth.credential();
    expect(JSON.parse(await readFile(seen, 'utf8'))).toEqual({
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        cluster: {
          server: 'https://k.example:6443',
          'certificate-authority-data': Buffer.from('PEM CA').toString('base64'),
          'tls-server-name': 'k.internal',
          config: { audience: 'a' },
        },
      },
    });
  });
});
