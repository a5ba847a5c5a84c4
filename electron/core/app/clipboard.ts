/**
 * The clipboard port: the Electron glue passes Electron's `clipboard`, the test bridge an
 * in-memory one. The renderer has no clipboard permission; every Copy comes through here.
 */
import { AppError } from '../api/errors';

export interface ClipboardPort {
  writeText(text: string): void;
}

/** Used when the host gave no clipboard (e.g. integration tests of the core alone). */
export const noClipboard: ClipboardPort = {
  writeText() {
    throw new AppError('CLIPBOARD_UNAVAILABLE', 'No clipboard in this process');
  },
};

export function copyText(port: ClipboardPort, text: string): { copied: number } {
  port.writeText(text);
  return { copied: text.length };
}
