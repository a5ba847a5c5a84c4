import { describe, expect, it } from 'vitest';
import { createCancellations } from '@core/registries/cancellations';

describe('cancellations of running writes', () => {
  it('remembers a cancelled id until the write forgets it', () => {
    const cancellations = createCancellations();
    expect(cancellations.isCancelled('op-1')).toBe(false);
    cancellations.cancel('op-1');
    expect(cancellations.isCancelled('op-1')).toBe(true);
    expect(cancellations.isCancelled('op-2')).toBe(false);
    cancellations.forget('op-1');
    expect(cancellations.isCancelled('op-1')).toBe(false);
  });

  it('keeps a bounded number of ids (cancels for writes that already finished), oldest out first', () => {
    const cancellations = createCancellations(3);
    for (const id of ['a', 'b', 'c', 'd']) cancellations.cancel(id);
    expect(['a', 'b', 'c', 'd'].map((id) => cancellations.isCancelled(id))).toEqual([
      false,
      true,
      true,
      true,
    ]);
    cancellations.cancel('b'); // asked again: now the newest
    cancellations.cancel('e');
    expect(cancellations.isCancelled('b')).toBe(true);
    expect(cancellations.isCancelled('c')).toBe(false);
  });

  it('aborts the signal of a running operation when it is cancelled, at once if it already was', () => {
    const cancellations = createCancellations();
    const running = cancellations.signal('op-1');
    expect(running.aborted).toBe(false);
    cancellations.cancel('op-2');
    expect(running.aborted).toBe(false);
    cancellations.cancel('op-1');
    expect(running.aborted).toBe(true);
    expect(cancellations.signal('op-2').aborted).toBe(true);
    // Forgotten at the end: a new operation under that id starts afresh.
    cancellations.forget('op-1');
    expect(cancellations.signal('op-1').aborted).toBe(false);
  });
});
