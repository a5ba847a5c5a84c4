import { shell, type Session, type WebContents } from 'electron';
import { isRendererUrl } from './origin';

/** Hosts whose https pages may open in the user's browser (documentation links). */
export const externalAllowlist = [
  'kubernetes.io',
  'docs.docker.com',
  'distribution.github.io',
  'github.com',
  'pullkey.dev',
];

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      !parsed.username &&
      !parsed.password &&
      externalAllowlist.some(
        (host) => parsed.hostname === host || parsed.hostname.endsWith(`.${host}`),
      )
    );
  } catch {
    return false;
  }
}

/** Opens an allowlisted https link in the browser; anything else is refused. */
export function openExternalSafely(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  void shell.openExternal(url);
  return true;
}

/** Denies navigation away from the renderer, new windows, webviews and permission requests. */
export function hardenWebContents(contents: WebContents, origins: string[]): void {
  contents.on('will-navigate', (event, url) => {
    if (!isRendererUrl(url, origins)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isRendererUrl(url, origins)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
