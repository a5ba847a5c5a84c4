import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '@core/api/contract';

const exposed = new Map<string, unknown>();
const listeners = new Map<string, (event: unknown, message: unknown) => void>();
const ipcRenderer = {
  invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, value: args })),
  on: vi.fn((channel: string, listener: (event: unknown, message: unknown) => void) => {
    listeners.set(channel, listener);
  }),
  removeListener: vi.fn((channel: string) => listeners.delete(channel)),
};

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer,
}));

describe('preload', () => {
  beforeEach(async () => {
    exposed.clear();
    vi.resetModules();
    await import('../../../electron/preload/index');
  });

  it('exposes exactly window.pullkey = { invoke, subscribe }', () => {
    expect([...exposed.keys()]).toEqual(['pullkey']);
    const api = exposed.get('pullkey') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe']);
    expect(typeof api.invoke).toBe('function');
  });

  it('invokes through the one IPC channel with the contract channel name', async () => {
    const api = exposed.get('pullkey') as { invoke: (...args: unknown[]) => Promise<unknown> };
    await api.invoke('contexts:select', { name: 'beta' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_INVOKE, 'contexts:select', {
      name: 'beta',
    });
  });

  it('delivers only the subscribed event, and unsubscribes', () => {
    const api = exposed.get('pullkey') as {
      subscribe: (event: string, cb: (payload: unknown) => void) => () => void;
    };
    const received: unknown[] = [];
    const unsubscribe = api.subscribe('vault:changed', (payload) => received.push(payload));
    const listener = listeners.get(IPC_EVENT)!;
    listener({}, { event: 'contexts:changed', payload: 1 });
    listener({}, { event: 'vault:changed', payload: 2 });
    listener({}, 'garbage');
    expect(received).toEqual([2]);
    unsubscribe();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT, listener);
  });

  it('imports nothing at run time but electron and import-free modules (sandbox rule)', async () => {
    const dir = path.resolve(import.meta.dirname, '../../../electron/preload');
    const runtimeImports: string[] = [];
    for (const file of await readdir(dir)) {
      const source = await readFile(path.join(dir, file), 'utf8');
      for (const match of source.matchAll(/^import (?!type )[^;]*from '([^']+)'/gm)) {
        runtimeImports.push(match[1]!);
      }
    }
    expect([...new Set(runtimeImports)].sort()).toEqual([
      '../core/api/ipc-channels',
      './bridge',
      'electron',
    ]);
    const channelsFile = await readFile(path.resolve(dir, '../core/api/ipc-channels.ts'), 'utf8');
    expect(channelsFile).not.toMatch(/^import /m);
  });
});
