// cluster:down — stops every process cluster:up started (by pid, from
// tests/cluster/.state/cluster.json), removes its temp run dir and cluster.json.
//   node tests/cluster/down.ts        (npm run cluster:down)
// PULLKEY_KEEP_RUNDIR=1 keeps the run dir (logs) for inspection.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { stateFile, type ClusterState } from './state.ts';

if (!existsSync(stateFile)) {
  console.log('cluster:down: no test cluster is up (no cluster.json)');
  process.exit(0);
}
const s = JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterState;
const alive = (pid: number): boolean => {
  try { process.kill(pid, 0); return true; } catch { return false; }
};
// Stop the clients of the apiservers first, etcd last.
const order = Object.entries(s.pids).sort(([a], [b]) => rank(a) - rank(b));
function rank(name: string): number {
  if (name === 'etcd') return 3;
  if (name.startsWith('kube-apiserver')) return 2;
  return 1;
}
for (const [name, pid] of order) {
  if (!alive(pid)) continue;
  try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
  void name;
}
const deadline = Date.now() + 10_000;
while (Date.now() < deadline && order.some(([, pid]) => alive(pid))) {
  await new Promise((r) => setTimeout(r, 100));
}
for (const [name, pid] of order) {
  if (alive(pid)) {
    console.log(`cluster:down: ${name} (pid ${pid}) ignored SIGTERM: SIGKILL`);
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
}
if (s.runDir && s.runDir.startsWith(tmpdir()) && !process.env.PULLKEY_KEEP_RUNDIR) {
  rmSync(s.runDir, { recursive: true, force: true });
}
rmSync(stateFile, { force: true });
console.log(`cluster:down: stopped ${order.length} processes`);
