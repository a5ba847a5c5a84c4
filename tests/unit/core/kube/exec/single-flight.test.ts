import { describe, expect, it } from 'vitest';
import { createSingleFlightCache } from '@core/kube/exec/single-flight';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('createSingleFlightCache', () => {
  it('starts one run for concurrent callers and gives them all its result', async () => {
    let runs = 0;
    const pending = deferred<{ token: string }>();
    const cache = createSingleFlightCache(
      () => {
        runs++;
        return pending.promise;
      },
      () => true,
    );
    const calls = [cache.get(), cache.get(), cache.get(), cache.get()];
    pending.resolve({ token: 'a' });
    const results = await Promise.all(calls);
    expect(runs).toBe(1);
    expect(new Set(results).size).toBe(1);
    await cache.get();
    expect(runs).toBe(1);
  });

  it('runs again once the kept value is no longer fresh', async () => {
    let now = 0;
    let runs = 0;
    const cache = createSingleFlightCache(
      async () => ({ run: ++runs, expiresAt: now + 100 }),
      (value) => now <= value.expiresAt,
    );
    expect((await cache.get()).run).toBe(1);
    now = 100;
    expect((await cache.get()).run).toBe(1);
    now = 101;
    expect((await cache.get()).run).toBe(2);
  });

  it('never keeps a failure: the next call runs again', async () => {
    let runs = 0;
    const cache = createSingleFlightCache(
      async () => {
        runs++;
        if (runs === 1) throw new Error('plugin hung');
        return 'token';
      },
      () => true,
    );
    const [first, second] = await Promise.allSettled([cache.get(), cache.get()]);
    expect(first).toMatchObject({ status: 'rejected' });
    expect(second).toMatchObject({ status: 'rejected' });
    expect(runs).toBe(1);
    await expect(cache.get()).resolves.toBe('token');
    expect(runs).toBe(2);
  });

  it('drops the kept value after a 401 only if it is still the one that was used', async () => {
    let runs = 0;
    const cache = createSingleFlightCache(
      async () => ({ run: ++runs }),
      () => true,
    );
    const used = await cache.get();
    cache.invalidate(used);
    const replaced = await cache.get();
    expect(replaced.run).toBe(2);
    cache.invalidate(used); // a late 401 for the old credential: the new one stays
    expect(cache.peek()).toBe(replaced);
    cache.invalidate();
    expect(cache.peek()).toBeUndefined();
  });
});
