import { readFile } from 'node:fs/promises';
import type { KubeconfigProblem } from '../../api/contract';
import { mergeKubeconfigs, type MergedKubeconfig } from './merge';
import { KubeconfigParseError, parseKubeconfig, type KubeconfigFile } from './parse';

export interface LoadedKubeconfig {
  merged: MergedKubeconfig;
  problems: KubeconfigProblem[];
}

async function readOne(file: string): Promise<KubeconfigFile | KubeconfigProblem | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    // kubectl silently skips listed files that do not exist.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
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
    throw error;
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
