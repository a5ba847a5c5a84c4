// @vitest-environment jsdom
/**
 * The live list of one context (useLiveList): only the latest read counts — an answer or an
 * error for a context left meanwhile is dropped, and a context switch mid-request shows the new
 * context only; pushes are taken for the current context only; close() and the end of the
 * owner's scope release the subscription (and tell the back end the context is left).
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import type { EventName, Events, NamespacesList } from '@core/api/contract';
import { useLiveList, type LiveListOptions } from '@renderer/composables/live-list';
import { ApiCallError } from '@renderer/errors';
import { useContextsStore } from '@renderer/stores/contexts';
import { installFakeBridge } from '../fake-bridge';

/** A read answered by the test, per call. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const namespaces = (context: string, names: string[] = []): NamespacesList =>
  ({
    context,
    namespaces: names.map((name) => ({ name })),
    projects: [],
  }) as unknown as NamespacesList;

/** The live list in its own scope (as a store's setup), with reads the test answers. */
function liveList(over: Partial<LiveListOptions<'namespaces:changed'>> = {}) {
  const reads: Array<
    { context: string; refresh: boolean } & ReturnType<typeof deferred<NamespacesList>>
  > = [];
  const read = (context: string, refresh: boolean) => {
    const pending = deferred<NamespacesList>();
    reads.push({ context, refresh, ...pending });
    return pending.promise;
  };
  const scope = effectScope();
  const live = scope.run(() => useLiveList({ event: 'namespaces:changed', read, ...over }))!;
  return { live, reads, scope };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('useLiveList', () => {
  let bridge: ReturnType<typeof installFakeBridge>;
  const subscribers = (event: EventName) => bridge.subscribers(event);
  const push = <E extends EventName>(event: E, payload: Events[E]) => bridge.push(event, payload);

  beforeEach(() => {
    bridge = installFakeBridge({});
    setActivePinia(createPinia());
  });

  it('drops the answer of a context left meanwhile, even when it comes last', async () => {
    const { live, reads } = liveList();
    const alpha = live.load('alpha');
    const beta = live.load('beta');
    reads[1]!.resolve(namespaces('beta', ['b']));
    await beta;
    reads[0]!.resolve(namespaces('alpha', ['a']));
    await alpha;
    expect(live.context.value).toBe('beta');
    expect(live.list.value).toEqual(namespaces('beta', ['b']));
    expect(live.loading.value).toBe(false);
  });

  it('drops the error of a context left meanwhile', async () => {
    const onError = vi.fn();
    const { live, reads } = liveList({ onError });
    const alpha = live.load('alpha');
    const beta = live.load('beta');
    reads[0]!.reject(new ApiCallError({ code: 'CLUSTER_UNREACHABLE', message: 'down' }));
    await alpha;
    expect(live.error.value).toBeNull();
    expect(onError).not.toHaveBeenCalled();
    reads[1]!.resolve(namespaces('beta'));
    await beta;
    expect(live.list.value).toEqual(namespaces('beta'));

    const gamma = live.load('gamma');
    reads[2]!.reject(new ApiCallError({ code: 'CLUSTER_UNREACHABLE', message: 'down' }));
    await gamma;
    expect(live.error.value).toMatchObject({ code: 'CLUSTER_UNREACHABLE', message: 'down' });
    expect(onError).toHaveBeenCalledWith(expect.any(ApiCallError), 'gamma');
  });

  it('switches context mid-request: the old list goes at once, the back end is told, loading until the new answer', async () => {
    const leave = vi.fn(() => Promise.resolve());
    const { live, reads } = liveList({ leave });
    const alpha = live.load('alpha');
    reads[0]!.resolve(namespaces('alpha', ['a']));
    await alpha;
    expect(live.list.value).toEqual(namespaces('alpha', ['a']));

    const refresh = live.load('alpha', true);
    const beta = live.load('beta');
    expect(live.context.value).toBe('beta');
    expect(live.list.value).toBeNull();
    expect(live.loading.value).toBe(true);
    await flush();
    expect(leave).toHaveBeenCalledWith('alpha');
    expect(reads.map((read) => [read.context, read.refresh])).toEqual([
      ['alpha', false],
      ['alpha', true],
      ['beta', false],
    ]);
    reads[1]!.resolve(namespaces('alpha', ['a', 'a2']));
    await refresh;
    expect(live.list.value).toBeNull();
    expect(live.loading.value).toBe(true);
    reads[2]!.resolve(namespaces('beta', ['b']));
    await beta;
    expect(live.list.value).toEqual(namespaces('beta', ['b']));
    expect(live.loading.value).toBe(false);
  });

  it('an older read of the same context is overtaken by the later one', async () => {
    const { live, reads } = liveList();
    const first = live.load('alpha');
    const second = live.load('alpha', true);
    reads[1]!.resolve(namespaces('alpha', ['new']));
    await second;
    reads[0]!.resolve(namespaces('alpha', ['old']));
    await first;
    expect(live.list.value).toEqual(namespaces('alpha', ['new']));
  });

  it('takes pushes of the current context only, and subscribes once', async () => {
    const onList = vi.fn();
    const { live, reads } = liveList({ onList });
    const alpha = live.load('alpha');
    reads[0]!.resolve(namespaces('alpha'));
    await alpha;
    void live.load('alpha', true);
    expect(subscribers('namespaces:changed')).toBe(1);
    push('namespaces:changed', namespaces('beta', ['b']));
    expect(live.list.value).toEqual(namespaces('alpha'));
    push('namespaces:changed', namespaces('alpha', ['pushed']));
    expect(live.list.value).toEqual(namespaces('alpha', ['pushed']));
    live.take(namespaces('beta', ['written']));
    expect(live.list.value).toEqual(namespaces('alpha', ['pushed']));
    expect(onList.mock.calls.map(([list]) => (list as NamespacesList).context)).toEqual([
      'alpha',
      'alpha',
    ]);
  });

  it('close() releases the subscription, drops the read in flight and leaves the context', async () => {
    const leave = vi.fn(() => Promise.resolve());
    const { live, reads } = liveList({ leave });
    const alpha = live.load('alpha');
    expect(subscribers('namespaces:changed')).toBe(1);
    await live.close();
    expect(subscribers('namespaces:changed')).toBe(0);
    expect(leave).toHaveBeenCalledWith('alpha');
    reads[0]!.resolve(namespaces('alpha', ['late']));
    await alpha;
    expect(live.context.value).toBeNull();
    expect(live.list.value).toBeNull();
    expect(live.loading.value).toBe(false);
    push('namespaces:changed', namespaces('alpha', ['pushed']));
    expect(live.list.value).toBeNull();

    // Opened again: subscribed again, once.
    void live.load('alpha');
    expect(subscribers('namespaces:changed')).toBe(1);
  });

  it('the end of the owner’s scope releases the subscription', async () => {
    const { live, reads, scope } = liveList();
    const alpha = live.load('alpha');
    reads[0]!.resolve(namespaces('alpha'));
    await alpha;
    expect(subscribers('namespaces:changed')).toBe(1);
    scope.stop();
    expect(subscribers('namespaces:changed')).toBe(0);
  });

  it('followSelected: loads the selected context now and on every switch, nothing for none', async () => {
    const contexts = useContextsStore();
    contexts.selectedName = 'alpha';
    const { live, reads } = liveList({ followSelected: true });
    await nextTick();
    expect(reads.map((read) => read.context)).toEqual(['alpha']);
    contexts.selectedName = 'beta';
    await nextTick();
    expect(reads.map((read) => read.context)).toEqual(['alpha', 'beta']);
    expect(live.context.value).toBe('beta');
    contexts.selectedName = null;
    await nextTick();
    expect(reads).toHaveLength(2);
    expect(live.context.value).toBeNull();
    expect(live.loading.value).toBe(false);
  });
});
