// @vitest-environment jsdom
/**
 * The registries store owns the registry calls: it follows the selected context, maps a failed
 * list to the contract's error, returns revealed passwords without keeping them, writes with the
 * versions the user saw, retries a rotate in main by (context, namespace, name) and releases its
 * subscriptions when disposed. Driven through a fake `window.pullkey`.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PullkeyBridge, RegistryGroup, RotateTarget, WriteReport } from '@core/api/contract';
import { useContextsStore } from '@renderer/stores/contexts';
import { useRegistriesStore } from '@renderer/features/registries/store';
import { registryCopy, registryGroup } from './registry-fakes';

const CANARY = 'canary-pw-51d0';

let calls: Array<{ channel: string; input: unknown }>;
let answers: Record<string, (input: unknown) => unknown>;
let subscribed: string[];
let released: string[];

function installBridge() {
  calls = [];
  subscribed = [];
  released = [];
  answers = {};
  const invoke = vi.fn(async (channel: string, input?: unknown) => {
    calls.push({ channel, input });
    const answer = answers[channel];
    try {
      return { ok: true, value: answer ? await answer(input) : null };
    } catch (error) {
      const { code, message, details } = error as {
        code: string;
        message: string;
        details?: unknown;
      };
      return { ok: false, error: { code, message, details } };
    }
  });
  window.pullkey = {
    invoke: invoke as unknown as PullkeyBridge['invoke'],
    subscribe: (event: string) => {
      subscribed.push(event);
      return () => released.push(event);
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const callsTo = (channel: string) => calls.filter((call) => call.channel === channel);

const group = registryGroup([registryCopy('team1-dev', { uid: 'u1', resourceVersion: '7' })], {
  id: 'ns/team1-dev/regcred',
  scope: { kind: 'project', project: 'p-1', projectKind: 'rancher' },
  hosts: ['registry.example.com'],
});

const report = (results: WriteReport['results']): WriteReport => ({
  operationId: 'x',
  results,
  warnings: [],
});

describe('registries store', () => {
  beforeEach(() => {
    installBridge();
    setActivePinia(createPinia());
  });

  it('follows the selected context and keeps a failed list as the contract error', async () => {
    answers['registries:list'] = (input) => {
      if ((input as { context: string }).context === 'beta')
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the fake bridge answers a thrown object as the error envelope
        throw { code: 'CLUSTER_FORBIDDEN', message: 'no list', details: { verb: 'list' } };
      return { context: 'alpha', groups: [] };
    };
    const registries = useRegistriesStore();
    useContextsStore().selectedName = 'alpha';
    await flush();
    expect(callsTo('registries:list').map((call) => call.input)).toEqual([
      { context: 'alpha', refresh: false },
    ]);
    expect(registries.list).toEqual({ context: 'alpha', groups: [] });

    useContextsStore().selectedName = 'beta';
    await flush();
    expect(registries.context).toBe('beta');
    expect(registries.list).toBeNull();
    expect(registries.error).toEqual({
      code: 'CLUSTER_FORBIDDEN',
      message: 'no list',
      details: { verb: 'list' },
    });
  });

  it('filters the list by who keeps the copies, with the engines present as choices', async () => {
    const owner = {
      engine: 'reflector',
      engineName: 'Reflector',
      badge: 'Copy of a/b (Reflector)',
    };
    const kept = {
      ...group,
      id: 'ns/team1/kept',
      copies: [{ ...group.copies[0], namespace: 'team1', owner }],
    } as unknown as RegistryGroup;
    answers['registries:list'] = () => ({ context: 'alpha', groups: [group, kept] });
    const registries = useRegistriesStore();
    useContextsStore().selectedName = 'alpha';
    await flush();
    const ids = () => registries.filtered.map((each) => each.id);
    expect(ids()).toEqual([group.id, kept.id]);
    registries.filters.owner = 'none';
    expect(ids()).toEqual([group.id]);
    registries.filters.owner = 'engine';
    expect(ids()).toEqual([kept.id]);
    registries.filters.owner = 'engine:Reflector';
    expect(ids()).toEqual([kept.id]);
    expect(registries.ownerOptions.map((option) => option.label)).toEqual([
      'Kept by PullKey or nobody',
      'Kept by an engine',
      'Kept by Reflector',
    ]);
  });

  it('returns revealed passwords to the caller and keeps none of them', async () => {
    answers['registries:reveal'] = () => ({
      entries: [{ key: 'registry.example.com', username: 'alice', password: CANARY }],
      kubectlCommand: `kubectl … --docker-password=${CANARY}`,
    });
    const registries = useRegistriesStore();
    registries.context = 'alpha';
    const revealed = await registries.reveal('team1-dev', 'regcred');
    expect(JSON.stringify(revealed)).toContain(CANARY);
    expect(callsTo('registries:reveal')[0]?.input).toEqual({
      context: 'alpha',
      namespace: 'team1-dev',
      name: 'regcred',
    });
    expect(JSON.stringify(registries.$state)).not.toContain(CANARY);
  });

  it('edits, deletes and syncs exactly the copies the user saw', async () => {
    answers['registries:edit'] = () => report([]);
    answers['registries:delete'] = () => report([]);
    answers['registries:sync'] = () => report([]);
    const registries = useRegistriesStore();
    registries.context = 'alpha';
    await registries.edit(group, 'registry.example.com', {
      host: 'registry.example.com',
      username: 'alice',
      skipVerify: true,
    });
    await registries.remove(group);
    await registries.sync(group, ['team1-new'], { namespace: 'team1-dev', resourceVersion: '7' });
    expect(callsTo('registries:edit')[0]?.input).toMatchObject({
      context: 'alpha',
      copies: [{ namespace: 'team1-dev', name: 'regcred', resourceVersion: '7' }],
      entryKey: 'registry.example.com',
      skipVerify: true,
    });
    expect(callsTo('registries:delete')[0]?.input).toMatchObject({
      context: 'alpha',
      copies: [{ namespace: 'team1-dev', name: 'regcred', uid: 'u1', resourceVersion: '7' }],
    });
    expect(callsTo('registries:sync')[0]?.input).toMatchObject({
      context: 'alpha',
      name: 'regcred',
      project: 'p-1',
      projectKind: 'rancher',
      confirmJoined: ['team1-new'],
      source: { namespace: 'team1-dev', resourceVersion: '7' },
    });
  });

  it('retries a rotate from the main process by (context, namespace, name), without the password', async () => {
    const target = (context: string, namespace: string): RotateTarget => ({
      context,
      namespace,
      name: 'regcred',
      key: 'registry.example.com',
      resourceVersion: '1',
    });
    // The same "context/namespace/name" text, two secrets (context names may hold "/"): only
    // the one that failed is retried.
    const failedOne = target('a/b', 'c');
    const lookalike = target('a', 'b/c');
    answers['registries:rotate'] = (input) => {
      const { operationId, targets } = input as { operationId: string; targets: RotateTarget[] };
      return {
        ...report(
          targets.map((t) => ({
            context: t.context,
            namespace: t.namespace,
            name: t.name,
            outcome: t.context === 'a/b' ? 'conflict' : 'updated',
          })),
        ),
        operationId,
      };
    };
    answers['registries:rotate-retry'] = (input) => ({
      ...report([]),
      operationId: (input as { retryId: string }).retryId,
    });
    const registries = useRegistriesStore();
    const login = { host: 'registry.example.com', username: 'alice', password: CANARY };
    await registries.rotate(login, [failedOne, lookalike], 'Update password');
    const rotated = callsTo('registries:rotate')[0]?.input as { operationId: string };
    await registries.operation?.retry?.([]);
    expect(callsTo('registries:rotate-retry').map((call) => call.input)).toEqual([
      {
        operationId: rotated.operationId,
        retryId: expect.any(String),
        secrets: [{ context: 'a/b', namespace: 'c', name: 'regcred' }],
      },
    ]);
    expect(JSON.stringify(calls.slice(1))).not.toContain(CANARY);
  });

  it('previews a ServiceAccount change, writes it at the version read, and throws a refusal', async () => {
    answers['serviceaccounts:pull-secret'] = () => ({ resourceVersion: '41' });
    const registries = useRegistriesStore();
    registries.context = 'alpha';
    await registries.serviceAccountPullSecret('team1-dev', 'regcred', true, null);
    await registries.serviceAccountPullSecret('team1-dev', 'regcred', true, {
      resourceVersion: '41',
    });
    expect(callsTo('serviceaccounts:pull-secret').map((call) => call.input)).toEqual([
      { context: 'alpha', namespace: 'team1-dev', secret: 'regcred', enabled: true, dryRun: true },
      {
        context: 'alpha',
        namespace: 'team1-dev',
        secret: 'regcred',
        enabled: true,
        resourceVersion: '41',
        dryRun: false,
      },
    ]);
    answers['serviceaccounts:pull-secret'] = () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the fake bridge answers a thrown object as the error envelope
      throw { code: 'KUBE_CONFLICT', message: 'changed' };
    };
    // The previewed write reports it (usePreviewedWrite), in place for a conflict.
    await expect(
      registries.serviceAccountPullSecret('team1-dev', 'regcred', true, { resourceVersion: '41' }),
    ).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
  });

  it('subscribes once per event and releases its subscriptions when disposed', async () => {
    answers['registries:list'] = () => ({ context: 'alpha', groups: [] });
    const registries = useRegistriesStore();
    await registries.load('alpha');
    await registries.load('alpha', true);
    expect(subscribed.sort()).toEqual(['registries:changed', 'registries:progress']);
    registries.$dispose();
    expect(released.sort()).toEqual(['registries:changed', 'registries:progress']);
  });
});
