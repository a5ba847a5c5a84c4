/**
 * The kubeconfig as PullKey currently knows it: loaded with kubectl's rules, reloaded when a
 * file changes (chokidar) so contexts added, edited or removed elsewhere show up live. A file
 * that failed to load is looked at again as soon as it changes, watched or not.
 *
 * "Make current" is the ONLY write, done the way kubectl does it: `<file>.lock`, a temp file in
 * the same folder, fsync, rename; only current-context changes.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { watch, type FSWatcher } from 'chokidar';
import { AppError } from '../../api/errors';
import { replaceFileAtomically } from './atomic-write';
import { setCurrentContextText } from './current-context';
import { loadKubeconfigs, type LoadedKubeconfig } from './load';
import { withLockFile, type LockOptions } from './lock';

export interface KubeconfigStore {
  readonly paths: string[];
  current(): Promise<LoadedKubeconfig>;
  reload(): Promise<LoadedKubeconfig>;
  /** Called after every reload caused by a file change. */
  onChange(listener: (loaded: LoadedKubeconfig) => void): () => void;
  /** Like `kubectl config use-context`: writes current-context, keeping the file's comments. */
  setCurrentContext(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Where `kubectl config use-context` writes (client-go ClientConfigLoadingRules.GetDefaultFilename):
 * the first file of the list that exists, else the first file.
 */
export function currentContextTarget(paths: string[], exists: (path: string) => boolean): string {
  return paths.find(exists) ?? paths[0]!;
}

/** What identifies a file's version without reading it. */
async function stamp(file: string): Promise<string> {
  try {
    const info = await stat(file);
    return `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'error';
  }
}

export function createKubeconfigStore(
  paths: string[],
  options: { watch?: boolean; debounceMs?: number; lock?: LockOptions } = {},
): KubeconfigStore {
  let loaded: Promise<LoadedKubeconfig> | null = null;
  /** Version stamps of the files that failed to load, taken before that load read them. */
  let failedStamps = new Map<string, string>();
  const listeners = new Set<(loaded: LoadedKubeconfig) => void>();
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;

  let generation = 0;
  function reload() {
    const mine = ++generation;
    const next = (async () => {
      const stamps = new Map(
        await Promise.all(paths.map(async (file) => [file, await stamp(file)] as const)),
      );
      const result = await loadKubeconfigs(paths);
      if (generation === mine) {
        failedStamps = new Map(
          result.problems
            .filter((problem) => !result.merged.files.includes(problem.file))
            .map((problem) => [problem.file, stamps.get(problem.file) ?? ''] as const),
        );
      }
      return result;
    })();
    loaded = next;
    // A load that throws is never kept: the next call tries again.
    next.catch(() => {
      if (generation === mine) loaded = null;
    });
    return next;
  }

  /** The kept load, unless a file that failed has changed since (then a fresh load). */
  async function current(): Promise<LoadedKubeconfig> {
    const kept = loaded;
    if (!kept) return reload();
    const result = await kept;
    if (loaded !== kept || failedStamps.size === 0) return loaded ?? reload();
    for (const [file, before] of failedStamps) {
      if ((await stamp(file)) !== before) return reload();
    }
    return result;
  }

  if (options.watch !== false) {
    // Watching the files (not their folders) still sees them created, replaced or deleted.
    watcher = watch(paths, {
      ignoreInitial: true,
      awaitWriteFinish: { stabilityThreshold: 80, pollInterval: 20 },
    });
    watcher.on('all', () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        reload().then(
          (result) => listeners.forEach((listener) => listener(result)),
          () => undefined,
        );
      }, options.debounceMs ?? 50);
    });
  }

  return {
    paths,
    current,
    reload,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async setCurrentContext(name) {
      if (!(await current()).merged.contexts.has(name)) {
        throw new AppError('CONTEXT_NOT_FOUND', `No context named "${name}" in the kubeconfig`);
      }
      const file = currentContextTarget(paths, existsSync);
      await withLockFile(
        file,
        async () => {
          // Decide on what the files say now, under the lock (another writer may have been first).
          const fresh = await reload();
          const { merged } = fresh;
          if (!merged.contexts.has(name)) {
            throw new AppError('CONTEXT_NOT_FOUND', `No context named "${name}" in the kubeconfig`);
          }
          if (merged.currentContext === name) return; // client-go writes nothing then
          const failed = fresh.problems.find(
            (problem) => problem.file === file && !merged.files.includes(file),
          );
          if (failed) {
            throw new AppError('KUBECONFIG_INVALID', `Cannot update ${file}: ${failed.message}`, {
              file,
            });
          }
          let text = '';
          try {
            text = await readFile(file, 'utf8');
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          }
          let next: string;
          try {
            next = setCurrentContextText(text, name);
          } catch (error) {
            throw new AppError(
              'KUBECONFIG_INVALID',
              `Cannot update ${file}: ${(error as Error).message}`,
              { file },
            );
          }
          await replaceFileAtomically(file, next);
          // What the files say now, without reading them again: the first existing file sets
          // current-context, so it is the merged one (the watcher reloads anyway).
          generation++;
          loaded = Promise.resolve({ ...fresh, merged: { ...merged, currentContext: name } });
        },
        options.lock,
      );
      return file;
    },
    async close() {
      if (timer) clearTimeout(timer);
      await watcher?.close();
    },
  };
}
