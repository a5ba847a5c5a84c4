// @vitest-environment jsdom
/**
 * The in-cluster store: what a context offers is asked once (again on Check again, a failed
 * check not kept); the kept registries are live while open and released on close; the writes
 * name the selected context and the version previewed.
 */
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '@renderer/errors';
import { useInClusterStore } from '@renderer/features/in-cluster/store';
import { installFakeBridge } from '../../fake-bridge';
import { regcredIn } from '../registries/registry-fakes';
import { capability, inClusterView, inClusterWrite, keptIn } from './in-cluster-fakes';

describe('in-cluster store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('opens the context live, follows inCluster:changed, and releases it on close', async () => {
    const bridge = installFakeBridge({
      'inCluster:open': () => inClusterView([]),
      'inCluster:capability': () => capability(),
    });
    const store = useInClusterStore();
    await store.open('alpha');
    expect(store.capability?.offered).toBe(true);
    expect(bridge.subscribers('inCluster:changed')).toBe(1);
    const group = regcredIn('a');
    expect(store.keptOf(group)).toBeNull();

    bridge.push('inCluster:changed', inClusterView([keptIn('a')]));
    expect(store.keptOf(group)?.kept).toBe(1);
    // Another context's push is not this one's.
    bridge.push('inCluster:changed', inClusterView([], 'beta'));
    expect(store.kept).toHaveLength(1);

    await store.close();
    expect(bridge.subscribers('inCluster:changed')).toBe(0);
    expect(bridge.called('inCluster:close').map((call) => call.input)).toEqual([
      { context: 'alpha' },
    ]);
  });

  it('asks the capability once per context; Check again asks again; a failure is not kept', async () => {
    let engine: 'missing' | 'ready' = 'missing';
    let fail = false;
    const bridge = installFakeBridge({
      'inCluster:open': () => inClusterView([]),
      'inCluster:capability': () => {
        if (fail) throw new ApiCallError({ code: 'KUBE_API_ERROR', message: 'no route' });
        return capability({ engine, offered: engine === 'ready' });
      },
    });
    const store = useInClusterStore();
    await store.open('alpha');
    await store.open('alpha');
    expect(bridge.called('inCluster:capability')).toHaveLength(1);
    expect(store.capability?.engine).toBe('missing');

    engine = 'ready';
    const checking = store.check('alpha', true);
    expect(store.checking).toBe(true);
    await checking;
    expect(store.checking).toBe(false);
    expect(store.capability?.offered).toBe(true);

    fail = true;
    await store.check('alpha', true);
    expect(store.capability).toBeNull();
    expect(store.capabilityError).toBe('no route');
    fail = false;
    await store.check('alpha');
    expect(store.capability?.offered).toBe(true);
    expect(store.capabilityError).toBeNull();
  });

  it('writes name the selected context, dry run first, then the version previewed', async () => {
    const bridge = installFakeBridge({
      'inCluster:open': () => inClusterView([]),
      'inCluster:capability': () => capability(),
      'inCluster:keep': () => inClusterWrite(),
      'inCluster:delete': () => inClusterWrite(),
      'inCluster:to-laptop': () => inClusterWrite(),
      'inCluster:sync-now': () => ({ id: 'x', requestedAt: 'now' }),
    });
    const store = useInClusterStore();
    await store.open('alpha');
    const project = { kind: 'pullkey' as const, id: 'p' };
    await store.keep({ project, name: 'regcred' }, true);
    await store.remove('pullkey-p-regcred', '42', false);
    await store.toLaptop('pullkey-p-regcred', null, true);
    expect(await store.syncNow('pullkey-p-regcred', 'regcred')).toBe(true);
    await flushPromises();
    expect(
      bridge.calls.filter(
        (call) =>
          call.channel.startsWith('inCluster:') &&
          !['inCluster:open', 'inCluster:capability'].includes(call.channel),
      ),
    ).toEqual([
      {
        channel: 'inCluster:keep',
        input: { project, name: 'regcred', context: 'alpha', dryRun: true },
      },
      {
        channel: 'inCluster:delete',
        input: { context: 'alpha', id: 'pullkey-p-regcred', resourceVersion: '42', dryRun: false },
      },
      {
        channel: 'inCluster:to-laptop',
        input: { context: 'alpha', id: 'pullkey-p-regcred', dryRun: true },
      },
      { channel: 'inCluster:sync-now', input: { context: 'alpha', id: 'pullkey-p-regcred' } },
    ]);
  });
});
