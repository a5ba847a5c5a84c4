/**
 * `npm test`: every test layer that can run on this machine, then one closing summary.
 *   unit → test cluster up → cluster harness (Go) → integration → e2e → test cluster down
 * Options: --only unit,cluster,integration,e2e   run just those layers
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  emptyResult,
  readGoTestReport,
  readPlaywrightReport,
  readVitestReport,
  type LayerResult,
} from './test/results';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'test-results');
const clusterDir = path.join(root, 'tests/cluster');
const clusterState = path.join(clusterDir, '.state/cluster.json');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const keyring = ['bash', path.join(root, 'tests/harness/private-keyring.sh')];

interface Layer {
  name: string;
  needsCluster: boolean;
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Where the runner's stdout goes instead of the terminal (go test -json). */
  stdoutFile?: string;
  report: string;
  read: (file: string) => Promise<LayerResult>;
}

const vitest = (project: string) => [
  bin('vitest'),
  'run',
  '--project',
  project,
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${path.join(resultsDir, `${project}.json`)}`,
];

const layers: Layer[] = [
  {
    name: 'unit',
    needsCluster: false,
    command: vitest('unit'),
    report: path.join(resultsDir, 'unit.json'),
    read: readVitestReport,
  },
  {
    name: 'cluster',
    needsCluster: true,
    command: ['go', 'test', '-json', '-count=1', '-timeout', '15m', './kubelet/', './harnesstest/'],
    cwd: clusterDir,
    env: { GOFLAGS: '-buildvcs=false' },
    stdoutFile: path.join(resultsDir, 'cluster.jsonl'),
    report: path.join(resultsDir, 'cluster.jsonl'),
    read: readGoTestReport,
  },
  {
    name: 'integration',
    needsCluster: true,
    command: [...keyring, ...vitest('integration')],
    report: path.join(resultsDir, 'integration.json'),
    read: readVitestReport,
  },
  {
    name: 'e2e',
    needsCluster: true,
    command: [...keyring, bin('playwright'), 'test'],
    report: path.join(resultsDir, 'e2e.json'),
    read: readPlaywrightReport,
  },
];

function run(
  command: string[],
  options: { env?: Record<string, string>; cwd?: string; stdoutFile?: string } = {},
): Promise<number> {
  return new Promise((resolve) => {
    const [file, ...args] = command;
    const child = spawn(file!, args, {
      cwd: options.cwd ?? root,
      stdio: ['ignore', options.stdoutFile ? 'pipe' : 'inherit', 'inherit'],
      env: { ...process.env, ...options.env },
    });
    if (options.stdoutFile && child.stdout) {
      const out = createWriteStream(options.stdoutFile);
      child.stdout.pipe(out);
      // Echo go test's human lines (RUN/PASS/FAIL) from the JSON stream.
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          try {
            const event = JSON.parse(line) as { Action?: string; Output?: string };
            if (
              event.Action === 'output' &&
              event.Output &&
              /^\s*(--- |ok |FAIL|PASS|panic|\s+\S+\.go:\d+)/.test(event.Output)
            ) {
              process.stdout.write(event.Output);
            }
          } catch {
            process.stdout.write(`${line}\n`);
          }
        }
      });
    }
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(127));
  });
}

function header(text: string) {
  console.log(`\n━━━ ${text} ${'━'.repeat(Math.max(0, 70 - text.length))}`);
}

/** Builds (cached) and starts the test cluster; returns null or why it could not. */
async function startCluster(): Promise<{ error: string | null; startedHere: boolean }> {
  const alreadyUp = existsSync(clusterState);
  if ((await run(['bash', path.join(clusterDir, 'build.sh')])) !== 0) {
    return { error: 'tests/cluster/build.sh failed (is Go >= 1.26 on PATH?)', startedHere: false };
  }
  const env = {
    PULLKEY_KUBELET_BACKOFF_SECONDS: process.env.PULLKEY_KUBELET_BACKOFF_SECONDS ?? '2',
    PULLKEY_KUBELET_BACKOFF_MAX_SECONDS: process.env.PULLKEY_KUBELET_BACKOFF_MAX_SECONDS ?? '20',
  };
  if ((await run([process.execPath, path.join(clusterDir, 'up.ts')], { env })) !== 0) {
    return { error: 'tests/cluster/up.ts failed (see its output above)', startedHere: !alreadyUp };
  }
  return { error: null, startedHere: !alreadyUp };
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

  const selected = layers.filter((layer) => !only || only.includes(layer.name));
  let cluster: { error: string | null; startedHere: boolean } | null = null;
  const results: Array<{ name: string; result: LayerResult }> = [];
  try {
    for (const layer of selected) {
      if (layer.needsCluster && !cluster) {
        header('prepare: test cluster (tests/cluster)');
        cluster = await startCluster();
      }
      header(layer.name);
      if (layer.needsCluster && cluster?.error) {
        console.log(`${layer.name}: cannot run — ${cluster.error}`);
        const result = emptyResult();
        result.failed = 1;
        result.failures.push(`needs the test cluster: ${cluster.error}`);
        results.push({ name: layer.name, result });
        continue;
      }
      const code = await run(layer.command, layer);
      const result = existsSync(layer.report) ? await layer.read(layer.report) : emptyResult();
      if (code !== 0 && result.failed === 0) {
        result.failed += 1;
        result.failures.push(`runner exited with code ${code}`);
      }
      results.push({ name: layer.name, result });
    }
  } finally {
    if (cluster?.startedHere) {
      header('test cluster down');
      await run([process.execPath, path.join(clusterDir, 'down.ts')]);
    }
  }

  header('summary');
  const total = emptyResult();
  const row = (
    name: string,
    passed: number | string,
    failed: number | string,
    skipped: number | string,
  ) =>
    console.log(
      `${name.padEnd(14)}${String(passed).padStart(8)}${String(failed).padStart(8)}${String(skipped).padStart(9)}`,
    );
  row('layer', 'passed', 'failed', 'skipped');
  for (const { name, result } of results) {
    row(name, result.passed, result.failed, result.skipped);
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
