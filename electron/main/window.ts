import {
  BrowserWindow,
  screen,
  type BrowserWindowConstructorOptions,
  type Rectangle,
} from 'electron';
import type { SettingsStore, WindowBounds } from '../core/settings/store';

const DEFAULT_SIZE = { width: 1280, height: 820 };

/** The security-relevant window options live here, in one place, unit-tested. */
export function mainWindowOptions(
  preload: string,
  bounds: Partial<WindowBounds> = {},
): BrowserWindowConstructorOptions {
  return {
    width: bounds.width ?? DEFAULT_SIZE.width,
    height: bounds.height ?? DEFAULT_SIZE.height,
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'PullKey',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}

/** Keeps a remembered position only if it is still on a connected display. */
export function fitBounds(
  saved: WindowBounds | undefined,
  workAreas: Rectangle[],
): Partial<WindowBounds> {
  if (!saved) return {};
  const { x, y, width, height } = saved;
  if (x === undefined || y === undefined) return { width, height };
  const visible = workAreas.some(
    (area) =>
      x + width > area.x + 50 &&
      x < area.x + area.width - 50 &&
      y >= area.y - 10 &&
      y < area.y + area.height - 50,
  );
  return visible ? saved : { width, height };
}

export async function createMainWindow(
  preload: string,
  settings: SettingsStore,
): Promise<BrowserWindow> {
  const { window: saved } = await settings.read();
  const bounds = fitBounds(
    saved,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow(mainWindowOptions(preload, bounds));
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const { x, y, width, height } = window.getNormalBounds();
    void settings.update({ window: { x, y, width, height, maximized: window.isMaximized() } });
  });
  return window;
}
