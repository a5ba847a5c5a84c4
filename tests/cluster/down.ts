// cluster:down — stops every process cluster:up started (by pid, from
// tests/cluster/.state/cluster.json), removes its temp run dir and cluster.json.
//   node tests/cluster/down.ts        (npm run cluster:down)
// PULLKEY_KEEP_RUNDIR=1 keeps the run dir (data, logs/) for inspection.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { esoProcess, settleEsoNamespaces } from './eso.ts';
import { processAlive, stateFile, type ClusterState } from './state.ts';

if (!existsSync(stateFile)) {
  console.log('cluster:down: no test cluster is up (no cluster.json)');
  process.exit(0);
}
const s = JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterState;
const alive = processAlive;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// External Secrets Operator last of the clients, once no namespace hangs on its finalizers.
const stuck = await settleEsoNamespaces(s);
if (stuck.length) console.log(`cluster:down: namespaces still Terminating on ${s.eso?.cluster}: ${stuck.join(', ')}`);
// Clients of the apiservers first, then ESO, then the apiservers, etcd last.
const tiers: [string, number][][] = [[], [], [], []];
for (const [name, pid] of Object.entries(s.pids)) {
  tiers[name === 'etcd' ? 3 : name.startsWith('kube-apiserver') ? 2 : name === esoProcess ? 1 : 0].push([name, pid]);
}
let stopped = 0;
for (const tier of tiers) {
  for (const [, pid] of tier) {
    if (alive(pid)) {
      try {
        process.kill(pid, 'SIGTERM');
        stopped++;
      } catch { /* gone */ }
    }
  }
  const deadline = Date.now() + 8_000;
  while (Date.now() < deadline && tier.some(([, pid]) => alive(pid))) await sleep(50);
  for (const [name, pid] of tier) {
    if (alive(pid)) {
      console.log(`cluster:down: ${name} (pid ${pid}) ignored SIGTERM for 8 s: SIGKILL`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch { /* gone */ }
    }
  }
}
if (s.runDir && s.runDir.startsWith(tmpdir()) && !process.env.PULLKEY_KEEP_RUNDIR) {
  rmSync(s.runDir, { recursive: true, force: true });
}
rmSync(stateFile, { force: true });
console.log(`cluster:down: stopped ${stopped} processes`);
