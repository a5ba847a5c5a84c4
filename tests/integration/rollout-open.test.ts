import { beforeAll, describe, expect, it } from 'vitest';
import type { RolloutView } from '../../electron/core/api/contract';
import { invoke } from './cluster-core';
import { clusterSuite } from './cluster-suite';

/**
 * Opening a rollout view never answers from a cache that has not listed yet: a Deployment that
 * exists is never reported "missing" (the false alarm a second open used to get while the first
 * was still listing), and a close while listing keeps nothing open.
 */
const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE });
const name = `open-twice-${Date.now().toString(36)}`;
const ref = { context: CONTEXT, namespace: NAMESPACE, kind: 'Deployment' as const, name };

beforeAll(async () => {
  await suite.deployment(name, 'registry.invalid/app:1');
  // A warm session: the next opens go straight to listing.
  await invoke(suite.app, 'namespaces:list', { context: CONTEXT });
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Opens the view and, while it is still listing, asks `channel` (a close or a retry) and waits for
 * that answer; `opening` is the open's answer, still to come.
 */
async function askedWhileListing(channel: 'rollout:close' | 'rollout:retry') {
  const opening = invoke(suite.app, 'rollout:open', ref);
  await nextTurn();
  await invoke(suite.app, channel, ref);
  return { opening };
}

describe('rollout:open', () => {
  it('a second open while the first is listing waits for it: the Deployment exists for both', async () => {
    const first = invoke(suite.app, 'rollout:open', ref);
    await nextTurn();
    const second = invoke(suite.app, 'rollout:open', ref);
    const views: RolloutView[] = await Promise.all([first, second]);
    expect(views.map((view) => view.state)).not.toContain('missing');
    expect(views.map((view) => view.desired)).toEqual([1, 1]);
    expect(await invoke(suite.app, 'rollout:close', ref)).toEqual({ closed: true });
  });

  it('a close while listing keeps nothing open; an open after it is live', async () => {
    const closed = await askedWhileListing('rollout:close');
    expect((await closed.opening).state).not.toBe('missing');
    // Nothing is tracked any more: a close now has nothing to close.
    expect(await invoke(suite.app, 'rollout:close', ref)).toEqual({ closed: false });

    const again = await askedWhileListing('rollout:close');
    const reopened = invoke(suite.app, 'rollout:open', ref);
    const [view] = await Promise.all([again.opening, reopened]);
    expect(view.state).not.toBe('missing');
    // The last wish was "open": it is tracked, so this close closes it.
    expect(await invoke(suite.app, 'rollout:close', ref)).toEqual({ closed: true });
  });

  it('a retry while the view is still listing leaves the view open', async () => {
    const { opening } = await askedWhileListing('rollout:retry');
    expect((await opening).state).not.toBe('missing');
    // The user's view is still followed: this close is the one that ends it.
    expect(await invoke(suite.app, 'rollout:close', ref)).toEqual({ closed: true });
  });
});
