/**
 * Import from Docker cancelled in the middle, with the REAL keychain (gnome-keyring in a private
 * D-Bus session) and a real credential helper process: the login stored before Cancel stays,
 * the one whose helper was still answering is not stored (the helper is stopped), the next one
 * never starts, and each is reported; `vault:logins` agrees.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core';
import type { DockerImportProgress } from '../../electron/core/api/contract';
import { invoke, tempDir } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';

const id = Date.now().toString(36);
const [first, slow, last] = ['first', 'slow', 'last'].map((what) => `${what}-${id}.example`) as [
  string,
  string,
  string,
];
let dir: string;
let app: Core;

beforeAll(async () => {
  requirePrivateKeyring();
  dir = await tempDir('pk-import-');
  const bin = path.join(dir, 'bin');
  await mkdir(bin);
  // A helper that does not answer until the gate file exists (a store waiting to be unlocked).
  await writeFile(
    path.join(bin, 'docker-credential-pkwait'),
    `#!/bin/sh\nread server\ni=0\nwhile [ ! -e "${dir}/gate" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done\nprintf '{"Username":"waiter","Secret":"helper-pw"}'\n`,
  );
  await chmod(path.join(bin, 'docker-credential-pkwait'), 0o755);
  const auth = (user: string, password: string) => ({
    auth: Buffer.from(`${user}:${password}`).toString('base64'),
  });
  await writeFile(
    path.join(dir, 'config.json'),
    JSON.stringify({
      auths: { [first]: auth('ann', 'first-pw'), [last]: auth('lee', 'last-pw') },
      credHelpers: { [slow]: 'pkwait' },
    }),
  );
  app = createCore({
    host: { name: 'PullKey', version: 'test' },
    settingsDir: await tempDir('pk-settings-'),
    kubeconfig: [],
    watchKubeconfig: false,
    env: { ...process.env, DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH}` },
  });
});
afterAll(async () => {
  if (dir) await writeFile(path.join(dir, 'gate'), '');
  await app?.close();
});

describe('Import from Docker, cancelled while a credential helper answers', () => {
  it('keeps what was stored, stores nothing for the login in flight or after it, reports each', async () => {
    const operationId = `imp-${id}`;
    const steps: string[] = [];
    const stop = app.events.listen((event, payload) => {
      if (event !== 'docker:import-progress') return;
      const step = payload as DockerImportProgress;
      steps.push(`${step.index}/${step.total} ${step.host} ${step.result?.outcome ?? 'start'}`);
      // The helper is running: wait a moment so it is really answering, then cancel.
      if (step.host === slow && !step.result)
        setTimeout(() => void invoke(app, 'registries:cancel', { operationId }), 300);
    });
    const started = Date.now();
    const report = await invoke(app, 'docker:import', {
      operationId,
      logins: [
        { host: first, username: 'ann' },
        { host: slow, username: 'waiter' },
        { host: last, username: 'lee' },
      ],
    });
    stop();
    const ms = Date.now() - started;
    console.log(`[cancel] import of 3 cancelled during the helper's read: ended after ${ms} ms`);
    expect(ms).toBeLessThan(10_000);
    expect(report.results).toEqual([
      { host: first, username: 'ann', outcome: 'imported' },
      {
        host: slow,
        username: 'waiter',
        outcome: 'cancelled',
        message: 'cancelled while reading it: nothing stored',
      },
      {
        host: last,
        username: 'lee',
        outcome: 'cancelled',
        message: 'cancelled before it started: nothing stored',
      },
    ]);
    expect(steps).toEqual([
      `1/3 ${first} start`,
      `1/3 ${first} imported`,
      `2/3 ${slow} start`,
      `2/3 ${slow} cancelled`,
      `3/3 ${last} cancelled`,
    ]);
    // The keychain: the first login only.
    await expect(app.vault.get(first, 'ann')).resolves.toBe('first-pw');
    await expect(app.vault.get(slow, 'waiter')).resolves.toBeNull();
    await expect(app.vault.get(last, 'lee')).resolves.toBeNull();
    const saved = await invoke(app, 'vault:logins');
    expect(saved.filter((login) => login.host.endsWith(`${id}.example`))).toEqual([
      { host: first, username: 'ann' },
    ]);
    expect(report.logins).toEqual(saved);
    // A cancel after the end is harmless: the same logins import in full under a new id.
    await invoke(app, 'registries:cancel', { operationId });
    await writeFile(path.join(dir, 'gate'), '');
    const again = await invoke(app, 'docker:import', {
      operationId: `${operationId}-again`,
      logins: [
        { host: slow, username: 'waiter' },
        { host: last, username: 'lee' },
      ],
    });
    expect(again.results.map((result) => result.outcome)).toEqual(['imported', 'imported']);
    await expect(app.vault.get(slow, 'waiter')).resolves.toBe('helper-pw');
  }, 60_000);
});
