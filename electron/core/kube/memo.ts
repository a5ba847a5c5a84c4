/**
 * A promise kept for reuse only while it has not failed: a failure is answered once, then the
 * next caller asks again (a failed permission check must not stick until a manual refresh).
 */
export interface SuccessMemo<T> {
  get(): Promise<T>;
  clear(): void;
}

export function memoizeSuccess<T>(make: () => Promise<T>): SuccessMemo<T> {
  let kept: Promise<T> | null = null;
  return {
    get() {
      if (!kept) {
        const next = make();
        kept = next;
        next.catch(() => {
          if (kept === next) kept = null;
        });
      }
      return kept;
    },
    clear() {
      kept = null;
    },
  };
}
