import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createKubeconfigStore,
  currentContextTarget,
  type KubeconfigStore,
} from '../../../electron/core/kube/kubeconfig/store';

const config = (contexts: string[], current?: string) =>
  [
    '# my precious comment',
    ...(current ? [`current-context: ${current}`] : []),
    'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]',
    'contexts:',
    ...contexts.map((name) => `  - { name: ${name}, context: { cluster: c, user: u } }`),
  ].join('\n') + '\n';

describe('currentContextTarget (client-go rule)', () => {
  it('is the only file, else the first existing one, else the last', () => {
    expect(currentContextTarget(['/a'], () => false)).toBe('/a');
    expect(currentContextTarget(['/a', '/b', '/c'], (file) => file !== '/a')).toBe('/b');
    expect(currentContextTarget(['/a', '/b'], () => false)).toBe('/b');
  });
});

describe('kubeconfig store', () => {
  let store: KubeconfigStore | null = null;
  afterEach(async () => store?.close());

  it('reloads within a second when a file changes, and notices a file created later', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-kc-'));
    const first = path.join(dir, 'a.yaml');
    const later = path.join(dir, 'b.yaml');
    await writeFile(first, config(['one']));
    store = createKubeconfigStore([first, later]);
    expect([...(await store.current()).merged.contexts.keys()]).toEqual(['one']);
    const changes: string[][] = [];
    store.onChange((loaded) => changes.push([...loaded.merged.contexts.keys()]));
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the watcher settle

    const started = Date.now();
    await writeFile(first, config(['one', 'two']));
    await expect.poll(() => changes.at(-1), { timeout: 1_000 }).toEqual(['one', 'two']);
    expect(Date.now() - started).toBeLessThan(1_000);

    await writeFile(later, config(['three']));
    await expect.poll(() => changes.at(-1), { timeout: 2_000 }).toEqual(['one', 'two', 'three']);
  });

  it('writes current-context only when asked, keeping comments', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-kc-'));
    const file = path.join(dir, 'config');
    await writeFile(file, config(['one', 'two'], 'one'));
    store = createKubeconfigStore([file], { watch: false });
    await expect(store.setCurrentContext('two')).resolves.toBe(file);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# my precious comment');
    expect(text).toContain('current-context: two');
    expect((await store.current()).merged.currentContext).toBe('two');
    await expect(store.setCurrentContext('nope')).rejects.toMatchObject({
      code: 'CONTEXT_NOT_FOUND',
    });
  });
});
