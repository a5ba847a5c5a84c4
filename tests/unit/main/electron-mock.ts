/**
 * A recording stand-in for the 'electron' module (no Electron binary runs here). Tests use it
 * with `vi.mock('electron', () => import('./electron-mock'))` and inspect `recorded`.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

export const recorded = {
  ipcHandlers: new Map<string, InvokeHandler>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  privilegedSchemes: [] as unknown[],
  windows: [] as FakeBrowserWindow[],
  openedExternal: [] as string[],
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  menu: null as unknown,
  reset() {
    this.ipcHandlers.clear();
    this.protocolHandlers.clear();
    this.privilegedSchemes = [];
    this.windows = [];
    this.openedExternal = [];
    this.appEvents.clear();
    this.menu = null;
  },
};

export class FakeWebContents extends EventEmitter {
  sent: Array<[string, unknown]> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static getAllWindows = () => recorded.windows;
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  maximized = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    recorded.windows.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1100, height: 750 };
  }
}

/** @alias electron.BrowserWindow, for vi.mock. */
export const BrowserWindow = FakeBrowserWindow;

export const ipcMain = {
  handle: vi.fn((channel: string, handler: InvokeHandler) => {
    recorded.ipcHandlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => recorded.ipcHandlers.delete(channel)),
};

export const protocol = {
  registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => {
    recorded.privilegedSchemes.push(...schemes);
  }),
  handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
    recorded.protocolHandlers.set(scheme, handler);
  }),
};

export const shell = {
  openExternal: vi.fn(async (url: string) => {
    recorded.openedExternal.push(url);
  }),
};

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn((menu: unknown) => {
    recorded.menu = menu;
  }),
};

export function fakeSession() {
  return {
    permissionRequestHandler: null as null | ((...args: unknown[]) => void),
    permissionCheckHandler: null as null | ((...args: unknown[]) => boolean),
    deviceHandler: null as null | ((...args: unknown[]) => boolean),
    setPermissionRequestHandler(handler: (...args: unknown[]) => void) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      this.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: (...args: unknown[]) => boolean) {
      this.deviceHandler = handler;
    },
  };
}

export const session = { defaultSession: fakeSession() };

export const app = {
  userDataDir: '',
  isPackaged: false,
  enableSandbox: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  whenReady: vi.fn(() => Promise.resolve()),
  getPath: vi.fn(() => app.userDataDir),
  getName: () => 'PullKey',
  getVersion: () => '0.0.0-test',
  quit: vi.fn(),
  exit: vi.fn(),
  /** Chromium switches the fake process was started with. */
  commandLine: {
    switches: new Set<string>(),
    hasSwitch: vi.fn((name: string) => app.commandLine.switches.has(name)),
  },
  on: vi.fn((event: string, listener: (...args: unknown[]) => void) => {
    recorded.appEvents.set(event, listener);
  }),
};

export const nativeTheme = { themeSource: 'system' };

export const clipboard = {
  text: '',
  writeText: vi.fn((text: string) => {
    clipboard.text = text;
  }),
};
