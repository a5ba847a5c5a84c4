import { describe, expect, it } from 'vitest';
import type { WriteReport } from '@core/api/contract';
import { createPendingOperations } from '@core/registries/pending';

const report = (outcome: 'created' | 'failed'): WriteReport => ({
  operationId: 'op',
  results: [{ context: 'a', namespace: 'ns', name: 'n', outcome }],
  warnings: [],
});

describe('pending operations (Retry failed, served by the main process)', () => {
  it('keeps the input of an operation with failures, for a bounded time only', () => {
    let now = 0;
    const pending = createPendingOperations<{ password: string }>(10 * 60_000, () => now);
    pending.settle('op-1', { password: 'secret' }, report('failed'));
    pending.settle('op-2', { password: 'other' }, report('created'));
    expect(pending.get('op-1')).toEqual({ password: 'secret' });
    expect(() => pending.get('op-2')).toThrow(
      expect.objectContaining({ code: 'OPERATION_EXPIRED' }),
    );
    now = 10 * 60_000;
    expect(() => pending.get('op-1')).toThrow(
      expect.objectContaining({ code: 'OPERATION_EXPIRED' }),
    );
    expect(pending.size()).toBe(0);
  });

  it('forgets an operation once a retry of it succeeded, and bounds how many it keeps', () => {
    const pending = createPendingOperations<number>();
    pending.settle('op', 1, report('failed'));
    pending.settle('op', 1, report('created'));
    expect(pending.size()).toBe(0);
    for (let i = 0; i < 80; i += 1) pending.settle(`op-${i}`, i, report('failed'));
    expect(pending.size()).toBe(50);
    expect(pending.get('op-79')).toBe(79);
  });
});
