/**
 * One value at a time, shared by every caller: at most one producer run in flight, its result
 * kept while `isFresh` says so, a failure never kept (the next call runs again).
 */
export interface SingleFlightCache<T> {
  /** The kept value if fresh, else the run in flight, else a new run. */
  get(): Promise<T>;
  /** The kept value, fresh or not (to pass to `invalidate` after a request fails). */
  peek(): T | undefined;
  /**
   * Drops the kept value, but only if it is still `used` (a value that was already replaced is
   * left alone, like client-go's maybeRefreshCreds). Without `used`, drops whatever is kept.
   */
  invalidate(used?: T): void;
}

export function createSingleFlightCache<T>(
  run: () => Promise<T>,
  isFresh: (value: T) => boolean,
): SingleFlightCache<T> {
  let kept: { value: T } | null = null;
  let inFlight: Promise<T> | null = null;

  return {
    get() {
      if (kept && isFresh(kept.value)) return Promise.resolve(kept.value);
      if (inFlight) return inFlight;
      const started = run().then(
        (value) => {
          if (inFlight === started) {
            kept = { value };
            inFlight = null;
          }
          return value;
        },
        (error: unknown) => {
          if (inFlight === started) inFlight = null;
          throw error;
        },
      );
      inFlight = started;
      return started;
    },
    peek: () => kept?.value,
    invalidate(used) {
      if (kept && (used === undefined || kept.value === used)) kept = null;
    },
  };
}
