/**
 * Where a command named without a folder (an exec credential plugin, a docker-credential helper)
 * runs from: the first match on PATH, never the working directory. kubectl and docker find these
 * with Go's exec.LookPath, which since Go 1.19 refuses a match in "." (ErrDot); Node on Windows
 * would look in the working directory first (and try only .com and .exe), so PullKey resolves the
 * command itself, with Go's rules, and starts it by its full path.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface CommandSearch {
  platform: NodeJS.Platform;
  /** The PATH in force (Path on Windows). */
  path: string | undefined;
  /** Windows only: the extensions to try (Go's default when unset). */
  pathext?: string | undefined;
}

const GO_DEFAULT_PATHEXT = ['.com', '.exe', '.bat', '.cmd'];

/** An environment variable; on Windows names are case-insensitive (PATH, Path). */
function envValue(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform) {
  if (platform !== 'win32') return env[name];
  const key = Object.keys(env).find((candidate) => candidate.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

export function commandSearch(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): CommandSearch {
  return {
    platform,
    path: envValue(env, 'PATH', platform),
    pathext: envValue(env, 'PATHEXT', platform),
  };
}

/** Go's filepath.IsAbs: a drive letter and a separator, or a UNC path, on Windows. */
const isAbsolute = (dir: string, platform: NodeJS.Platform) =>
  platform === 'win32' ? /^([A-Za-z]:[\\/]|[\\/]{2}[^\\/])/.test(dir) : dir.startsWith('/');

/** Go's LookPath on Windows: PATHEXT lowercased, each with a leading dot. */
function extensions(pathext: string | undefined): string[] {
  if (!pathext) return GO_DEFAULT_PATHEXT;
  return pathext
    .toLowerCase()
    .split(';')
    .filter(Boolean)
    .map((ext) => (ext.startsWith('.') ? ext : `.${ext}`));
}

/** Windows: the name as is when it has an extension, then with each extension (Go's order). */
function withExtensions(file: string, search: CommandSearch): string[] {
  if (search.platform !== 'win32') return [file];
  const hasExtension =
    file.lastIndexOf('.') > Math.max(...[':', '\\', '/'].map((c) => file.lastIndexOf(c)));
  const exts = extensions(search.pathext).map((ext) => file + ext);
  return hasExtension ? [file, ...exts] : exts;
}

/**
 * Pure: the files that may be `command`, in the order they are tried. A name with a folder is
 * taken as is (absolute only); a bare name is looked up in the absolute PATH entries only: empty
 * and relative entries, which would mean the working directory, are skipped.
 */
export function commandCandidates(command: string, search: CommandSearch): string[] {
  const paths = search.platform === 'win32' ? path.win32 : path.posix;
  const hasFolder = search.platform === 'win32' ? /[\\/:]/.test(command) : command.includes('/');
  if (hasFolder) {
    return isAbsolute(command, search.platform) ? withExtensions(command, search) : [];
  }
  const delimiter = search.platform === 'win32' ? ';' : ':';
  return (search.path ?? '')
    .split(delimiter)
    .map((dir) => (search.platform === 'win32' ? dir.replaceAll('"', '') : dir))
    .filter((dir) => dir && isAbsolute(dir, search.platform))
    .flatMap((dir) => withExtensions(paths.join(dir, command), search));
}

/** A file this process may run (a folder is not). */
function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The full path `command` runs from, or null when PATH has no such command. */
export function resolveCommand(
  command: string,
  search: CommandSearch,
  isExecutable: (file: string) => boolean = isExecutableFile,
): string | null {
  return commandCandidates(command, search).find((file) => isExecutable(file)) ?? null;
}
