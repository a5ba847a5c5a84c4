/**
 * npm run demo: starts the test cluster (two clusters, registries, a simulated node), then
 * PullKey pointed at its kubeconfig: the Electron app where an Electron binary exists, else
 * the renderer through the test bridge (open the printed URL in a browser). Ctrl+C stops all.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { readClusterState } from '../tests/cluster/state';
import { electronBinary } from '../tests/harness/electron-binary';

const root = path.resolve(import.meta.dirname, '..');
const run = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;

if (run(process.execPath, [path.join(root, 'tests/cluster/up.ts')]) !== 0) process.exit(1);
const state = readClusterState();
console.log(`\nTest cluster up. kubectl: ${state.kubectl} --kubeconfig ${state.kubeconfig}`);
for (const [name, registry] of Object.entries(state.registries)) {
  const user = registry.users[0];
  console.log(
    `registry ${name}: ${registry.host}${user ? ` (user ${user.username} / ${user.password})` : ' (anonymous)'}`,
  );
}

const env = { ...process.env, KUBECONFIG: state.kubeconfig };
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const child = electronBinary()
  ? spawn(bin('electron-vite'), ['preview'], { cwd: root, stdio: 'inherit', env })
  : (() => {
      console.log('No Electron binary here: serving the renderer through the test bridge instead.');
      if (run(bin('electron-vite'), ['build']) !== 0) process.exit(1);
      return spawn(
        'bash',
        [
          path.join(root, 'tests/harness/private-keyring.sh'),
          bin('tsx'),
          path.join(root, 'tests/harness/cli.ts'),
          '--kubeconfig',
          state.kubeconfig,
        ],
        { cwd: root, stdio: 'inherit', env },
      );
    })();

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  run(process.execPath, [path.join(root, 'tests/cluster/down.ts')]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', stop);
