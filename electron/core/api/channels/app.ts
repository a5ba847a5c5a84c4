/** Contract, app domain: what the app is (`app:info`) and the clipboard (`clipboard:write`). */
import { z } from 'zod';
import { channel, noInput } from './shared';
import type { VaultStatus } from './vault';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  runtime: { node: string; electron: string | null; chrome: string | null };
  vault: VaultStatus;
  /** Run from a source checkout, where `npm run demo` starts a demo cluster (first-run screen). */
  demoAvailable: boolean;
}

/** The longest text Copy sends (YAML of a large secret, masked). */
export const MAX_CLIPBOARD_TEXT = 1_048_576;

export const appChannels = {
  'app:info': channel<AppInfo>()(noInput),
  /** Copies text with the main process's clipboard (the renderer has no clipboard permission). */
  'clipboard:write': channel<{ copied: number }>()(
    z.object({ text: z.string().max(MAX_CLIPBOARD_TEXT) }).strict(),
  ),
} as const;
