/** How every layer launches a browser here: Debian's Chromium (never a downloaded one). */

/** Override with PULLKEY_CHROMIUM. */
export const chromiumPath = process.env.PULLKEY_CHROMIUM ?? '/usr/bin/chromium';

/** The flags that work on a machine without a display, sandbox or network. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
