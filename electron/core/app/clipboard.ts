/**
 * The clipboard port: the Electron glue passes Electron's `clipboard`, the test bridge an
 * in-memory one. The renderer has no clipboard permission; every Copy comes through here.
 */
import { AppError } from '../api/errors';

export interface ClipboardPort {
  /** Electron's answers a promise: it is awaited, so a failed write is reported. */
  writeText(text: string): void | Promise<void>;
}

/** Used when the host gave no clipboard (e.g. integration tests of the core alone). */
export const noClipboard: ClipboardPort = {
  writeText() {
    throw new AppError('CLIPBOARD_UNAVAILABLE', 'No clipboard in this process');
  },
};

export async function copyText(port: ClipboardPort, text: string): Promise<{ copied: number }> {
  await port.writeText(text);
  return { copied: text.length };
}
