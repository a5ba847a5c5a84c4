/**
 * Exec credential plugins must not block the back end (targets: under 50 ms).
 * 1. A plugin that takes 2 s (context alpha-exec, PULLKEY_EXEC_DELAY_MS): contexts:list calls
 *    meanwhile.
 * 2. A plugin that never answers (4 concurrent calls on its context, timeout shortened to 5 s):
 *    100 cluster:status calls on the other contexts meanwhile (each a real API request), against
 *    the same 100 calls with no plugin running (the peer), and how many plugin processes started.
 * Writes tests/bench/results/exec.json.
 */
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../../electron/core';
import { readClusterState } from '../cluster/state';

const state = readClusterState();
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)] ?? NaN;

function coreFor(kubeconfig: string[], settingsDir: string) {
  const app = createCore({
    host: { name: 'bench', version: '0' },
    settingsDir,
    kubeconfig,
    watchKubeconfig: false,
  });
  const invoke = async (channel: string, input?: unknown) => {
    const result = await app.router.handle(channel, input);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  return { app, invoke };
}

// ---- 1. a slow plugin (2 s)
process.env.PULLKEY_EXEC_DELAY_MS = '2000';
const slow = coreFor([state.kubeconfig], path.join(state.runDir, 'bench-exec'));
await slow.invoke('contexts:list');
const started = performance.now();
const status = slow.invoke('cluster:status', { context: 'alpha-exec' });
const latencies: number[] = [];
while (performance.now() - started < 1_900) {
  const t0 = performance.now();
  await slow.invoke('contexts:list');
  latencies.push(performance.now() - t0);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await status;
const slowStatusMs = performance.now() - started;
await slow.app.close();
delete process.env.PULLKEY_EXEC_DELAY_MS;

// ---- 2. a plugin that never answers
const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-bench-exec-'));
const counter = path.join(dir, 'hung.count');
const hungPlugin = path.join(dir, 'hung-plugin.sh');
await writeFile(hungPlugin, `#!/bin/sh\necho started >> "${counter}"\nexec sleep 100000\n`);
await chmod(hungPlugin, 0o755);
const hungConfig = path.join(dir, 'hung.json');
await writeFile(
  hungConfig,
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'alpha',
        cluster: {
          server: state.clusters.alpha.server,
          'certificate-authority': state.clusters.alpha.caFile,
        },
      },
    ],
    users: [
      {
        name: 'hung',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: hungPlugin,
            interactiveMode: 'Never',
          },
        },
      },
    ],
    contexts: [{ name: 'hung', context: { cluster: 'alpha', user: 'hung' } }],
  }),
);
const timeoutSeconds = 5;
const hung = coreFor([state.kubeconfig, hungConfig], path.join(dir, 'settings'));
await hung.app.settings.update({ execPluginTimeoutSeconds: timeoutSeconds });
const others = ['alpha-admin', 'beta-admin', 'alpha-dev', 'beta-dev'];
for (const context of others) await hung.invoke('cluster:status', { context }); // warm
// Peer: the same 100 calls with no plugin running.
const baseline: number[] = [];
for (let i = 0; i < 100; i++) {
  const t0 = performance.now();
  await hung.invoke('cluster:status', { context: others[i % others.length] });
  baseline.push(performance.now() - t0);
}
const hungStarted = performance.now();
const hungCalls = Array.from({ length: 4 }, () =>
  hung
    .invoke('cluster:status', { context: 'hung' })
    .then((value) => ({ value, ms: performance.now() - hungStarted })),
);
const otherLatencies: number[] = [];
for (let i = 0; i < 100; i++) {
  const t0 = performance.now();
  await hung.invoke('cluster:status', { context: others[i % others.length] });
  otherLatencies.push(performance.now() - t0);
}
const otherCallsMs = performance.now() - hungStarted;
const hungResults = await Promise.all(hungCalls);
const hungErrors = hungResults.map(
  (result) => (result.value as { error: { code: string } | null }).error?.code ?? null,
);
const processes = (await readFile(counter, 'utf8')).split('\n').filter(Boolean).length;
await hung.app.close();

const results = {
  date: new Date().toISOString(),
  slowPlugin: {
    pluginDelayMs: 2000,
    statusMs: slowStatusMs,
    calls: latencies.length,
    medianMs: median(latencies),
    worstMs: sorted(latencies).at(-1),
  },
  hungPlugin: {
    timeoutMs: timeoutSeconds * 1000,
    concurrentCallsOnHungContext: hungCalls.length,
    pluginProcesses: processes,
    reportedAfterMs: hungResults.map((result) => Math.round(result.ms)),
    errors: hungErrors,
    otherContextCalls: otherLatencies.length,
    otherCallsDoneAfterMs: otherCallsMs,
    otherMedianMs: median(otherLatencies),
    otherMaxMs: sorted(otherLatencies).at(-1),
    baselineMedianMs: median(baseline),
    baselineMaxMs: sorted(baseline).at(-1),
    medianVsBaseline: median(otherLatencies) / median(baseline),
  },
  met: {
    slowWorstUnder50ms: (sorted(latencies).at(-1) ?? Infinity) < 50,
    hungOtherMedianUnder50ms: median(otherLatencies) < 50,
    hungOneProcess: processes === 1,
    hungReportedAsPluginFailure: hungErrors.every((code) => code === 'AUTH_PLUGIN_FAILED'),
  },
};
console.log(
  `exec plugin 2 s: ${results.slowPlugin.calls} contexts:list calls meanwhile, median ${results.slowPlugin.medianMs.toFixed(1)} ms, worst ${results.slowPlugin.worstMs?.toFixed(1)} ms (target < 50 ms)`,
);
console.log(
  `hung exec plugin (timeout ${timeoutSeconds} s): 100 cluster:status calls on other contexts in ${otherCallsMs.toFixed(0)} ms, median ${results.hungPlugin.otherMedianMs.toFixed(1)} ms, max ${results.hungPlugin.otherMaxMs?.toFixed(1)} ms (target median < 50 ms; without a plugin running: median ${results.hungPlugin.baselineMedianMs.toFixed(1)} ms, max ${results.hungPlugin.baselineMaxMs?.toFixed(1)} ms); ${processes} plugin process for 4 calls; reported ${hungErrors.join(', ')} after ${results.hungPlugin.reportedAfterMs.join('/')} ms`,
);
const out = path.resolve(import.meta.dirname, 'results/exec.json');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
process.exit(0);
