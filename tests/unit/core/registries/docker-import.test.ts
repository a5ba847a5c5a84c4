/**
 * The Docker import's listing and helper runs, with real helper processes (shell scripts): a
 * per-registry helper is not run to list its login (docker runs one only for the registry it
 * talks to), the default store is asked once with `list`, and helpers are found on PATH only.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dockerPassword, listDockerLogins } from '@core/registries/docker-import';

let dir: string;
let runs: string;

/** docker-credential-<name>: logs each run, answers `list` and `get` for its host. */
async function helper(name: string, host: string, username: string) {
  const file = path.join(dir, `docker-credential-${name}`);
  await writeFile(
    file,
    `#!/bin/sh
echo "${name} $1" >> "${runs}"
read server
if [ "$1" = list ]; then printf '{"%s":"%s"}' "${host}" "${username}"; exit 0; fi
if [ "$1" = get ] && [ "$server" = "${host}" ]; then printf '{"ServerURL":"%s","Username":"${username}","Secret":"s3cret"}' "$server"; exit 0; fi
echo "credentials not found" >&2; exit 1
`,
  );
  await chmod(file, 0o755);
}

const ranHelpers = async () =>
  existsSync(runs) ? (await readFile(runs, 'utf8')).split('\n').filter(Boolean) : [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pk-docker-logins-'));
  runs = path.join(dir, 'runs.txt');
});

describe('Docker logins', () => {
  it('lists a per-registry helper without running it; the store with one `list`', async () => {
    await helper('ecr', 'ecr.example', 'AWS');
    await helper('desktop', 'ghcr.io', 'octocat');
    await writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({
        credsStore: 'desktop',
        credHelpers: { 'ecr.example': 'ecr', 'ghcr.io': 'ecr' },
      }),
    );
    const env = { DOCKER_CONFIG: dir, PATH: dir };
    const helperLogin = (host: string) => ({
      host,
      username: null,
      source: 'credHelpers',
      helper: 'ecr',
      error: null,
    });
    // ghcr.io: the per-registry helper overrides the store, as in docker.
    await expect(listDockerLogins(env)).resolves.toEqual([
      helperLogin('ecr.example'),
      helperLogin('ghcr.io'),
    ]);
    expect(await ranHelpers()).toEqual(['desktop list']);

    // Imported: the helper runs once, for its registry, and says the username.
    await expect(dockerPassword('ecr.example', env)).resolves.toEqual({
      username: 'AWS',
      password: 's3cret',
    });
    expect(await ranHelpers()).toEqual(['desktop list', 'ecr get']);
  });

  it('runs a helper from PATH only, never from a folder relative to the working directory', async () => {
    await helper('local', 'local.example', 'alice');
    await writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: {}, credsStore: 'local' }),
    );
    const relative = { DOCKER_CONFIG: dir, PATH: path.relative(process.cwd(), dir) };
    await expect(listDockerLogins(relative)).resolves.toEqual([
      {
        host: '*',
        username: null,
        source: 'credsStore',
        helper: 'local',
        error: 'docker-credential-local was not found on PATH',
      },
    ]);
    await expect(dockerPassword('local.example', relative)).rejects.toThrow(
      'docker-credential-local was not found on PATH',
    );
    expect(await ranHelpers()).toEqual([]);
  });
});
