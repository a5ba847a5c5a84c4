import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PullFixAnswer } from '@core/api/contract';
import { usePreviewedWrite, type PreviewOptions } from '@renderer/composables/previewed-write';
import { ApiCallError } from '@renderer/errors';
import { useNotificationsStore } from '@renderer/stores/notifications';

const answer: PullFixAnswer = { preview: 'patch', written: false, resourceVersion: '7' };

/** A previewed write whose `done` (read the detail again) is a spy. */
function previewedWrite() {
  const done = vi.fn();
  return { done, fix: usePreviewedWrite(done) };
}

/** Previews `title` (its dry run answers `answer`), then confirms a write that fails with `error`. */
async function confirmFailing(
  fix: ReturnType<typeof previewedWrite>['fix'],
  title: string,
  error: Error,
  options: Omit<PreviewOptions<undefined, unknown>, 'extra'> = {},
) {
  await fix.preview(
    title,
    () => Promise.resolve(answer),
    () => Promise.reject(error),
    { extra: undefined, ...options },
  );
  await fix.confirm();
}

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
    const { done, fix } = previewedWrite();
    const stale = new ApiCallError({
      code: 'KUBE_CONFLICT',
      message: 'it changed since you saw it',
    });
    await confirmFailing(fix, 'Copy secret s', stale);
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
    const { done, fix } = previewedWrite();
    const down = new ApiCallError({ code: 'CLUSTER_UNREACHABLE', message: 'no answer' });
    const report = vi.spyOn(useNotificationsStore(), 'reportError');
    await confirmFailing(fix, 'Rewrite secret s', down);
    expect(fix.pending.value).not.toBeNull();
    expect(fix.running.value).toBe(false);
    expect(done).not.toHaveBeenCalled();
    expect(report).toHaveBeenCalledWith(down, 'Rewrite secret s');
  });

  it("a write refused part way is said in place in the back end's words, and read again", async () => {
    const { done, fix } = previewedWrite();
    const partial = new ApiCallError({
      code: 'CLUSTER_FORBIDDEN',
      message: 'Registry r was created; attaching it was refused: forbidden',
      details: { partial: true },
    });
    await confirmFailing(fix, 'Create registry r and attach it', partial, {
      refusal: (message) => message,
    });
    expect(fix.refused.value).toBe('Registry r was created; attaching it was refused: forbidden');
    expect(fix.pending.value).toBeNull();
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('the toast can come from what the write answered; a write may leave the reload for later', async () => {
    const { done, fix } = previewedWrite();
    await fix.preview(
      'Attach',
      () => Promise.resolve(answer),
      () => Promise.resolve({ ...answer, written: true, resourceVersion: '8' }),
      {
        extra: undefined,
        success: (written) => ({
          severity: 'warn',
          summary: 'Attached',
          detail: `at ${written.resourceVersion}`,
        }),
        reloadAfter: () => false,
      },
    );
    await fix.confirm();
    expect(useNotificationsStore().queue.at(-1)).toMatchObject({
      severity: 'warn',
      summary: 'Attached',
      detail: 'at 8',
    });
    expect(done).not.toHaveBeenCalled();
  });

  it('closeOnError: any failed write closes the preview, is reported and said in place', async () => {
    const { done, fix } = previewedWrite();
    const down = new ApiCallError({ code: 'CLUSTER_UNREACHABLE', message: 'no answer' });
    const report = vi.spyOn(useNotificationsStore(), 'reportError');
    await confirmFailing(fix, 'Delete old Jobs', down, { closeOnError: true });
    expect(report).toHaveBeenCalledWith(down, 'Delete old Jobs');
    expect(fix.refused.value).toBe('Delete old Jobs: not written. no answer');
    expect(fix.pending.value).toBeNull();
    expect(done).toHaveBeenCalledTimes(1);
  });
});
