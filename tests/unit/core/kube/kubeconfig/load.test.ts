import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKubeconfigs, maxKubeconfigBytes } from '@core/kube/kubeconfig/load';

const good = `
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]
users: [{ name: u, user: { token: t } }]
contexts:
  - { name: good-one, context: { cluster: c, user: u } }
  - { name: good-two, context: { cluster: c, user: u } }
`;

/** "Billion laughs": nine aliases of nine aliases of … (a few lines, 9^8 strings once resolved). */
function aliasBomb(): string {
  const lines = ['x0: &x0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level <= 8; level++) {
    const previous = `*x${level - 1}`;
    lines.push(`x${level}: &x${level} [${Array(9).fill(previous).join(',')}]`);
  }
  lines.push('contexts: [{ name: bomb, context: { cluster: c, user: u } }]');
  return `${lines.join('\n')}\n`;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pk-kc-load-'));
});

describe('loadKubeconfigs: each file on its own, with limits', () => {
  it('lists the good file’s contexts and shows the alias bomb’s error', async () => {
    const bomb = path.join(dir, 'bomb.yaml');
    const fine = path.join(dir, 'good.yaml');
    await writeFile(bomb, aliasBomb());
    await writeFile(fine, good);
    const started = Date.now();
    const { merged, problems } = await loadKubeconfigs([bomb, fine]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect([...merged.contexts.keys()]).toEqual(['good-one', 'good-two']);
    expect(problems).toEqual([{ file: bomb, message: expect.stringMatching(/alias/i) }]);
  });

  it('refuses a file larger than the cap without parsing it', async () => {
    const huge = path.join(dir, 'huge.yaml');
    const fine = path.join(dir, 'good.yaml');
    await writeFile(fine, good);
    await writeFile(huge, `${good}${'#'.repeat(maxKubeconfigBytes)}\n`);
    const { merged, problems } = await loadKubeconfigs([huge, fine]);
    expect([...merged.contexts.keys()]).toEqual(['good-one', 'good-two']);
    expect(problems).toEqual([
      { file: huge, message: expect.stringContaining('larger than 16 MB') },
    ]);
  });

  it('reports an unreadable file (a folder) while the others load', async () => {
    const fine = path.join(dir, 'good.yaml');
    await writeFile(fine, good);
    const { merged, problems } = await loadKubeconfigs([dir, fine]);
    expect(merged.contexts.size).toBe(2);
    expect(problems).toEqual([{ file: dir, message: expect.stringContaining('cannot read') }]);
  });
});
