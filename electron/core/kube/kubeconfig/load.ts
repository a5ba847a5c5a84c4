import { open } from 'node:fs/promises';
import type { KubeconfigProblem } from '../../api/contract';
import { mergeKubeconfigs, type MergedKubeconfig } from './merge';
import { KubeconfigParseError, parseKubeconfig, type KubeconfigFile } from './parse';

export interface LoadedKubeconfig {
  merged: MergedKubeconfig;
  problems: KubeconfigProblem[];
}

/** A kubeconfig larger than this is refused (real ones are kilobytes). */
export const maxKubeconfigBytes = 16 * 1024 * 1024;

class TooLarge extends Error {}

/** Reads at most `limit` bytes; more is TooLarge (counted on what is read, not on stat). */
async function readCapped(file: string, limit: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    let buffer = Buffer.alloc(Math.min(limit, (await handle.stat()).size) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) throw new TooLarge();
        const bigger = Buffer.alloc(Math.min(limit + 1, buffer.length * 2));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) return buffer.toString('utf8', 0, length);
      length += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** One file on its own: whatever goes wrong with it is its problem, never the other files'. */
async function readOne(file: string): Promise<KubeconfigFile | KubeconfigProblem | null> {
  let text: string;
  try {
    text = await readCapped(file, maxKubeconfigBytes);
  } catch (error) {
    // kubectl silently skips listed files that do not exist.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof TooLarge) {
      return {
        file,
        message: `larger than ${maxKubeconfigBytes / 1024 / 1024} MB: not read (a kubeconfig is a few kilobytes)`,
      };
    }
    return { file, message: `cannot read: ${(error as Error).message}` };
  }
  try {
    return parseKubeconfig(text, file);
  } catch (error) {
    if (error instanceof KubeconfigParseError) {
      const problem: KubeconfigProblem = { file, message: error.reason };
      if (error.line !== undefined) problem.line = error.line;
      return problem;
    }
    return { file, message: `cannot load: ${(error as Error).message}` };
  }
}

/** Reads every file; a broken file becomes a problem while the others still load. */
export async function loadKubeconfigs(paths: string[]): Promise<LoadedKubeconfig> {
  const results = await Promise.all(paths.map(readOne));
  const files: KubeconfigFile[] = [];
  const problems: KubeconfigProblem[] = [];
  for (const result of results) {
    if (!result) continue;
    if ('clusters' in result) files.push(result);
    else problems.push(result);
  }
  const merged = mergeKubeconfigs(files);
  for (const duplicate of merged.duplicates) {
    problems.push({
      file: duplicate.ignored,
      message: `${duplicate.kind} "${duplicate.name}" is already defined in ${duplicate.kept}; this definition is ignored (kubectl's first-file-wins rule)`,
    });
  }
  return { merged, problems };
}
