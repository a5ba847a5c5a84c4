import { describe, expect, it } from 'vitest';
import { createInformer, type ListResult, type Watcher } from '@core/kube/informer';
import { createWriteOverlay } from '@core/registries/write-overlay';

interface Secret {
  metadata: { name: string; namespace: string; resourceVersion: string };
  data?: Record<string, string>;
}
const secret = (name: string, resourceVersion: string, data = resourceVersion): Secret => ({
  metadata: { name, namespace: 'ns', resourceVersion },
  data: { v: data },
});
const versions = (objects: Secret[]) =>
  Object.fromEntries(objects.map((o) => [o.metadata.name, o.metadata.resourceVersion]));

describe('write overlay (pure): read-your-writes without ordering resourceVersions', () => {
  it('keeps a write over older events until the exact resourceVersion arrives', () => {
    const overlay = createWriteOverlay<Secret>();
    // Opaque versions: not numbers, and not in any order a comparison could rely on.
    overlay.written(secret('a', 'zz-write'));
    overlay.observe({ type: 'upserted', object: secret('a', 'zz-before') });
    expect(versions(overlay.view([secret('a', 'zz-before')]))).toEqual({ a: 'zz-write' });
    overlay.observe({ type: 'upserted', object: secret('a', 'zz-write') });
    expect(overlay.pending()).toEqual([]);
    // Confirmed: later changes by others show, even with a "smaller" version string.
    expect(versions(overlay.view([secret('a', 'aa-after')]))).toEqual({ a: 'aa-after' });
  });

  it('shows a created secret before the informer has it, and drops it on DELETED', () => {
    const overlay = createWriteOverlay<Secret>();
    overlay.written(secret('new', '100'));
    expect(versions(overlay.view([secret('other', '5')]))).toEqual({ other: '5', new: '100' });
    overlay.observe({ type: 'deleted', object: secret('new', '101') });
    expect(versions(overlay.view([]))).toEqual({});
  });

  it('hides a deleted secret until the informer reports its DELETED event', () => {
    const overlay = createWriteOverlay<Secret>();
    overlay.deleted('ns', 'gone');
    overlay.observe({ type: 'upserted', object: secret('gone', '7') });
    expect(versions(overlay.view([secret('gone', '7')]))).toEqual({});
    overlay.observe({ type: 'deleted', object: secret('gone', '8') });
    expect(overlay.pending()).toEqual([]);
  });

  it('a list that started after the write settles it; one that started before does not', () => {
    const overlay = createWriteOverlay<Secret>();
    overlay.observe({ type: 'list-start' });
    overlay.written(secret('a', 'w1'));
    overlay.observe({ type: 'listed' });
    expect(overlay.pending()).toEqual(['ns/a']);
    overlay.observe({ type: 'list-start' });
    overlay.written(secret('b', 'w2'));
    overlay.observe({ type: 'listed' });
    expect(overlay.pending()).toEqual(['ns/b']);
  });
});

function scriptedApi() {
  const lists: Array<ListResult<Secret>> = [];
  const watches: Array<(type: string, object: unknown) => void> = [];
  const watcher: Watcher = {
    async watch(_path, _query, onEvent) {
      watches.push(onEvent);
      return { abort() {} };
    },
  };
  const list = () => {
    const next = lists.shift();
    return next ? Promise.resolve(next) : Promise.reject(new Error('connect ECONNREFUSED'));
  };
  return { lists, watches, watcher, list };
}

describe('write overlay fed by an informer', () => {
  it('an older watch event arriving after PullKey wrote does not hide the write', async () => {
    const api = scriptedApi();
    api.lists.push({ items: [secret('a', '9')], metadata: { resourceVersion: '9' } });
    const informer = createInformer<Secret>({ path: '/s', list: api.list, watcher: api.watcher });
    const overlay = createWriteOverlay<Secret>();
    informer.onEvent((event) => overlay.observe(event));
    await informer.ready();
    await new Promise((resolve) => setImmediate(resolve));
    const emit = api.watches[0]!;

    overlay.written(secret('a', '11', 'mine'));
    // Someone else's write (10) was already on its way: it must not replace PullKey's (11).
    emit('MODIFIED', secret('a', '10', 'theirs'));
    expect(overlay.view(informer.objects())[0]?.data).toEqual({ v: 'mine' });
    emit('MODIFIED', secret('a', '11', 'mine'));
    emit('MODIFIED', secret('a', '12', 'later'));
    expect(overlay.view(informer.objects())[0]?.data).toEqual({ v: 'later' });
    informer.stop();
  });
});
