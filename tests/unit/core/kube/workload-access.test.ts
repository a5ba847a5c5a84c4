/**
 * Read and patch a workload by kind: each kind reaches its own typed client (apps, batch, core),
 * through the session, and every patch carries PullKey's field manager and the patch type asked.
 */
import { describe, expect, it } from 'vitest';
import type { KubeSession } from '@core/kube/session';
import { FIELD_MANAGER } from '@core/kube/field-manager';
import { workloadAccess, type WorkloadKind } from '@core/kube/workload-access';

interface Seen {
  api: string;
  method: string;
  param: Record<string, unknown>;
  options?: unknown;
}

function fakeSession() {
  const seen: Seen[] = [];
  let calls = 0;
  let batchClients = 0;
  const client = (api: string) =>
    new Proxy(
      {},
      {
        get: (_target, method: string) => (param: Record<string, unknown>, options?: unknown) => {
          seen.push({ api, method, param, options });
          return Promise.resolve({ metadata: { name: param.name } });
        },
      },
    );
  const batch = client('batch');
  const session = {
    call: <T>(request: () => Promise<T>) => {
      calls++;
      return request();
    },
    apps: client('apps'),
    core: client('core'),
    kubeConfig: {
      makeApiClient: () => {
        batchClients++;
        return batch;
      },
    },
  } as unknown as KubeSession;
  return { session, seen, calls: () => calls, batchClients: () => batchClients };
}

const kinds: Array<[WorkloadKind, string, string]> = [
  ['Deployment', 'apps', 'Deployment'],
  ['StatefulSet', 'apps', 'StatefulSet'],
  ['DaemonSet', 'apps', 'DaemonSet'],
  ['ReplicaSet', 'apps', 'ReplicaSet'],
  ['Job', 'batch', 'Job'],
  ['CronJob', 'batch', 'CronJob'],
  ['Pod', 'core', 'Pod'],
];

describe('workloadAccess', () => {
  it.each(kinds)(
    '%s: read and patch go to the %s client, through the session',
    async (kind, api, suffix) => {
      const fake = fakeSession();
      const access = workloadAccess(fake.session, kind, 'shop', 'web');
      expect(await access.read()).toEqual({ metadata: { name: 'web' } });
      await access.patch({ spec: {} }, 'merge');
      expect(fake.seen.map(({ api: used, method }) => [used, method])).toEqual([
        [api, `readNamespaced${suffix}`],
        [api, `patchNamespaced${suffix}`],
      ]);
      expect(fake.seen[0]!.param).toEqual({ name: 'web', namespace: 'shop' });
      expect(fake.seen[1]!.param).toEqual({
        name: 'web',
        namespace: 'shop',
        body: { spec: {} },
        fieldManager: FIELD_MANAGER,
      });
      expect(fake.calls()).toBe(2);
    },
  );

  it('sends the patch type asked as the Content-Type', async () => {
    const fake = fakeSession();
    const access = workloadAccess(fake.session, 'Deployment', 'shop', 'web');
    for (const type of ['merge', 'json', 'strategic'] as const) await access.patch([], type);
    const contentTypes = fake.seen.map(({ options }) => {
      const headers: Record<string, string> = {};
      const request = { setHeaderParam: (key: string, value: string) => (headers[key] = value) };
      for (const middleware of (options as { middleware: Array<{ pre: (r: unknown) => unknown }> })
        .middleware)
        middleware.pre(request);
      return headers['Content-Type'];
    });
    expect(contentTypes).toEqual([
      'application/merge-patch+json',
      'application/json-patch+json',
      'application/strategic-merge-patch+json',
    ]);
  });

  it('makes one batch client per session', async () => {
    const fake = fakeSession();
    await workloadAccess(fake.session, 'Job', 'shop', 'a').read();
    await workloadAccess(fake.session, 'CronJob', 'shop', 'b').read();
    expect(fake.batchClients()).toBe(1);
  });
});
