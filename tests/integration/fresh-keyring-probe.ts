import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/**
 * Runs the probe script `probe` (tests/integration/…) with tsx inside a private keyring of its
 * own (tests/harness/private-keyring.sh: a fresh D-Bus session and Secret Service), with `env`
 * added; resolves with the JSON of the last line it prints.
 */
export async function probeInFreshKeyring(
  probe: string,
  env: Record<string, string> = {},
  timeout?: number,
): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    'bash',
    [
      path.join(root, 'tests/harness/private-keyring.sh'),
      path.join(root, 'node_modules/.bin/tsx'),
      path.join(root, 'tests/integration', probe),
    ],
    {
      env: { ...process.env, PULLKEY_PRIVATE_KEYRING: '', ...env },
      ...(timeout ? { timeout } : {}),
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}
