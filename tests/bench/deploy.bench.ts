/// <reference lib="dom" />
/**
 * Deploy and rollout figures (npm run bench), with the real renderer in Chromium:
 *  - preflight time on loopback (good credentials)
 *  - delay from the kubelet's event (as the API server publishes it to an independent watch) to
 *    the rollout view in the page showing it
 *  - renderer JS heap after 20 deploys, each watched to Ready in the rollout view
 * Writes tests/bench/results/deploy.json. Not a test: it prints figures.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoreV1Event } from '@kubernetes/client-node';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { chromium } from '@playwright/test';
import type { Result } from '../../electron/core/api/contract';
import { readClusterState } from '../cluster/state';
import { chromiumArgs, chromiumPath } from '../harness/chromium';
import { startHarness } from '../harness/server';

const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const DEPLOYS = Number(process.env.BENCH_DEPLOYS ?? 20);
const state = readClusterState();
const basic = state.registries.basic;
const password = basic.users.find((user) => user.username === 'alice')!.password;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  const harness = await startHarness({ kubeconfig: [state.kubeconfig] });
  const invoke = async <T>(channel: string, input?: unknown): Promise<T> => {
    const result = (await harness.core.router.handle(channel, input)) as Result<T>;
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  const run = Date.now().toString(36);
  const secret = `bench-${run}`;
  await invoke('registries:create', {
    context: CONTEXT,
    operationId: 'bench',
    name: secret,
    scope: { kind: 'namespace', namespace: NAMESPACE },
    host: basic.host,
    username: 'alice',
    password,
    skipVerify: true,
  });

  // An independent watch: when the API server publishes each kubelet "Started" event.
  const published = new Map<string, number>();
  const kc = new KubeConfig();
  kc.loadFromFile(state.kubeconfig);
  kc.setCurrentContext(CONTEXT);
  const watch = await new Watch(kc).watch(
    `/api/v1/namespaces/${NAMESPACE}/events`,
    {},
    (_type: string, event: CoreV1Event) => {
      if (
        event.reason === 'Started' &&
        event.involvedObject?.name &&
        !published.has(event.involvedObject.name)
      ) {
        published.set(event.involvedObject.name, Date.now());
      }
    },
    () => undefined,
  );

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--enable-precise-memory-info'],
  });
  const page = await browser.newPage();
  await page.goto(harness.url);
  await page.getByTestId('current-context').waitFor();
  const cdp = await page.context().newCDPSession(page);

  const preflights: number[] = [];
  const delays: number[] = [];
  for (let i = 0; i < DEPLOYS; i++) {
    const name = `bench-${run}-${i}`;
    const workload = {
      kind: 'Deployment',
      name,
      namespace: NAMESPACE,
      image: `${basic.host}/team/hello:1.0`,
      pullSecrets: [secret],
      imagePullPolicy: 'Always',
    };
    preflights.push(
      (
        await invoke<{ durationMs: number }>('deploy:preflight', {
          context: CONTEXT,
          workload,
          update: false,
        })
      ).durationMs,
    );
    // Open the (empty) rollout view first, then launch: the page sees the events arrive live.
    await page.goto(
      `${harness.url.split('#')[0]}#/rollout?context=${CONTEXT}&namespace=${NAMESPACE}&kind=Deployment&name=${name}`,
    );
    await page.getByRole('heading', { name: `Rollout of Deployment ${name}` }).waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { startedAt?: number };
      delete w.startedAt;
      new MutationObserver((_records, observer) => {
        if (document.querySelector('[aria-label="Timeline"]')?.textContent?.includes('Started')) {
          w.startedAt = Date.now();
          observer.disconnect();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await invoke('deploy:apply', { context: CONTEXT, workload, update: false });
    await page.getByRole('status', { name: 'Rollout state: ready' }).waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      () => (window as unknown as { startedAt?: number }).startedAt !== undefined,
    );
    const shownAt = await page.evaluate(
      () => (window as unknown as { startedAt: number }).startedAt,
    );
    const pod = [...published.keys()].find((key) => key.startsWith(`${name}-`));
    if (pod) delays.push(shownAt - published.get(pod)!);
  }
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as {
    usedSize: number;
    totalSize: number;
  };
  await browser.close();
  watch.abort();
  await harness.close();

  const results = {
    date: new Date().toISOString(),
    deploys: DEPLOYS,
    preflightMs: { median: median(preflights), max: Math.max(...preflights) },
    eventToViewMs: { median: median(delays), max: Math.max(...delays), samples: delays.length },
    rendererHeapMb: usedSize / 1024 / 1024,
    targets: { eventToViewMsMax: 200, preflightMsAbout: 1000 },
    met: { eventToView: median(delays) < 200, preflight: median(preflights) < 1000 },
  };
  console.log(
    `preflight: median ${results.preflightMs.median} ms (max ${results.preflightMs.max} ms)`,
  );
  console.log(
    `kubelet event → rollout view: median ${results.eventToViewMs.median} ms, max ${results.eventToViewMs.max} ms over ${delays.length} deploys (target < 200 ms)`,
  );
  console.log(`renderer JS heap after ${DEPLOYS} deploys: ${results.rendererHeapMb.toFixed(1)} MB`);
  const out = path.resolve(import.meta.dirname, 'results/deploy.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${out}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
