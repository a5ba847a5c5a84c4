import path from 'node:path';

export interface KubeconfigPathInput {
  /** Value of $KUBECONFIG, if set. */
  kubeconfigEnv: string | undefined;
  home: string;
  platform: NodeJS.Platform;
}

/**
 * The files kubectl reads, in precedence order: the $KUBECONFIG list (';' on Windows, ':'
 * elsewhere; empty entries skipped, duplicates once), else ~/.kube/config.
 */
export function kubeconfigPaths({ kubeconfigEnv, home, platform }: KubeconfigPathInput): string[] {
  const separator = platform === 'win32' ? ';' : ':';
  const listed = (kubeconfigEnv ?? '')
    .split(separator)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (listed.length === 0) return [path.join(home, '.kube', 'config')];
  return [...new Set(listed)];
}
