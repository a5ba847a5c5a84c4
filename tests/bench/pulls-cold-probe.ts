/**
 * One cold open of the Pulls view in a fresh process, as when the app starts and the user opens
 * the Pull doctor: the JIT is cold, no informer runs. Right before it, in the same process, the
 * physical limit: three raw HTTPS GETs of the same list. Prints one JSON line
 * `{ coldMs, rawMs: number[], contextsMs }`; run by pulls.bench.ts, once per sample.
 */
import { Agent } from 'node:https';
import type { PullsView } from '../../electron/core/api/contract';
import { readClusterState } from '../cluster/state';
import * as bench from '../kit/bench';

const CONTEXT = process.env.BENCH_CONTEXT ?? 'beta-admin';

async function main() {
  const state = readClusterState();
  const rawMs: number[] = [];
  // Its own kept-alive connection: the view's list must not reuse the peer's (Node's global agent
  // would hand it over, the TLS handshake done).
  const agent = new Agent({ keepAlive: true });
  const kubeConfig = bench.kubeConfigOf(state, CONTEXT);
  for (let i = 0; i < 3; i++)
    rawMs.push((await bench.timed(() => bench.rawGet(kubeConfig, '/api/v1/pods', agent)))[0]);
  agent.destroy();
  global.gc?.();
  const { app, invoke } = bench.benchCore(state);
  // The app reads the kubeconfig as its window opens (the context switcher); that is not the view.
  const [contextsMs] = await bench.timed(() => invoke('contexts:list'));
  const [coldMs, view] = await bench.timed(() =>
    invoke<PullsView>('pulls:open', { context: CONTEXT }),
  );
  await app.close();
  console.log(JSON.stringify({ coldMs, rawMs, contextsMs, failing: view.failing.length }));
}

bench.runMain(main);
