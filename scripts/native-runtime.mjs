// Makes keytar's native module match the runtime about to load it: Electron for `npm start`,
// Node for the tests. Both share node_modules, so the module is rebuilt only when it was last
// built for the other runtime (recorded in a marker file next to the binary).
//   node scripts/native-runtime.mjs electron|node
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const target = process.argv[2];
if (target !== 'electron' && target !== 'node') {
  console.error('usage: node scripts/native-runtime.mjs electron|node');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const keytarDir = path.dirname(require.resolve('keytar/package.json'));
const marker = path.join(keytarDir, 'build', 'pullkey-runtime.txt');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function wanted() {
  if (target === 'node') return `node-${process.versions.modules}`;
  const electronVersion = require('electron/package.json').version;
  return `electron-${electronVersion}`;
}

function loadsInNode() {
  return spawnSync(process.execPath, ['-e', "require('keytar')"], { cwd: keytarDir }).status === 0;
}

const want = wanted();
const have = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : null;
const current =
  target === 'node' ? have === want || (have === null && loadsInNode()) : have === want;
if (current) process.exit(0);

console.log(`keytar: rebuilding the native module for ${want} (was ${have ?? 'unknown'})`);
if (target === 'electron') {
  execFileSync(npm, ['exec', '--', 'electron-builder', 'install-app-deps'], { stdio: 'inherit' });
} else {
  execFileSync(npm, ['rebuild', 'keytar'], { stdio: 'inherit' });
}
writeFileSync(marker, `${want}\n`);
