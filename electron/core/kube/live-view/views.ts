/**
 * The live views in use, by key (a context, a workload): a view is started by its first
 * subscriber (one start shared by concurrent ones; a start that failed is never kept, the next
 * subscriber starts again) and stopped when its last subscriber lets go — also when that happens
 * while it is still starting (then it is stopped as soon as it started).
 */

export interface Subscription<T> {
  value: T;
  /** Lets go of the view (once); the last one stops it. */
  release(): void;
}

interface Entry<T> {
  started: Promise<T>;
  value: T | null;
  refs: number;
  /** The key's standing subscription (an open view), at most one: `open`/`close`. */
  open: boolean;
}

export function createLiveViews<T>(start: (key: string) => Promise<T>, stop: (value: T) => void) {
  const entries = new Map<string, Entry<T>>();

  function unref(key: string, entry: Entry<T>) {
    entry.refs -= 1;
    // Still starting: it is stopped once started, unless a subscriber came back meanwhile.
    if (entry.refs > 0 || entry.value === null) return;
    if (entries.get(key) === entry) entries.delete(key);
    stop(entry.value);
  }

  function entryOf(key: string): Entry<T> {
    const existing = entries.get(key);
    if (existing) return existing;
    const entry: Entry<T> = { started: start(key), value: null, refs: 0, open: false };
    entries.set(key, entry);
    entry.started.then(
      (value) => {
        entry.value = value;
        // Every subscriber let go while it was starting: answer them, keep nothing open.
        if (entry.refs === 0) {
          if (entries.get(key) === entry) entries.delete(key);
          stop(value);
        }
      },
      () => {
        // A failure is never kept: the next subscriber starts again.
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return entry;
  }

  /** A subscription of its own to the view of `key` (released by the caller). */
  async function subscribe(key: string): Promise<Subscription<T>> {
    const entry = entryOf(key);
    entry.refs += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      unref(key, entry);
    };
    try {
      return { value: await entry.started, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** The view of `key`, held open (one standing subscription per key) until `close`. */
  function open(key: string): Promise<T> {
    const entry = entryOf(key);
    if (!entry.open) {
      entry.open = true;
      entry.refs += 1;
      entry.started.catch(() => {
        if (entry.open) {
          entry.open = false;
          entry.refs -= 1;
        }
      });
    }
    return entry.started;
  }

  /** Drops the standing subscription of `key`: true when the view was open (or opening). */
  function close(key: string): boolean {
    const entry = entries.get(key);
    if (!entry?.open) return false;
    entry.open = false;
    unref(key, entry);
    return true;
  }

  return {
    subscribe,
    open,
    close,
    /** The start of `key`'s view under way or done, if any. */
    starting: (key: string) => entries.get(key)?.started ?? null,
    /** The view of `key` is started (or starting). */
    has: (key: string) => entries.has(key),
    /** The started view of `key`, if any. */
    get: (key: string) => entries.get(key)?.value ?? null,
    /** The started views. */
    values: () =>
      [...entries.values()].flatMap((entry) => (entry.value === null ? [] : [entry.value])),
    closeAll: () => {
      for (const key of [...entries.keys()]) close(key);
    },
  };
}
