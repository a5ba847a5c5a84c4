import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE } from '@core/api/contract';
import { app, clipboard, recorded, session } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

describe('main process start-up', () => {
  it('registers app://, binds IPC, denies permissions and opens the hardened window', async () => {
    recorded.reset();
    app.userDataDir = await mkdtemp(path.join(os.tmpdir(), 'pk-boot-'));
    await import('../../../electron/main/index');

    await vi.waitFor(() => expect(recorded.windows[0]?.loadedUrl).toBeTruthy());
    expect(recorded.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(recorded.protocolHandlers.has('app')).toBe(true);
    expect(recorded.ipcHandlers.has(IPC_INVOKE)).toBe(true);
    expect(session.defaultSession.permissionRequestHandler).toBeTypeOf('function');
    expect(recorded.appEvents.has('web-contents-created')).toBe(true);
    expect(recorded.menu).not.toBeNull();

    const window = recorded.windows[0]!;
    expect(window.loadedUrl).toBe('app://pullkey/index.html');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload[\\/]index\.cjs$/,
    );

    // The bound handler answers our window and refuses anything else.
    const handler = recorded.ipcHandlers.get(IPC_INVOKE)!;
    const ours = {
      sender: window.webContents,
      senderFrame: { url: 'app://pullkey/index.html', parent: null },
    };
    await expect(handler(ours, 'contexts:list', undefined)).resolves.toMatchObject({ ok: true });
    // Copy is served by Electron's clipboard in the main process.
    await expect(
      handler(ours, 'clipboard:write', { text: 'kubectl get secrets' }),
    ).resolves.toEqual({ ok: true, value: { copied: 19 } });
    expect(clipboard.text).toBe('kubectl get secrets');
    const foreign = { ...ours, senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(handler(foreign, 'contexts:list', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
  });
});
