/**
 * Import from Docker with progress and Cancel, on a real Docker config folder and real credential
 * helper processes (shell scripts); only the keychain is an in-memory fake, whose write the test
 * can hold. Per login: read (file or helper) then store; Cancel stops the helper being read (it
 * is killed, nothing stored), drops a password read but not stored, lets a keychain write under
 * way finish, and starts no further login. Every login ends with an outcome.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DockerImportProgress, SavedLogin } from '@core/api/contract';
import { createEventHub } from '@core/api/events';
import { createCancellations } from '@core/registries/cancellations';
import { createDockerImport } from '@core/registries/docker-import-run';

let dir: string;
let env: NodeJS.ProcessEnv;
const pidFile = () => path.join(dir, 'helper.pid');
const gateFile = () => path.join(dir, 'helper.gate');
const auth = (username: string, password: string) => ({
  auth: Buffer.from(`${username}:${password}`).toString('base64'),
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pk-docker-import-'));
  const bin = path.join(dir, 'bin');
  await mkdir(bin);
  // A helper that takes its time (as one unlocking a store would): it writes its pid, then
  // answers only once the gate file exists (at most ~20 s).
  const helper = path.join(bin, 'docker-credential-pkslow');
  await writeFile(
    helper,
    `#!/bin/sh
read server
echo $$ > "${pidFile()}"
i=0
while [ ! -e "${gateFile()}" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done
printf '{"ServerURL":"%s","Username":"slowuser","Secret":"slow-secret"}' "$server"
`,
  );
  await chmod(helper, 0o755);
  await writeFile(
    path.join(dir, 'config.json'),
    JSON.stringify({
      auths: {
        'a.example': auth('alice', 'a-secret'),
        'c.example': auth('carol', 'c-secret'),
        'd.example': auth('dave', 'd-secret'),
      },
      credHelpers: { 'slow.example': 'pkslow' },
    }),
  );
  env = { DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH}` };
});
afterAll(async () => {
  await writeFile(gateFile(), '');
});

/** The keychain, in memory; `hold` makes its next write wait until released. */
function fakeVault() {
  const stored = new Map<string, string>();
  let held: Promise<void> | null = null;
  let releaseHeld = () => undefined as void;
  const vault = {
    stored,
    set: vi.fn(async (login: SavedLogin & { password?: string }) => {
      if (held) await held;
      stored.set(`${login.username}@${login.host}`, login.password ?? '');
    }),
    listLogins: () =>
      Promise.resolve(
        [...stored.keys()].map((key) => {
          const [username, host] = key.split('@') as [string, string];
          return { host, username };
        }),
      ),
    hold() {
      held = new Promise<void>((resolve) => (releaseHeld = resolve));
    },
    release: () => releaseHeld(),
  };
  return vault;
}

function setup() {
  const events = createEventHub();
  const cancellations = createCancellations();
  const vault = fakeVault();
  const progress: DockerImportProgress[] = [];
  events.listen((event, payload) => {
    if (event === 'docker:import-progress') progress.push(payload as DockerImportProgress);
  });
  const run = createDockerImport({ vault, events, cancellations });
  return { events, cancellations, vault, progress, run };
}

const login = (host: string, username: string) => ({ host, username });
/** One login's line in the report; `message` only where the report has one. */
const result = (host: string, username: string, outcome: string, message?: string) => ({
  ...login(host, username),
  outcome,
  ...(message === undefined ? {} : { message }),
});
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('Import from Docker: progress', () => {
  it('says which login is under way ("2 of 3: host") and reports each one, a failure included', async () => {
    const app = setup();
    const report = await app.run(
      {
        operationId: 'imp-1',
        logins: [
          login('a.example', 'alice'),
          login('missing.example', 'x'),
          login('c.example', 'carol'),
        ],
      },
      env,
    );
    expect(report.results).toEqual([
      result('a.example', 'alice', 'imported'),
      result('missing.example', 'x', 'failed', 'No Docker login for missing.example'),
      result('c.example', 'carol', 'imported'),
    ]);
    expect(app.vault.stored).toEqual(
      new Map([
        ['alice@a.example', 'a-secret'],
        ['carol@c.example', 'c-secret'],
      ]),
    );
    expect(report.logins).toHaveLength(2);
    // A start and an end per login, in order.
    expect(
      app.progress.map((event) => [
        event.index,
        event.total,
        event.host,
        event.done,
        !!event.result,
      ]),
    ).toEqual([
      [1, 3, 'a.example', 0, false],
      [1, 3, 'a.example', 1, true],
      [2, 3, 'missing.example', 1, false],
      [2, 3, 'missing.example', 2, true],
      [3, 3, 'c.example', 2, false],
      [3, 3, 'c.example', 3, true],
    ]);
  });
});

describe('Import from Docker: Cancel', () => {
  it('while a credential helper is reading: the helper is stopped, nothing stored for it or after it', async () => {
    const app = setup();
    const cancelled: Array<Promise<void>> = [];
    app.events.listen((event, payload) => {
      const step = payload as DockerImportProgress;
      if (event === 'docker:import-progress' && step.host === 'slow.example' && !step.result) {
        // Once the helper process runs (it wrote its pid), cancel.
        cancelled.push(
          vi
            .waitFor(() => expect(existsSync(pidFile())).toBe(true), { timeout: 10_000 })
            .then(() => app.cancellations.cancel('imp-2')),
        );
      }
    });
    const started = Date.now();
    const report = await app.run(
      {
        operationId: 'imp-2',
        logins: [
          login('a.example', 'alice'),
          login('slow.example', 'slowuser'),
          login('c.example', 'carol'),
        ],
      },
      env,
    );
    await Promise.all(cancelled);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.results).toEqual([
      result('a.example', 'alice', 'imported'),
      result('slow.example', 'slowuser', 'cancelled', 'cancelled while reading it: nothing stored'),
      result('c.example', 'carol', 'cancelled', 'cancelled before it started: nothing stored'),
    ]);
    expect([...app.vault.stored.keys()]).toEqual(['alice@a.example']);
    const pid = Number((await readFile(pidFile(), 'utf8')).trim());
    await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 5_000 });
    // No start event for the login that never started.
    expect(app.progress.filter((event) => !event.result).map((event) => event.host)).toEqual([
      'a.example',
      'slow.example',
    ]);
    expect(app.progress.at(-1)).toMatchObject({ index: 3, done: 3, total: 3 });
  });

  it('after a password was read but before it is stored: dropped, nothing stored', async () => {
    const app = setup();
    app.events.listen((event, payload) => {
      const step = payload as DockerImportProgress;
      // The read of c.example (from the file) starts right after this event.
      if (event === 'docker:import-progress' && step.host === 'c.example' && !step.result)
        app.cancellations.cancel('imp-3');
    });
    const report = await app.run(
      {
        operationId: 'imp-3',
        logins: [login('a.example', 'alice'), login('c.example', 'carol')],
      },
      env,
    );
    expect(report.results.map((result) => [result.host, result.outcome, result.message])).toEqual([
      ['a.example', 'imported', undefined],
      ['c.example', 'cancelled', 'cancelled before it was stored: nothing stored'],
    ]);
    expect(app.vault.set).toHaveBeenCalledTimes(1);
  });

  it('during a keychain write: that write finishes (imported), no further login starts', async () => {
    const app = setup();
    app.vault.hold();
    const running = app.run(
      {
        operationId: 'imp-4',
        logins: [
          login('a.example', 'alice'),
          login('c.example', 'carol'),
          login('d.example', 'dave'),
        ],
      },
      env,
    );
    await vi.waitFor(() => expect(app.vault.set).toHaveBeenCalledTimes(1));
    app.cancellations.cancel('imp-4');
    app.vault.release();
    const report = await running;
    expect(report.results.map((result) => [result.host, result.outcome])).toEqual([
      ['a.example', 'imported'],
      ['c.example', 'cancelled'],
      ['d.example', 'cancelled'],
    ]);
    expect(app.vault.stored).toEqual(new Map([['alice@a.example', 'a-secret']]));
    expect(app.vault.set).toHaveBeenCalledTimes(1);
  });

  it('a cancel after it finished changes nothing; the next import runs in full', async () => {
    const app = setup();
    const logins = [login('a.example', 'alice'), login('c.example', 'carol')];
    const first = await app.run({ operationId: 'imp-5', logins }, env);
    app.cancellations.cancel('imp-5');
    expect(first.results.map((result) => result.outcome)).toEqual(['imported', 'imported']);
    const next = await app.run({ operationId: 'imp-6', logins }, env);
    expect(next.results.map((result) => result.outcome)).toEqual(['imported', 'imported']);
    // Without an operation id the back end makes one up, and the import runs.
    const unnamed = await app.run({ logins: [login('d.example', 'dave')] }, env);
    expect(unnamed.operationId).toMatch(/^docker-import-/);
    expect(unnamed.results.map((result) => result.outcome)).toEqual(['imported']);
  });
});
