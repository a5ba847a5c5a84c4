/**
 * Cancel of a delete and of a sync (`registries:cancel`), through the real write kit with a
 * controlled API: every call a target starts with is held until the test releases it, so the
 * cancel lands while 16 targets (the write concurrency) are under way and the rest wait. Those
 * under way finish with their real outcome, the others come back "cancelled" naming their
 * context/namespace/name, nothing is written for them, and a cancel after the end changes nothing.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import type { RegistryCopy, RegistryGroup } from '@core/api/contract';
import type { KubeSession } from '@core/kube/session';
import { MANAGED_BY_VALUE } from '@core/kube/labels';
import { toCopy } from '@core/registries/model';
import { dockerLogin } from '../../../kit/manifests';
import { CONTEXT, NAME, projectCopy, writeApp } from './write-fakes';

/** The kit's WRITE_CONCURRENCY: this many targets are under way at once. */
const CONCURRENCY = 16;

const secret = (namespace: string, password = 'old'): V1Secret =>
  projectCopy(namespace, NAME, { auths: { 'reg.example': dockerLogin('alice', password) } });

/**
 * A fake API whose first call per target (read or create) is held until released; the calls
 * after it (replace, delete) answer at once. Records every call.
 */
function heldApi(free: (namespace: string) => boolean = () => false) {
  const held: Array<() => void> = [];
  const calls: Array<[string, string]> = [];
  const hold = async (verb: string, namespace: string) => {
    calls.push([verb, namespace]);
    if (!free(namespace)) await new Promise<void>((resolve) => held.push(resolve));
  };
  const session = {
    context: CONTEXT,
    call: <T>(request: () => Promise<T>) => request(),
    core: {
      readNamespacedSecret: async ({ namespace }: { namespace: string }) => {
        await hold('read', namespace);
        return secret(namespace, namespace === 'ns-00' ? 'new' : 'old');
      },
      createNamespacedSecret: async ({
        namespace,
        body,
      }: {
        namespace: string;
        body: V1Secret;
      }) => {
        await hold('create', namespace);
        return body;
      },
      replaceNamespacedSecret: ({ namespace, body }: { namespace: string; body: V1Secret }) => {
        calls.push(['replace', namespace]);
        return Promise.resolve(body);
      },
      deleteNamespacedSecret: ({ namespace }: { namespace: string }) => {
        calls.push(['delete', namespace]);
        return Promise.resolve({});
      },
    },
  } as unknown as KubeSession;
  /** Releases the held calls, oldest first (all when `count` is omitted). */
  const release = (count = held.length) => held.splice(0, count).forEach((resolve) => resolve());
  return { session, held, calls, release };
}

const setup = (api: ReturnType<typeof heldApi>, group?: RegistryGroup) =>
  writeApp(api.session, group);

const namespaces = (count: number, from = 0) =>
  Array.from({ length: count }, (_, at) => `ns-${String(from + at).padStart(2, '0')}`);
const seen = (namespace: string) => ({
  namespace,
  name: NAME,
  uid: `uid-${namespace}`,
  resourceVersion: `rv-${namespace}`,
});
const outcomes = (results: Array<{ namespace: string; outcome: string }>) =>
  Object.fromEntries(results.map((result) => [result.namespace, result.outcome]));

/** Cancels `operationId` as soon as the first target ends (from its progress event). */
function cancelAtFirstResult(app: ReturnType<typeof setup>, operationId: string) {
  const answers: Array<{ cancelled: boolean }> = [];
  app.events.listen((event) => {
    if (event === 'registries:progress' && !answers.length)
      answers.push(app.kit.cancel(operationId));
  });
  return answers;
}

describe('cancelling a delete', () => {
  it('mid-way: those under way are deleted, the rest stay and are reported "cancelled"', async () => {
    const api = heldApi();
    const app = setup(api);
    const copies = namespaces(20).map(seen);
    const answers = cancelAtFirstResult(app, 'op-del');
    const running = app.writes.remove(CONTEXT, 'op-del', copies);
    await vi.waitFor(() => expect(api.held).toHaveLength(CONCURRENCY));
    api.release(1);
    await vi.waitFor(() => expect(answers).toEqual([{ cancelled: true }]));
    api.release();
    const report = await running;

    // One outcome per copy, in order: the 16 started were deleted, the 4 waiting were not.
    expect(report.results.map((result) => result.namespace)).toEqual(namespaces(20));
    expect(outcomes(report.results)).toEqual({
      ...Object.fromEntries(namespaces(16).map((namespace) => [namespace, 'deleted'])),
      ...Object.fromEntries(namespaces(4, 16).map((namespace) => [namespace, 'cancelled'])),
    });
    expect(report.results.slice(16)).toEqual(
      namespaces(4, 16).map((namespace) => ({
        context: CONTEXT,
        namespace,
        name: NAME,
        outcome: 'cancelled',
        message: 'cancelled before it started',
      })),
    );
    expect(api.calls.filter(([verb]) => verb === 'delete').map(([, ns]) => ns)).toEqual(
      namespaces(16),
    );
    expect(api.calls.some(([, namespace]) => namespaces(4, 16).includes(namespace))).toBe(false);
    // Progress: one event per copy, the last one says 20 of 20.
    expect(app.progress).toHaveLength(20);
    expect(app.progress.at(-1)).toMatchObject({ operationId: 'op-del', done: 20, total: 20 });
  });

  it('a cancel after it finished changes nothing, and the next delete runs in full', async () => {
    const api = heldApi(() => true);
    const app = setup(api);
    const first = await app.writes.remove(CONTEXT, 'op-done', namespaces(3).map(seen));
    expect(first.results.map((result) => result.outcome)).toEqual([
      'deleted',
      'deleted',
      'deleted',
    ]);
    expect(app.kit.cancel('op-done')).toEqual({ cancelled: true });
    expect(app.kit.cancel('op-done')).toEqual({ cancelled: false });
    expect(first.results.map((result) => result.outcome)).toEqual([
      'deleted',
      'deleted',
      'deleted',
    ]);
    const next = await app.writes.remove(CONTEXT, 'op-next', namespaces(2, 3).map(seen));
    expect(next.results.map((result) => result.outcome)).toEqual(['deleted', 'deleted']);
  });

  it('cancelled before it starts: no call at all, every copy "cancelled"', async () => {
    const api = heldApi(() => true);
    const app = setup(api);
    app.kit.cancel('op-early');
    const report = await app.writes.remove(CONTEXT, 'op-early', namespaces(3).map(seen));
    expect(report.results.map((result) => [result.namespace, result.outcome])).toEqual(
      namespaces(3).map((namespace) => [namespace, 'cancelled']),
    );
    expect(api.calls).toEqual([]);
  });
});

describe('cancelling a sync', () => {
  // ns-00 is the source (newest); ns-01…ns-11 are stale, ns-12…ns-17 have no copy yet, and
  // gone-1, gone-2 left the project: 6 creates, 11 updates, 2 deletes = 19 steps.
  const present = [...namespaces(12), 'gone-1', 'gone-2'];
  const sourceHash = toCopy(secret('ns-00', 'new')).contentHash;
  const copy = (namespace: string): RegistryCopy => ({
    ...seen(namespace),
    createdAt: null,
    writtenAt: namespace === 'ns-00' ? '2030-01-01T00:00:00Z' : '2020-01-01T00:00:00Z',
    managedBy: MANAGED_BY_VALUE,
    contentHash: namespace === 'ns-00' ? sourceHash : 'stale',
    entries: [],
    invalid: null,
  });
  const group = {
    id: 'project/web/regcred',
    name: NAME,
    scope: { kind: 'project', project: 'web', projectKind: 'pullkey' },
    copies: present.map(copy),
    sync: {
      inSync: 1,
      total: 18,
      missing: namespaces(6, 12),
      orphaned: ['gone-1', 'gone-2'],
      stale: namespaces(11, 1),
      joined: [],
    },
  } as unknown as RegistryGroup;
  const input = (operationId: string) => ({
    context: CONTEXT,
    operationId,
    name: NAME,
    project: 'web',
    projectKind: 'pullkey' as const,
    copies: present.map(seen),
  });

  it('mid-way: steps under way finish, the rest leave their namespace as it was ("cancelled")', async () => {
    // The source is read before any step starts: not held.
    let sourceRead = false;
    const api = heldApi((namespace) => {
      if (namespace !== 'ns-00' || sourceRead) return false;
      sourceRead = true;
      return true;
    });
    const app = setup(api, group);
    const answers = cancelAtFirstResult(app, 'op-sync');
    const running = app.sync(input('op-sync'));
    await vi.waitFor(() => expect(api.held).toHaveLength(CONCURRENCY));
    api.release(1);
    await vi.waitFor(() => expect(answers).toEqual([{ cancelled: true }]));
    api.release();
    const report = await running;

    // Creates first, then updates, then deletes: the first 16 ran, the last 3 did not.
    const steps = [...namespaces(6, 12), ...namespaces(11, 1), 'gone-1', 'gone-2'];
    expect(report.results.map((result) => result.namespace)).toEqual(steps);
    expect(report.results.map((result) => result.outcome)).toEqual([
      ...Array<string>(6).fill('created'),
      ...Array<string>(10).fill('updated'),
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(report.results.slice(16)).toEqual(
      ['ns-11', 'gone-1', 'gone-2'].map((namespace) => ({
        context: CONTEXT,
        namespace,
        name: NAME,
        outcome: 'cancelled',
        message: 'cancelled before it started',
      })),
    );
    const touched = (verb: string) => api.calls.filter(([v]) => v === verb).map(([, ns]) => ns);
    expect(touched('create')).toEqual(namespaces(6, 12));
    expect(touched('replace')).toEqual(namespaces(10, 1));
    expect(touched('delete')).toEqual([]);
    expect(api.calls.some(([, ns]) => ['ns-11', 'gone-1', 'gone-2'].includes(ns))).toBe(false);
    expect(app.progress).toHaveLength(19);
  });

  it('a cancel after it finished changes nothing, and a later sync runs in full', async () => {
    const app = setup(
      heldApi(() => true),
      group,
    );
    const first = await app.sync(input('op-sync-done'));
    expect(first.results.filter((result) => result.outcome === 'cancelled')).toEqual([]);
    expect(first.results).toHaveLength(19);
    expect(app.kit.cancel('op-sync-done')).toEqual({ cancelled: true });
    const again = await app.sync(input('op-sync-next'));
    expect(again.results.filter((result) => result.outcome === 'cancelled')).toEqual([]);
    expect(again.results).toHaveLength(19);
  });
});
