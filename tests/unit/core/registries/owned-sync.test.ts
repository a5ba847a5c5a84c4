/**
 * Sync of a project registry whose copies include ones an engine keeps: those are never written
 * (no replace, no delete); each is reported as provided by the engine (same credentials) or as
 * a named clash, and the default source is a copy PullKey may write.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { RegistriesList } from '@core/api/contract';
import { createEventHub } from '@core/api/events';
import type { KubeSession } from '@core/kube/session';
import { groupRegistries } from '@core/registries/model';
import { createRegistrySync } from '@core/registries/sync';
import { createWriteKit, type WriteDeps } from '@core/registries/write-kit';
import { projectCopy } from './write-fakes';

const NAME = 'regcred';
const REFLECTS = 'reflector.v1.k8s.emberstack.com/reflects';

function secret(
  namespace: string,
  password: string,
  writtenAt: string,
  reflected = false,
): V1Secret {
  const config = { auths: { 'reg.example': { username: 'alice', password } } };
  return projectCopy(namespace, Buffer.from(JSON.stringify(config)).toString('base64'), {
    'pullkey.dev/project-kind': 'pullkey',
    'pullkey.dev/written-at': writtenAt,
    ...(reflected ? { [REFLECTS]: 'registry/regcred' } : {}),
  });
}

function setup(secrets: V1Secret[]) {
  const calls: Array<[string, string]> = [];
  const byNamespace = new Map(secrets.map((item) => [item.metadata!.namespace!, item]));
  const recorded =
    (verb: string) =>
    ({ namespace, body }: { namespace: string; body?: V1Secret }) => {
      calls.push([verb, namespace]);
      return Promise.resolve(body ?? {});
    };
  const session = {
    context: 'alpha',
    call: <T>(request: () => Promise<T>) => request(),
    core: {
      readNamespacedSecret: ({ namespace }: { namespace: string }) =>
        Promise.resolve(byNamespace.get(namespace)!),
      replaceNamespacedSecret: recorded('replace'),
      deleteNamespacedSecret: recorded('delete'),
    },
  } as unknown as KubeSession;
  const namespaces = [...byNamespace.keys()].map((name) => ({
    name,
    projects: { rancher: null, pullkey: 'web' },
  }));
  const deps = {
    clusters: { session: () => Promise.resolve(session) },
    events: createEventHub(),
    members: { record: () => Promise.resolve() },
    credentials: {},
    cacheFor: () => Promise.resolve({ record: () => undefined, forget: () => undefined }),
    list: (): Promise<RegistriesList> =>
      Promise.resolve({
        context: 'alpha',
        groups: groupRegistries(secrets, namespaces as never),
        partial: false,
        note: null,
      }),
  } as unknown as WriteDeps;
  return { calls, sync: createRegistrySync(deps, createWriteKit(deps)) };
}

const run = (sync: ReturnType<typeof setup>['sync']) =>
  sync({ context: 'alpha', operationId: 'op', name: NAME, project: 'web', projectKind: 'pullkey' });

describe('sync with copies an engine keeps', () => {
  it('never writes them: a clash named for other credentials, provided by for the same', async () => {
    const { calls, sync } = setup([
      secret('a', 'new', '2030-01-01T00:00:00Z'),
      secret('b', 'old', '2020-01-01T00:00:00Z'),
      // The newest copy, but Reflector keeps it: not the default source, never written.
      secret('c', 'other', '2031-01-01T00:00:00Z', true),
      secret('d', 'new', '2020-01-01T00:00:00Z', true),
    ]);
    const report = await run(sync);
    const outcome = (namespace: string) =>
      report.results.find((result) => result.namespace === namespace);
    expect(outcome('b')).toMatchObject({ outcome: 'updated' });
    expect(outcome('c')).toMatchObject({
      outcome: 'clash',
      message:
        'kept by Reflector (Reflector source registry/regcred) with other credentials: left in place; change its source',
    });
    expect(outcome('d')).toMatchObject({
      outcome: 'unchanged',
      message: 'provided by Reflector (Reflector source registry/regcred)',
    });
    expect(calls).toEqual([['replace', 'b']]);
  });
});
