import { mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSettingsStore } from '@core/settings/store';

async function tempDir() {
  return mkdtemp(path.join(os.tmpdir(), 'pullkey-settings-'));
}

describe('settings store', () => {
  it('starts empty and persists updates', async () => {
    const dir = await tempDir();
    const store = createSettingsStore(dir);
    await expect(store.read()).resolves.toEqual({});
    await store.update({ selectedContext: 'beta' });
    await store.update({ window: { width: 1000, height: 700, maximized: true } });
    const fresh = createSettingsStore(dir);
    await expect(fresh.read()).resolves.toEqual({
      selectedContext: 'beta',
      window: { width: 1000, height: 700, maximized: true },
    });
  });

  it('serialises concurrent updates without losing any', async () => {
    const store = createSettingsStore(await tempDir());
    await Promise.all([
      store.update({ selectedContext: 'a' }),
      store.update({ window: { width: 900, height: 600, maximized: false } }),
    ]);
    await expect(store.read()).resolves.toMatchObject({
      selectedContext: 'a',
      window: { width: 900 },
    });
  });

  it('reads a file rewritten within the same mtime second again (coarse-mtime filesystems)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'settings.json');
    // A filesystem with 1 s mtimes: both writes get the same stamp (same inode, same size).
    const second = new Date(Math.floor(Date.now() / 1000) * 1000);
    const writeWithin = async (context: string) => {
      await writeFile(file, JSON.stringify({ selectedContext: context }));
      await utimes(file, second, second);
    };
    const store = createSettingsStore(dir);
    await writeWithin('aaaa');
    await expect(store.read()).resolves.toEqual({ selectedContext: 'aaaa' });
    await writeWithin('bbbb');
    await expect(store.read()).resolves.toEqual({ selectedContext: 'bbbb' });
  });

  it('keeps the parse of a file last changed long ago while its stamp is unchanged', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'settings.json');
    const old = new Date(Date.now() - 3_600_000);
    await writeFile(file, JSON.stringify({ selectedContext: 'aaaa' }));
    await utimes(file, old, old);
    const store = createSettingsStore(dir);
    await expect(store.read()).resolves.toEqual({ selectedContext: 'aaaa' });
    // Same inode, size and mtime: only a stat, no read (what makes the cache worth having).
    await writeFile(file, JSON.stringify({ selectedContext: 'bbbb' }));
    await utimes(file, old, old);
    await expect(store.read()).resolves.toEqual({ selectedContext: 'aaaa' });
  });

  it('sets a corrupt file aside instead of crashing or deleting it', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), '{ not json');
    const store = createSettingsStore(dir);
    await expect(store.read()).resolves.toEqual({});
    const files = await readdir(dir);
    const aside = files.find((file) => file.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    await expect(readFile(path.join(dir, aside!), 'utf8')).resolves.toBe('{ not json');
  });
});

describe('settings reads', () => {
  it('reuse the last parse only while the file is unchanged, and hand out copies', async () => {
    const dir = await tempDir();
    const store = createSettingsStore(dir);
    await store.update({ selectedContext: 'alpha' });
    const first = await store.read();
    first.selectedContext = 'mutated by a caller';
    await expect(store.read()).resolves.toEqual({ selectedContext: 'alpha' });
    // An edit from outside (another process) is seen: size and mtime change.
    await writeFile(path.join(dir, 'settings.json'), '{"selectedContext":"beta-admin"}\n');
    await expect(store.read()).resolves.toEqual({ selectedContext: 'beta-admin' });
  });
});

describe('settings writers share one queue', () => {
  it('keeps all of 50 concurrent writes to different keys', async () => {
    const dir = await tempDir();
    // Several stores on the same file, as separate modules of the app may open.
    const stores = [createSettingsStore(dir), createSettingsStore(dir), createSettingsStore(dir)];
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        stores[index % stores.length]!.update(({ registryTls: current = {} }) => ({
          registryTls: { ...current, [`host-${index}.example`]: { insecureSkipVerify: true } },
        })),
      ),
    );
    const { registryTls = {} } = await createSettingsStore(dir).read();
    expect(Object.keys(registryTls).sort()).toEqual(
      Array.from({ length: 50 }, (_, index) => `host-${index}.example`).sort(),
    );
    // Atomic writes: no temp file is left behind.
    expect((await readdir(dir)).filter((name) => name !== 'settings.json')).toEqual([]);
  });

  it('keeps concurrent plain patches from two stores on the same file', async () => {
    const dir = await tempDir();
    const [a, b] = [createSettingsStore(dir), createSettingsStore(dir)];
    await Promise.all([
      a.update({ selectedContext: 'one' }),
      b.update({ knownNamespaces: { c: ['x'] } }),
      a.update({ window: { width: 900, height: 600, maximized: false } }),
    ]);
    await expect(a.read()).resolves.toMatchObject({
      selectedContext: 'one',
      knownNamespaces: { c: ['x'] },
      window: { width: 900 },
    });
  });
});
