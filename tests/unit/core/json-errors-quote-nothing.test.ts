/**
 * JSON that is not JSON, holding a credential: an exec plugin's output, the user's Docker
 * config, a Docker credential helper's answer. The error says where it broke, never what it
 * holds (JSON.parse's own message quotes ~10 characters around the error: the class of leak).
 * A leak is any 4-character piece of the secret in the message.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExecCredential } from '@core/kube/exec/credential';
import { dockerPassword, listDockerLogins } from '@core/registries/docker-import';

const SECRET = 'Zq8Wv2Kp5Rt9LmXy';
const V1 = 'client.authentication.k8s.io/v1';

function expectNoPieceOf(secret: string, text: string) {
  for (let index = 0; index + 4 <= secret.length; index++)
    expect(text, `"${secret.slice(index, index + 4)}" of the secret`).not.toContain(
      secret.slice(index, index + 4),
    );
}

/** Broken JSON around a secret: cut short, a stray byte after it, unquoted, single quotes. */
const broken = (key: string) => [
  `{"apiVersion":"${V1}","status":{"${key}":"${SECRET}`,
  `{"apiVersion":"${V1}","status":{"${key}":"${SECRET}"x}}`,
  `{"status":{"${key}":${SECRET}}}`,
  `{'status':{'${key}':'${SECRET}'}}`,
  `{"auths":{"r.io":{"${key}":"${SECRET}",}}}`,
  `${SECRET}`,
];

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('an exec plugin printing broken JSON', () => {
  it.each(['token', 'clientKeyData'])('says where it broke, never the %s', (key) => {
    for (const stdout of broken(key)) {
      const message = messageOf(() => parseExecCredential(stdout, V1));
      expect(message).toMatch(/^decoding stdout: not an ExecCredential \(not JSON/);
      expectNoPieceOf(SECRET, message);
    }
  });
});

describe('a Docker config or credential helper answer that is broken JSON', () => {
  let dir: string;
  const envFor = (config: string) => ({
    ...process.env,
    DOCKER_CONFIG: path.join(dir, config),
    PATH: `${path.join(dir, 'bin')}:${process.env.PATH ?? ''}`,
  });
  async function writeConfig(name: string, text: string) {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, 'config.json'), text);
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pk-json-errors-'));
    await mkdir(path.join(dir, 'bin'));
    // A helper whose answers are cut short right after the secret.
    const helper = path.join(dir, 'bin', 'docker-credential-pkbroken');
    await writeFile(
      helper,
      `#!/bin/sh\nread server\nif [ "$1" = list ]; then printf '{"r.io":"${SECRET}'; else printf '{"Username":"u","Secret":"${SECRET}'; fi\n`,
    );
    await chmod(helper, 0o755);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a config.json that is not JSON: the error says where, never the password', async () => {
    for (const [index, text] of broken('password').entries()) {
      await writeConfig(`file${index}`, text);
      const error = await listDockerLogins(envFor(`file${index}`)).then(
        () => null,
        (failure: Error) => failure,
      );
      expect(error?.message).toMatch(/^Cannot read the Docker config .*config\.json: not JSON/);
      expectNoPieceOf(SECRET, error!.message);
      const again = await dockerPassword('r.io', envFor(`file${index}`)).catch((e: Error) => e);
      expect(again).toBeInstanceOf(Error);
      expectNoPieceOf(SECRET, (again as Error).message);
    }
  });

  it("a credential helper's broken answer: the login's error says where, never the secret", async () => {
    await writeConfig(
      'helpers',
      JSON.stringify({ credsStore: 'pkbroken', credHelpers: { 'h.io': 'pkbroken' } }),
    );
    const logins = await listDockerLogins(envFor('helpers'));
    // The store is listed; a per-registry helper is only run (get) when its login is imported.
    expect(logins.map((login) => login.error)).toEqual([
      expect.stringMatching(/^docker-credential-pkbroken list printed no valid JSON: not JSON/),
      null,
    ]);
    expectNoPieceOf(SECRET, logins[0]!.error!);
    const error = await dockerPassword('h.io', envFor('helpers')).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/printed no valid JSON: not JSON: it ends early/);
    expectNoPieceOf(SECRET, (error as Error).message);
  });
});
