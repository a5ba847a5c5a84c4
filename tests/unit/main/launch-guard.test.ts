import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE } from '@core/api/contract';
import { forbiddenLaunchSwitches, launchRefusal } from '../../../electron/main/launch-guard';
import { devServerUrl, rendererOrigins } from '../../../electron/main/origin';
import type * as ElectronMockModule from './electron-mock';

type ElectronMock = typeof ElectronMockModule;

vi.mock('electron', () => import('./electron-mock'));

const fakeApp = (isPackaged: boolean, switches: string[] = []) => ({
  isPackaged,
  commandLine: { hasSwitch: (name: string) => switches.includes(name) },
});

describe('launch switches', () => {
  it('finds debugging and sandbox-weakening switches in argv, execArgv and Chromium', () => {
    expect(
      forbiddenLaunchSwitches(
        [
          '--remote-debugging-port=9222',
          '--inspect-brk=0.0.0.0:9229',
          '--js-flags=--allow-natives-syntax',
          '-inspect',
          '--disable-web-security',
          '--lang=en',
          'kube.yaml',
        ],
        () => false,
      ),
    ).toEqual([
      'disable-web-security',
      'inspect',
      'inspect-brk',
      'js-flags',
      'remote-debugging-port',
    ]);
    expect(forbiddenLaunchSwitches([], (name) => name === 'remote-debugging-pipe')).toEqual([
      'remote-debugging-pipe',
    ]);
    expect(forbiddenLaunchSwitches(['--lang=de', '--', '--inspect'], () => false)).toEqual([]);
  });

  it('refuses only a packaged app', () => {
    const argv = ['/opt/PullKey/pullkey', '--remote-debugging-port=9222'];
    expect(launchRefusal(fakeApp(false), argv, [])).toBeNull();
    expect(launchRefusal(fakeApp(true), argv, [])).toMatch(/--remote-debugging-port/);
    expect(launchRefusal(fakeApp(true), ['/opt/PullKey/pullkey'], ['--inspect'])).toMatch(
      /--inspect/,
    );
    expect(launchRefusal(fakeApp(true, ['js-flags']), ['/opt/PullKey/pullkey'], [])).toMatch(
      /--js-flags/,
    );
    expect(launchRefusal(fakeApp(true), ['/opt/PullKey/pullkey', '--lang=en'], [])).toBeNull();
  });

  it('honours a dev server only when not packaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(devServerUrl(false, env)).toBe('http://localhost:5173');
    expect(devServerUrl(true, env)).toBeNull();
    expect(rendererOrigins(true, env)).toEqual(['app://pullkey']);
    expect(rendererOrigins(false, env)).toEqual(['app://pullkey', 'http://localhost:5173']);
  });
});

describe('packaged start-up', () => {
  const { argv, execArgv } = process;
  afterEach(async () => {
    const mock = (await import('electron')) as unknown as ElectronMock;
    mock.app.isPackaged = false;
    mock.app.commandLine.switches.clear();
    process.argv = argv;
    process.execArgv = execArgv;
    delete process.env.ELECTRON_RENDERER_URL;
  });

  /** Starts electron/main as a packaged app with these arguments and Chromium switches. */
  async function startPackaged(args: string[], switches: string[] = []) {
    vi.resetModules();
    // The module the app will import as 'electron' (the recording mock).
    const mock = (await import('electron')) as unknown as ElectronMock;
    mock.app.exit.mockClear();
    mock.app.whenReady.mockClear();
    mock.app.commandLine.switches.clear();
    mock.recorded.reset();
    mock.app.userDataDir = await mkdtemp(path.join(os.tmpdir(), 'pk-launch-'));
    mock.app.isPackaged = true;
    switches.forEach((value) => mock.app.commandLine.switches.add(value));
    process.argv = ['/opt/PullKey/pullkey', ...args];
    // A packaged app's Node has no flags of its own (fuses ignore NODE_OPTIONS); vitest's do.
    process.execArgv = [];
    await import('../../../electron/main/index');
    return mock;
  }

  it('loads app:// and ignores ELECTRON_RENDERER_URL', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const { recorded, app } = await startPackaged([]);
    await vi.waitFor(() => expect(recorded.windows[0]?.loadedUrl).toBeTruthy(), {
      timeout: 50_000,
    });
    expect(recorded.windows[0]!.loadedUrl).toBe('app://pullkey/index.html');
    expect(app.exit).not.toHaveBeenCalled();
    // The dev origin is not trusted either.
    const handler = recorded.ipcHandlers.get(IPC_INVOKE)!;
    const dev = {
      sender: recorded.windows[0]!.webContents,
      senderFrame: { url: 'http://localhost:5173/', parent: null },
    };
    await expect(handler(dev, 'contexts:list', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
  }, 60_000);

  for (const [name, args, switches] of [
    ['--remote-debugging-port in argv', ['--remote-debugging-port=9222'], []],
    ['--remote-debugging-pipe on the command line', [], ['remote-debugging-pipe']],
    ['--inspect in argv', ['--inspect=9229'], []],
  ] as const) {
    it(`refuses to start with ${name}, before any window or handler`, async () => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const { recorded, app } = await startPackaged([...args], [...switches]);
      expect(app.exit).toHaveBeenCalledWith(1);
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/refuses to start/));
      errors.mockRestore();
      await new Promise((resolve) => setImmediate(resolve));
      expect(recorded.windows).toEqual([]);
      expect(recorded.ipcHandlers.size).toBe(0);
      expect(recorded.privilegedSchemes).toEqual([]);
      expect(app.whenReady).not.toHaveBeenCalled();
    }, 60_000);
  }
});
