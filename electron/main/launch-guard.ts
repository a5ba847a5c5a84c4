/**
 * A packaged PullKey loads only itself: command-line switches that open a debugger, inject
 * scripts or weaken the sandbox make it refuse to start (Electron's fuses already disable
 * NODE_OPTIONS and Node's --inspect flags; Chromium's switches are checked here). No 'electron'
 * import: the app's `isPackaged` and `commandLine.hasSwitch` are passed in.
 */

/**
 * Chromium / Node / V8 switches a packaged app refuses (exact names, without dashes): debuggers,
 * code injection, web-security weakening. Not --no-sandbox: some Linux systems need it to start
 * an AppImage at all, and it opens no door into the main process.
 */
export const FORBIDDEN_SWITCHES: readonly string[] = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-debugging-io-pipes',
  'remote-allow-origins',
  'auto-open-devtools-for-tabs',
  'js-flags',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-publish-uid',
  'inspect-brk-node',
  'debug',
  'debug-brk',
  'debug-port',
  'require',
  'experimental-loader',
  'loader',
  'import',
  'load-extension',
  'disable-extensions-except',
  'disable-web-security',
  'disable-site-isolation-trials',
  'allow-file-access-from-files',
  'ignore-certificate-errors',
  'ignore-certificate-errors-spki-list',
  'allow-insecure-localhost',
  'host-rules',
  'host-resolver-rules',
  'renderer-cmd-prefix',
  'utility-cmd-prefix',
  'gpu-launcher',
  'browser-subprocess-path',
];

/** Prefixes that cover whole switch families (e.g. --inspect-anything, --remote-debugging-*). */
const FORBIDDEN_PREFIXES = ['inspect', 'remote-debugging', 'debug', 'js-flags'];

/** The switch name of one argument ("--inspect=9229" → "inspect"), or null for a non-switch. */
export function switchName(arg: string): string | null {
  const match = /^--?([A-Za-z0-9][A-Za-z0-9_-]*)(=.*)?$/s.exec(arg);
  return match ? match[1]!.toLowerCase().replace(/_/g, '-') : null;
}

function isForbidden(name: string): boolean {
  return FORBIDDEN_SWITCHES.includes(name) || FORBIDDEN_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * The forbidden switches this process was started with: from its arguments (argv and Node's
 * execArgv) and from Chromium's own command line (`hasSwitch`).
 */
export function forbiddenLaunchSwitches(
  args: readonly string[],
  hasSwitch: (name: string) => boolean,
): string[] {
  const found = new Set<string>();
  for (const arg of args) {
    if (arg === '--') break;
    const name = switchName(arg);
    if (name && isForbidden(name)) found.add(name);
  }
  for (const name of FORBIDDEN_SWITCHES) {
    let present: boolean;
    try {
      present = hasSwitch(name);
    } catch {
      present = false;
    }
    if (present) found.add(name);
  }
  return [...found].sort();
}

export interface LaunchCheckApp {
  isPackaged: boolean;
  commandLine: { hasSwitch(name: string): boolean };
}

/** Null when the app may start; else the message it refuses with. Unpackaged (dev) runs pass. */
export function launchRefusal(
  app: LaunchCheckApp,
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv,
): string | null {
  if (!app.isPackaged) return null;
  // argv[0] is the executable; a packaged app has no script argument.
  const switches = forbiddenLaunchSwitches([...execArgv, ...argv.slice(1)], (name) =>
    app.commandLine.hasSwitch(name),
  );
  if (!switches.length) return null;
  return `PullKey refuses to start with debugging or security-weakening switches: ${switches
    .map((name) => `--${name}`)
    .join(', ')}. Start it without them.`;
}
