/**
 * npm run harness -- --kubeconfig <path> [--kubeconfig <path2>] [--port N] [--state-dir DIR]
 * Prints one line `PULLKEY_URL=<url>` and serves until killed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHarness } from './server';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string', multiple: true },
    port: { type: 'string' },
    'state-dir': { type: 'string' },
  },
});

if (process.env.PULLKEY_PRIVATE_KEYRING !== '1') {
  console.error(
    'The test bridge must run against a private keychain: use "npm run harness -- …" ' +
      '(it wraps this in tests/harness/private-keyring.sh).',
  );
  process.exit(2);
}
if (!values.kubeconfig?.length) {
  console.error('usage: npm run harness -- --kubeconfig <path> [--port N] [--state-dir DIR]');
  process.exit(2);
}

const harness = await startHarness({
  kubeconfig: values.kubeconfig.map((file) => path.resolve(file)),
  ...(values.port ? { port: Number(values.port) } : {}),
  ...(values['state-dir'] ? { stateDir: values['state-dir'] } : {}),
});
console.log(`PULLKEY_URL=${harness.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void harness.close().then(() => process.exit(0));
  });
}
