/**
 * Contract, shared by every writing domain: the one answer of a previewed write. Every channel that writes one object
 * after showing it takes `dryRun` and answers this shape both times: the dry run says what would
 * change and the version it read (send it back with the write); the write says what was written
 * and the version it wrote.
 */
import type { OwnedWrite } from './ownership';

export interface PreviewedWrite {
  /** The exact change as shown before writing (credentials masked). */
  preview: string;
  /** false: a dry run, or nothing to write. */
  written: boolean;
  /** Dry run: the version read (the write is refused if it changed since); write: the one written. */
  resourceVersion: string | null;
  /** Who else gets what is written, or what the change does beyond the object. */
  warning?: string | undefined;
  /** An owned workload's write: its owner as read, the change for Git, the revert watch. */
  owned?: OwnedWrite | undefined;
}
