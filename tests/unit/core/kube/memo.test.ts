import { describe, expect, it } from 'vitest';
import { memoizeSuccess } from '@core/kube/memo';

describe('memoizeSuccess', () => {
  it('reuses a success and asks again after a failure', async () => {
    let calls = 0;
    const memo = memoizeSuccess(async () => {
      calls += 1;
      if (calls === 1) throw new Error('server away');
      return calls;
    });
    await expect(memo.get()).rejects.toThrow('server away');
    await expect(memo.get()).resolves.toBe(2);
    await expect(memo.get()).resolves.toBe(2);
    expect(calls).toBe(2);
    memo.clear();
    await expect(memo.get()).resolves.toBe(3);
  });

  it('shares one pending call between concurrent callers', async () => {
    let calls = 0;
    const memo = memoizeSuccess(async () => ++calls);
    const [a, b] = await Promise.all([memo.get(), memo.get()]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
  });
});
