/**
 * Which first-run screen, if any: no kubeconfig at all, one without contexts, or only clusters
 * that cannot be reached. Never an empty table in their place.
 */
export type FirstRunKind = 'no-kubeconfig' | 'empty' | 'unreachable';

interface FirstRunInput {
  /** The contexts were loaded at least once (before that, nothing is known). */
  loaded: boolean;
  contexts: Array<{ name: string }>;
  files: string[];
  missingFiles: string[];
  problems: unknown[];
  /** Per context, once checked: whether its API server answered. */
  reachable: Record<string, boolean | undefined>;
}

export function firstRunKind(input: FirstRunInput): FirstRunKind | null {
  if (!input.loaded) return null;
  if (input.contexts.length === 0) {
    const noneExists = input.files.every((file) => input.missingFiles.includes(file));
    return noneExists && input.problems.length === 0 ? 'no-kubeconfig' : 'empty';
  }
  const checked = input.contexts.map((context) => input.reachable[context.name]);
  return checked.every((reachable) => reachable === false) ? 'unreachable' : null;
}
