import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createSettingsStore } from '@core/settings/store';
import { createMainWindow, fitBounds, mainWindowOptions } from '../../../electron/main/window';
import { recorded } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

describe('main window options', () => {
  it('isolate and sandbox the renderer with no Node access', () => {
    const { webPreferences } = mainWindowOptions('/app/preload.cjs');
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('use the remembered size and position', () => {
    const options = mainWindowOptions('/p', { x: 5, y: 6, width: 1000, height: 700 });
    expect(options).toMatchObject({ x: 5, y: 6, width: 1000, height: 700 });
  });
});

describe('fitBounds', () => {
  const screenArea = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('keeps a position on a connected display', () => {
    const saved = { x: 100, y: 100, width: 800, height: 600, maximized: false };
    expect(fitBounds(saved, screenArea)).toEqual(saved);
  });
  it('drops a position on a display that is gone, keeping the size', () => {
    expect(
      fitBounds({ x: 3000, y: 100, width: 800, height: 600, maximized: false }, screenArea),
    ).toEqual({ width: 800, height: 600 });
  });
});

describe('createMainWindow', () => {
  it('restores remembered bounds and saves them on close', async () => {
    recorded.reset();
    const settings = createSettingsStore(await mkdtemp(path.join(os.tmpdir(), 'pk-win-')));
    await settings.update({ window: { x: 50, y: 60, width: 1000, height: 700, maximized: true } });
    const window = (await createMainWindow('/p', settings)) as unknown as {
      options: Record<string, unknown>;
      maximized: boolean;
      emit(event: string): void;
    };
    expect(window.options).toMatchObject({ x: 50, y: 60, width: 1000, height: 700 });
    expect(window.maximized).toBe(true);
    window.emit('close');
    await vi.waitFor(async () =>
      expect((await settings.read()).window).toEqual({
        x: 10,
        y: 20,
        width: 1100,
        height: 750,
        maximized: true,
      }),
    );
  });
});
