/**
 * kubectl's kubeconfig lock (client-go clientcmd lockFile): `<file>.lock` created with O_EXCL,
 * removed when done. Another holder (kubectl, a second PullKey) makes us wait briefly, then fail
 * with a message saying which file to remove if nobody holds it any more.
 */
import { open, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../../api/errors';

export const lockName = (file: string) => `${file}.lock`;

export interface LockOptions {
  /** How long to keep trying while another program holds the lock (default 2 s). */
  waitMs?: number;
}

async function acquire(lock: string, waitMs: number, file: string): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new AppError(
          'KUBECONFIG_LOCKED',
          `Cannot lock ${file}: ${(error as Error).message}`,
          { file, lock },
        );
      }
      if (Date.now() >= deadline) {
        throw new AppError(
          'KUBECONFIG_LOCKED',
          `${file} is being changed by another program (kubectl or another PullKey): ${lock} exists. ` +
            `Try again; if nothing is changing the kubeconfig, delete ${lock}.`,
          { file, lock },
        );
      }
      // 5, 10, 20, 40 ms … at most 50 ms, with jitter so two waiters do not move in step.
      await delay(Math.min(50, 5 * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random()));
    }
  }
}

/** Runs `action` holding `<file>.lock`; the lock is removed afterwards, even on failure. */
export async function withLockFile<T>(
  file: string,
  action: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const lock = lockName(file);
  await acquire(lock, options.waitMs ?? 2_000, file);
  try {
    return await action();
  } finally {
    await rm(lock, { force: true });
  }
}
