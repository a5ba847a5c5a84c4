import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, Menu, session } from 'electron';
import { createCore } from '../core';
import { importLoginShellPath } from '../core/kube/shell-path';
import { applicationMenu } from './menu';
import { bindRouter, forwardEvents, trustedSender } from './ipc';
import { launchRefusal } from './launch-guard';
import { devServerUrl, APP_ORIGIN, rendererOrigins } from './origin';
import { registerAppScheme, serveRenderer } from './protocol';
import { denyPermissions, hardenWebContents } from './security';
import { createMainWindow } from './window';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));

// Before anything else (no scheme, no window): a packaged app refuses debugging switches.
const refusal = launchRefusal(app);

if (refusal) {
  console.error(refusal);
  app.exit(1);
} else {
  registerAppScheme();
  app.enableSandbox();
}

if (refusal) {
  // Refused above: nothing is registered and no window opens.
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  const getContents = () => mainWindow?.webContents ?? null;
  const origins = rendererOrigins(app.isPackaged);

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origins));

  // Exec credential plugins need the user's shell PATH (apps started from a launcher lack it).
  const envReady = importLoginShellPath().catch(() => undefined);

  void app.whenReady().then(async () => {
    const core = createCore({
      envReady,
      host: {
        name: app.getName(),
        version: app.getVersion(),
        electron: process.versions.electron,
        chrome: process.versions.chrome,
        demoAvailable: !app.isPackaged,
      },
      settingsDir: app.getPath('userData'),
      onUnexpectedError: (channel, error) => console.error(`[ipc] ${channel} failed:`, error),
      // Copy goes through the main process: the renderer keeps no clipboard permission.
      clipboard: { writeText: (text) => clipboard.writeText(text) },
    });
    denyPermissions(session.defaultSession);
    serveRenderer(rendererDir);
    bindRouter(core.router, trustedSender(getContents, origins));
    forwardEvents(core.events, getContents);
    Menu.setApplicationMenu(applicationMenu(process.platform, !app.isPackaged));

    const open = async () => {
      mainWindow = await createMainWindow(preloadPath, core.settings);
      mainWindow.on('closed', () => (mainWindow = null));
      await mainWindow.loadURL(devServerUrl(app.isPackaged) ?? `${APP_ORIGIN}/index.html`);
    };
    await open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void open();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
