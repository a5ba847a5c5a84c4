import {
  chmod,
  lstat,
  mkdtemp,
  readdir,
  readFile,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createKubeconfigStore,
  currentContextTarget,
  type KubeconfigStore,
} from '@core/kube/kubeconfig/store';

const config = (contexts: string[], current?: string) =>
  [
    '# my precious comment',
    ...(current ? [`current-context: ${current}`] : []),
    'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]',
    'contexts:',
    ...contexts.map((name) => `  - { name: ${name}, context: { cluster: c, user: u } }`),
  ].join('\n') + '\n';

describe('currentContextTarget (client-go GetDefaultFilename)', () => {
  it('is the first existing file, else the first file', () => {
    expect(currentContextTarget(['/a'], () => false)).toBe('/a');
    expect(currentContextTarget(['/a', '/b', '/c'], (file) => file !== '/a')).toBe('/b');
    expect(currentContextTarget(['/a', '/b'], () => false)).toBe('/a');
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

  it('writes like kubectl: lock file, temp file + rename, mode kept, nothing left behind', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-kc-'));
    const file = path.join(dir, 'config');
    await writeFile(file, config(['one', 'two'], 'one'));
    await chmod(file, 0o640);
    const inode = (await stat(file)).ino;
    store = createKubeconfigStore([file], { watch: false });
    await store.setCurrentContext('two');
    expect(await readFile(file, 'utf8')).toBe(config(['one', 'two'], 'two'));
    const after = await stat(file);
    expect(after.ino).not.toBe(inode); // replaced by rename, never rewritten in place
    expect(after.mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['config']);
  });

  it('waits for another holder of <file>.lock, then fails clearly, leaving the file alone', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-kc-'));
    const file = path.join(dir, 'config');
    const text = config(['one', 'two'], 'one');
    await writeFile(file, text);
    await writeFile(`${file}.lock`, '');
    store = createKubeconfigStore([file], { watch: false, lock: { waitMs: 200 } });
    await expect(store.setCurrentContext('two')).rejects.toMatchObject({
      code: 'KUBECONFIG_LOCKED',
      message: expect.stringContaining(`delete ${file}.lock`),
    });
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('keeps a symlinked kubeconfig a symlink', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-kc-'));
    const real = path.join(dir, 'real.yaml');
    const link = path.join(dir, 'config');
    await writeFile(real, config(['one', 'two'], 'one'));
    await symlink(real, link);
    store = createKubeconfigStore([link], { watch: false });
    await store.setCurrentContext('two');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toContain('current-context: two');
  });

  it('writes the first existing file of the list, as kubectl does, and only when it changes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-kc-'));
    const missing = path.join(dir, 'missing');
    const first = path.join(dir, 'a');
    const second = path.join(dir, 'b');
    await writeFile(first, config(['one']));
    await writeFile(second, config(['two'], 'two'));
    store = createKubeconfigStore([missing, first, second], { watch: false });
    await expect(store.setCurrentContext('one')).resolves.toBe(first);
    expect(await readFile(first, 'utf8')).toBe(
      config(['one'], '').replace(/\n$/, '\ncurrent-context: one\n'),
    );
    expect(await readFile(second, 'utf8')).toBe(config(['two'], 'two'));
    const before = (await stat(first)).ino;
    await store.setCurrentContext('one');
    expect((await stat(first)).ino).toBe(before);
  });

  it('loads a file that failed again as soon as it changes, even unwatched', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-kc-'));
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(broken, 'contexts: [\n');
    store = createKubeconfigStore([broken], { watch: false });
    expect((await store.current()).problems).toHaveLength(1);
    expect((await store.current()).problems).toHaveLength(1);
    await writeFile(broken, config(['fixed']));
    const loaded = await store.current();
    expect(loaded.problems).toEqual([]);
    expect([...loaded.merged.contexts.keys()]).toEqual(['fixed']);
  });

  it('keeps watching a file that make-current replaced', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-kc-'));
    const file = path.join(dir, 'config');
    await writeFile(file, config(['one', 'two'], 'one'));
    store = createKubeconfigStore([file]);
    await store.current();
    const changes: string[][] = [];
    store.onChange((loaded) => changes.push([...loaded.merged.contexts.keys()]));
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the watcher settle
    await store.setCurrentContext('two');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await writeFile(file, config(['one', 'two', 'three'], 'two'));
    await expect.poll(() => changes.at(-1), { timeout: 2_000 }).toEqual(['one', 'two', 'three']);
  });
});
