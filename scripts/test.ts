/**
 * `npm test`: every test layer that can run on this machine, then one closing summary.
 *   unit → integration (private keychain) → cluster harness (when built) → e2e (Chromium)
 * Options: --only unit,e2e   run just those layers
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  emptyResult,
  readPlaywrightReport,
  readVitestReport,
  type LayerResult,
} from './test/results';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'test-results');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const keyring = ['bash', path.join(root, 'tests/harness/private-keyring.sh')];

interface Layer {
  name: string;
  /** Why the layer cannot run here, or null when it can. */
  unavailable?: () => string | null;
  command: string[];
  env?: Record<string, string>;
  report: string;
  read: (file: string) => Promise<LayerResult>;
}

const layers: Layer[] = [
  {
    name: 'unit',
    command: [
      bin('vitest'),
      'run',
      '--project',
      'unit',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${path.join(resultsDir, 'unit.json')}`,
    ],
    report: path.join(resultsDir, 'unit.json'),
    read: readVitestReport,
  },
  {
    name: 'integration',
    command: [
      ...keyring,
      bin('vitest'),
      'run',
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${path.join(resultsDir, 'integration.json')}`,
    ],
    report: path.join(resultsDir, 'integration.json'),
    read: readVitestReport,
  },
  {
    name: 'e2e',
    command: [...keyring, bin('playwright'), 'test'],
    report: path.join(resultsDir, 'e2e.json'),
    read: readPlaywrightReport,
  },
];

function run(command: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const [file, ...args] = command;
    const child = spawn(file!, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(127));
  });
}

function header(text: string) {
  console.log(`\n━━━ ${text} ${'━'.repeat(Math.max(0, 70 - text.length))}`);
}

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only?.split(',');
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 12)) {
    throw new Error(
      `Node ${process.versions.node} is too old: run through "npm test" (scripts/run.sh fetches Node 24)`,
    );
  }
  await rm(resultsDir, { recursive: true, force: true });
  await mkdir(resultsDir, { recursive: true });

  header('prepare: renderer build');
  if ((await run([bin('electron-vite'), 'build'])) !== 0) throw new Error('build failed');

  const results: Array<{ name: string; result: LayerResult }> = [];
  for (const layer of layers) {
    if (only && !only.includes(layer.name)) continue;
    header(layer.name);
    const reason = layer.unavailable?.() ?? null;
    if (reason) {
      console.log(`${layer.name}: skipped — ${reason}`);
      const result = emptyResult();
      result.skipped = 1;
      result.skips.push({ name: `${layer.name} (whole layer)`, reason });
      results.push({ name: layer.name, result });
      continue;
    }
    const code = await run(layer.command, layer.env);
    let result: LayerResult;
    if (existsSync(layer.report)) {
      result = await layer.read(layer.report);
    } else {
      result = emptyResult();
    }
    if (code !== 0 && result.failed === 0) {
      result.failed += 1;
      result.failures.push(`${layer.name}: runner exited with code ${code}`);
    }
    results.push({ name: layer.name, result });
  }

  header('summary');
  const total = emptyResult();
  console.log(
    `${'layer'.padEnd(14)}${'passed'.padStart(8)}${'failed'.padStart(8)}${'skipped'.padStart(9)}`,
  );
  for (const { name, result } of results) {
    console.log(
      `${name.padEnd(14)}${String(result.passed).padStart(8)}${String(result.failed).padStart(8)}${String(result.skipped).padStart(9)}`,
    );
    total.passed += result.passed;
    total.failed += result.failed;
    total.skipped += result.skipped;
    total.skips.push(...result.skips.map((skip) => ({ ...skip, name: `${name}: ${skip.name}` })));
    total.failures.push(...result.failures.map((failure) => `${name}: ${failure}`));
  }
  for (const skip of total.skips) console.log(`skipped: ${skip.name} — ${skip.reason}`);
  for (const failure of total.failures) console.log(`FAILED: ${failure}`);
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exitCode = total.failed > 0 || total.passed === 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exitCode = 1;
});
