/**
 * Replaces a file so that a reader sees the old text or the new, never a mix or an empty file:
 * a temp file in the same folder, fsync, rename over the file, fsync the folder. A symlinked
 * kubeconfig stays a symlink (the file it points to is replaced); the file's mode is kept.
 */
import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

async function existing<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function replaceFileAtomically(file: string, text: string): Promise<void> {
  const target = (await existing(() => realpath(file))) ?? file;
  const mode = ((await existing(() => stat(target)))?.mode ?? 0o600) & 0o777;
  const dir = path.dirname(target);
  const temp = path.join(
    dir,
    `.${path.basename(target)}.pullkey-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.chmod(mode); // the umask may have narrowed it
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (process.platform !== 'win32') {
    // The rename itself is durable once the folder is synced.
    const folder = await open(dir, 'r').catch(() => null);
    if (folder) {
      await folder.sync().catch(() => undefined);
      await folder.close();
    }
  }
}
