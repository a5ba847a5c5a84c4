/**
 * The kubeconfig as PullKey currently knows it: loaded with kubectl's rules, reloaded when a
 * file changes (chokidar) so contexts added, edited or removed elsewhere show up live.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import { parseDocument } from 'yaml';
import { AppError } from '../../api/errors';
import { loadKubeconfigs, type LoadedKubeconfig } from './load';

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

/** client-go's rule for where `kubectl config use-context` writes: the first existing file. */
export function currentContextTarget(paths: string[], exists: (path: string) => boolean): string {
  if (paths.length === 1) return paths[0]!;
  return paths.find(exists) ?? paths[paths.length - 1]!;
}

export function createKubeconfigStore(
  paths: string[],
  options: { watch?: boolean; debounceMs?: number } = {},
): KubeconfigStore {
  let loaded: Promise<LoadedKubeconfig> | null = null;
  const listeners = new Set<(loaded: LoadedKubeconfig) => void>();
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;

  function reload() {
    const next = loadKubeconfigs(paths);
    loaded = next;
    return next;
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
        void reload().then((result) => listeners.forEach((listener) => listener(result)));
      }, options.debounceMs ?? 50);
    });
  }

  return {
    paths,
    current: () => loaded ?? reload(),
    reload,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async setCurrentContext(name) {
      const { merged } = await (loaded ?? reload());
      if (!merged.contexts.has(name)) {
        throw new AppError('CONTEXT_NOT_FOUND', `No context named "${name}" in the kubeconfig`);
      }
      const file = currentContextTarget(paths, existsSync);
      const text = existsSync(file) ? await readFile(file, 'utf8') : '';
      const document = parseDocument(text.trim() ? text : '{}');
      if (document.errors.length > 0) {
        throw new AppError(
          'KUBECONFIG_INVALID',
          `Cannot update ${file}: ${document.errors[0]!.message}`,
        );
      }
      document.set('current-context', name);
      await writeFile(file, document.toString());
      await reload();
      return file;
    },
    async close() {
      if (timer) clearTimeout(timer);
      await watcher?.close();
    },
  };
}
