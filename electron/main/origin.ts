/** Where the renderer is served from: our own privileged scheme in production. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pullkey';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The Vite dev server's URL when run by `electron-vite dev`, else null. A packaged app never
 * honours it: it loads only itself, from app://.
 */
export function devServerUrl(
  isPackaged: boolean,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (isPackaged) return null;
  const url = env.ELECTRON_RENDERER_URL;
  return url && /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(url) ? url : null;
}

export function rendererOrigins(
  isPackaged: boolean,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const dev = devServerUrl(isPackaged, env);
  return dev ? [APP_ORIGIN, new URL(dev).origin] : [APP_ORIGIN];
}

/**
 * Node's URL gives origin "null" for custom schemes such as app://, so compare scheme + host
 * (which includes the port) instead of `origin`.
 */
export function urlOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

export function isRendererUrl(url: string, origins: string[]): boolean {
  const origin = urlOrigin(url);
  return origin !== null && origins.includes(origin);
}
