import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PullFixAnswer } from '@core/api/contract';
import { usePreviewedWrite } from '@renderer/composables/previewed-write';
import { ApiCallError } from '@renderer/errors';
import { useNotificationsStore } from '@renderer/stores/notifications';

const answer: PullFixAnswer = { preview: 'patch', written: false, resourceVersion: '7' };

describe('usePreviewedWrite: one way for a fix to write', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('writes exactly what was previewed, at its version, then has the detail read again', async () => {
    const done = vi.fn();
    const write = vi.fn((seen: PullFixAnswer) => Promise.resolve(seen.resourceVersion));
    const fix = usePreviewedWrite<string>(done);
    await fix.preview('Set image', () => Promise.resolve(answer), write, { extra: 'app' });
    expect(fix.pending.value?.extra).toBe('app');
    expect(write).not.toHaveBeenCalled();
    await fix.confirm();
    expect(write).toHaveBeenCalledWith(answer);
    expect(fix.pending.value).toBeNull();
    expect(done).toHaveBeenCalledTimes(1);
    expect(useNotificationsStore().queue.at(-1)).toMatchObject({
      severity: 'success',
      detail: 'Set image',
    });
  });

  it('a write refused as stale closes the preview, says why in place and reads the detail again', async () => {
    const done = vi.fn();
    const fix = usePreviewedWrite(done);
    const stale = new ApiCallError({
      code: 'KUBE_CONFLICT',
      message: 'it changed since you saw it',
    });
    await fix.preview(
      'Copy secret s',
      () => Promise.resolve(answer),
      () => Promise.reject(stale),
      {
        extra: undefined,
      },
    );
    await fix.confirm();
    expect(fix.pending.value).toBeNull();
    expect(fix.refused.value).toBe('Copy secret s: not written. it changed since you saw it');
    expect(done).toHaveBeenCalledTimes(1);
    // The next preview starts afresh.
    await fix.preview('Copy secret s', () => Promise.resolve(answer), vi.fn(), {
      extra: undefined,
    });
    expect(fix.refused.value).toBeNull();
  });

  it('any other failure keeps the preview open to try again, and is reported', async () => {
    const done = vi.fn();
    const fix = usePreviewedWrite(done);
    const down = new ApiCallError({ code: 'CLUSTER_UNREACHABLE', message: 'no answer' });
    const report = vi.spyOn(useNotificationsStore(), 'reportError');
    await fix.preview(
      'Rewrite secret s',
      () => Promise.resolve(answer),
      () => Promise.reject(down),
      {
        extra: undefined,
      },
    );
    await fix.confirm();
    expect(fix.pending.value).not.toBeNull();
    expect(fix.running.value).toBe(false);
    expect(done).not.toHaveBeenCalled();
    expect(report).toHaveBeenCalledWith(down, 'Rewrite secret s');
  });
});
