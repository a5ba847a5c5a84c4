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

/**
 * One target of a previewed write across namespaces: where it is, and its own previewed write
 * (dry run: what would change there and the version read; write: what was written there and the
 * version written).
 */
export interface FanOutTarget extends PreviewedWrite {
  namespace: string;
  name: string;
}

/**
 * A previewed write across namespaces (a project registry's copies, a sync): itself a
 * `PreviewedWrite` (the whole change in `preview`; `resourceVersion` null: each target has its
 * own) with one previewed write per target. `written`: something was written.
 */
export interface PreviewedFanOut extends PreviewedWrite {
  targets: FanOutTarget[];
}
