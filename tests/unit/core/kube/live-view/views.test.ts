/**
 * The live views by key: one start shared by concurrent subscribers, stopped when the last one
 * lets go (also while still starting), a failed start never kept, and a new subscriber after the
 * release starts a new view.
 */
import { describe, expect, it } from 'vitest';
import { createLiveViews } from '@core/kube/live-view/views';

function fixture(fail: { now: boolean } = { now: false }) {
  const started: string[] = [];
  const stopped: string[] = [];
  let pending: Array<() => void> = [];
  let n = 0;
  const views = createLiveViews<string>(
    (key) =>
      new Promise((resolve, reject) => {
        pending.push(() => {
          if (fail.now) reject(new Error('list failed'));
          else {
            const value = `${key}#${++n}`;
            started.push(value);
            resolve(value);
          }
        });
      }),
    (value) => stopped.push(value),
  );
  const finish = async () => {
    const now = pending;
    pending = [];
    now.forEach((go) => go());
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { views, started, stopped, finish };
}

describe('live views by key', () => {
  it('shares one start and stops the view when its last subscriber releases it', async () => {
    const { views, started, stopped, finish } = fixture();
    const one = views.subscribe('alpha');
    const two = views.subscribe('alpha');
    await finish();
    const [a, b] = await Promise.all([one, two]);
    expect(started).toEqual(['alpha#1']);
    expect(a.value).toBe(b.value);
    a.release();
    a.release();
    expect(stopped).toEqual([]);
    b.release();
    expect(stopped).toEqual(['alpha#1']);
    expect(views.has('alpha')).toBe(false);
  });

  it('starts a new view for a subscriber after the release', async () => {
    const { views, started, stopped, finish } = fixture();
    const first = views.subscribe('alpha');
    await finish();
    (await first).release();
    const second = views.subscribe('alpha');
    await finish();
    const again = await second;
    expect(again.value).toBe('alpha#2');
    expect(started).toEqual(['alpha#1', 'alpha#2']);
    expect(stopped).toEqual(['alpha#1']);
    again.release();
    expect(stopped).toEqual(['alpha#1', 'alpha#2']);
  });

  it('closed while starting: answers the open once, then stops it; reopened meanwhile: kept', async () => {
    const { views, stopped, finish } = fixture();
    const opened = views.open('alpha');
    expect(views.close('alpha')).toBe(true);
    await finish();
    expect(await opened).toBe('alpha#1');
    expect(stopped).toEqual(['alpha#1']);
    expect(views.has('alpha')).toBe(false);

    const reopened = views.open('beta');
    views.close('beta');
    void views.open('beta');
    await finish();
    expect(await reopened).toBe('beta#2');
    expect(stopped).toEqual(['alpha#1']);
    expect(views.get('beta')).toBe('beta#2');
    // One standing subscription per key: opening twice, one close lets go.
    void views.open('beta');
    expect(views.close('beta')).toBe(true);
    expect(stopped).toEqual(['alpha#1', 'beta#2']);
    expect(views.close('beta')).toBe(false);
  });

  it('keeps an open view while a subscription of its own comes and goes', async () => {
    const { views, stopped, finish } = fixture();
    const opened = views.open('alpha');
    await finish();
    await opened;
    const retry = await views.subscribe('alpha');
    retry.release();
    expect(stopped).toEqual([]);
    views.closeAll();
    expect(stopped).toEqual(['alpha#1']);
  });

  it('never keeps a failed start: the next subscriber starts again', async () => {
    const fail = { now: true };
    const { views, started, finish } = fixture(fail);
    const first = expect(views.subscribe('alpha')).rejects.toThrow('list failed');
    await finish();
    await first;
    expect(views.has('alpha')).toBe(false);
    fail.now = false;
    const second = views.subscribe('alpha');
    await finish();
    expect((await second).value).toBe('alpha#1');
    expect(started).toEqual(['alpha#1']);
  });
});
