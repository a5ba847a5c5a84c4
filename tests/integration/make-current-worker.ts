/**
 * A second process for the make-current fault test (exec-faults.test.ts): waits for "go" on
 * stdin, then runs make-current `count` times on one kubeconfig, cycling through the names.
 * Prints one JSON line: { ok, failures }.
 *   tsx tests/integration/make-current-worker.ts <file> <count> <name>...
 */
import { createInterface } from 'node:readline';
import { createKubeconfigStore } from '../../electron/core/kube/kubeconfig/store';

const [file, countText, ...names] = process.argv.slice(2);
if (!file || !countText || names.length === 0) {
  console.error('usage: make-current-worker.ts <file> <count> <name>...');
  process.exit(2);
}
const store = createKubeconfigStore([file], { watch: false, lock: { waitMs: 30_000 } });
await store.current();
console.log('ready');
const input = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => input.once('line', () => resolve()));
input.close();

let ok = 0;
const failures: string[] = [];
for (let i = 0; i < Number(countText); i++) {
  try {
    await store.setCurrentContext(names[i % names.length]!);
    ok++;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    failures.push(`${code ?? 'ERROR'}: ${message}`);
  }
}
await store.close();
console.log(JSON.stringify({ ok, failures }));
