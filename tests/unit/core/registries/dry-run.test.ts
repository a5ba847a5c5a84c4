/**
 * Registry writes across namespaces as one previewed write (`RegistryFanOut`): with `dryRun`
 * every request to the API server asks for a server-side dry run, nothing is recorded, verified
 * or kept, no progress is sent, and each namespace answers what would change and the version
 * read; the write answers what was written and the version the API server wrote.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { RegistryGroup } from '@core/api/contract';
import type { KubeSession } from '@core/kube/session';
import { toCopy } from '@core/registries/model';
import { CONTEXT, NAME, projectCopy, writeApp } from './write-fakes';

const config = (password: string) => ({
  auths: { 'reg.example': { username: 'alice', password } },
});

const secret = (namespace: string, password = 'old'): V1Secret =>
  projectCopy(namespace, NAME, config(password), {
    'pullkey.dev/written-at': `2026-01-0${password === 'new' ? 2 : 1}T00:00:00Z`,
  });

/** A fake API server: a write answers the next version; every call is recorded with its dryRun. */
function fakeApi(existing: Record<string, V1Secret> = {}) {
  const calls: Array<{ verb: string; namespace: string; dryRun: string | undefined }> = [];
  let version = 100;
  const written = (body: V1Secret, dryRun?: string): V1Secret =>
    dryRun ? body : { ...body, metadata: { ...body.metadata, resourceVersion: String(++version) } };
  type Request = { namespace: string; body: V1Secret; dryRun?: string };
  const session = {
    context: CONTEXT,
    call: <T>(request: () => Promise<T>) => request(),
    core: {
      readNamespacedSecret: ({ namespace }: { namespace: string }) => {
        calls.push({ verb: 'read', namespace, dryRun: undefined });
        return Promise.resolve(existing[namespace] ?? secret(namespace));
      },
      createNamespacedSecret: ({ namespace, body, dryRun }: Request) => {
        calls.push({ verb: 'create', namespace, dryRun });
        return Promise.resolve(written(body, dryRun));
      },
      replaceNamespacedSecret: ({ namespace, body, dryRun }: Request) => {
        calls.push({ verb: 'replace', namespace, dryRun });
        return Promise.resolve(written(body, dryRun));
      },
      deleteNamespacedSecret: ({ namespace, dryRun }: { namespace: string; dryRun?: string }) => {
        calls.push({ verb: 'delete', namespace, dryRun });
        return Promise.resolve({});
      },
    },
  } as unknown as KubeSession;
  return { session, calls };
}

const setup = (api: ReturnType<typeof fakeApi>, group?: RegistryGroup) =>
  writeApp(api.session, group, { namespaces: ['web-1', 'web-2'] });

const login = { host: 'reg.example', username: 'alice', password: 'new' };
/** Creates regcred in web-1 (`dryRun`: the dry run only). */
const createInWeb1 = (app: ReturnType<typeof setup>, operationId: string, dryRun?: boolean) =>
  app.writes.create({
    context: CONTEXT,
    operationId,
    name: NAME,
    scope: { kind: 'namespace', namespace: 'web-1' },
    ...login,
    ...(dryRun ? { dryRun } : {}),
  });

describe('registry writes with dryRun', () => {
  it('create: a dry run per namespace, nothing recorded, verified or kept, no progress', async () => {
    const api = fakeApi();
    const app = setup(api);
    const answer = await createInWeb1(app, 'op-1', true);
    expect(api.calls).toEqual([{ verb: 'create', namespace: 'web-1', dryRun: 'All' }]);
    expect(app.cache.record).not.toHaveBeenCalled();
    expect(app.members.record).not.toHaveBeenCalled();
    expect(app.credentials.verify).not.toHaveBeenCalled();
    expect(app.credentials.remember).not.toHaveBeenCalled();
    expect(app.tls.remember).not.toHaveBeenCalled();
    expect(app.progress).toEqual([]);
    expect(answer.results).toEqual([
      { context: CONTEXT, namespace: 'web-1', name: NAME, outcome: 'created' },
    ]);
    expect(answer).toMatchObject({
      written: false,
      resourceVersion: null,
      preview: 'web-1: create secret regcred',
      targets: [
        {
          namespace: 'web-1',
          name: NAME,
          written: false,
          resourceVersion: null,
          preview: 'web-1: create secret regcred',
        },
      ],
    });
  });

  it('create and edit: the dry run shows the secret as it would be written, password masked', async () => {
    const app = setup(fakeApi());
    const created = await createInWeb1(app, 'op-7', true);
    expect(created.secret).toMatchObject({ namespace: 'web-1', name: NAME });
    expect(created.secret?.maskedConfig).toContain('reg.example');
    expect(created.secret?.maskedConfig).not.toContain('"new"');
    expect(created.secret?.kubectlCommand).toContain(
      `create secret docker-registry ${NAME} --namespace web-1 --docker-server=reg.example --docker-username=alice --docker-password="$REGISTRY_PASSWORD"`,
    );
    const copies = [{ namespace: 'web-1', name: NAME, resourceVersion: 'rv-web-1' }];
    const edited = await app.writes.edit({
      context: CONTEXT,
      operationId: 'op-8',
      copies,
      ...login,
      dryRun: true,
    });
    expect(edited.secret).toMatchObject({ namespace: 'web-1', name: NAME });
    expect(edited.secret?.maskedConfig).not.toContain('"new"');
    const wrote = await createInWeb1(app, 'op-9');
    expect(wrote.secret).toBeUndefined();
  });

  it('create: the write answers the version the API server wrote in each namespace', async () => {
    const api = fakeApi();
    const app = setup(api);
    const answer = await createInWeb1(app, 'op-2');
    expect(api.calls).toEqual([{ verb: 'create', namespace: 'web-1', dryRun: undefined }]);
    expect(app.credentials.verify).toHaveBeenCalledOnce();
    expect(app.progress).toHaveLength(1);
    expect(answer.written).toBe(true);
    expect(answer.targets).toEqual([
      {
        namespace: 'web-1',
        name: NAME,
        written: true,
        resourceVersion: '101',
        preview: 'web-1: created secret regcred',
      },
    ]);
  });

  it('edit: the dry run answers the version read; the write the version written', async () => {
    const api = fakeApi();
    const app = setup(api);
    const input = {
      context: CONTEXT,
      operationId: 'op-3',
      copies: [{ namespace: 'web-1', name: NAME, resourceVersion: 'rv-web-1' }],
      ...login,
    };
    const dry = await app.writes.edit({ ...input, dryRun: true });
    expect(api.calls.filter((call) => call.verb === 'replace')).toEqual([
      { verb: 'replace', namespace: 'web-1', dryRun: 'All' },
    ]);
    expect(app.cache.record).not.toHaveBeenCalled();
    expect(dry.targets).toEqual([
      expect.objectContaining({ written: false, resourceVersion: 'rv-web-1' }),
    ]);
    const wrote = await app.writes.edit({ ...input, operationId: 'op-4' });
    expect(wrote.targets).toEqual([
      expect.objectContaining({ written: true, resourceVersion: '101' }),
    ]);
    expect(app.cache.record).toHaveBeenCalledOnce();
  });

  it('delete: the dry run deletes nothing and keeps the cache; answers the version read', async () => {
    const api = fakeApi();
    const app = setup(api);
    const copy = { namespace: 'web-1', name: NAME, uid: 'uid-web-1', resourceVersion: 'rv-web-1' };
    const dry = await app.writes.remove(CONTEXT, 'op-5', [copy], true);
    expect(api.calls.filter((call) => call.verb === 'delete')).toEqual([
      { verb: 'delete', namespace: 'web-1', dryRun: 'All' },
    ]);
    expect(app.cache.forget).not.toHaveBeenCalled();
    expect(dry.results.map((result) => result.outcome)).toEqual(['deleted']);
    expect(dry.targets[0]).toMatchObject({
      written: false,
      resourceVersion: 'rv-web-1',
      preview: 'web-1: delete secret regcred',
    });
  });

  it('sync: every step a dry run, the members not recorded; then the write', async () => {
    const current = secret('web-1', 'new');
    const stale = secret('web-2', 'old');
    const api = fakeApi({ 'web-1': current, 'web-2': stale });
    const copies = [toCopy(current), toCopy(stale)];
    const group = {
      name: NAME,
      scope: { kind: 'project', project: 'web', projectKind: 'pullkey' },
      copies,
      sync: { missing: [], orphaned: [], joined: [] },
    } as unknown as RegistryGroup;
    const app = setup(api, group);
    const input = {
      context: CONTEXT,
      operationId: 'op-6',
      name: NAME,
      project: 'web',
      projectKind: 'pullkey' as const,
      source: { namespace: 'web-1', resourceVersion: 'rv-web-1' },
    };
    const dry = await app.sync({ ...input, dryRun: true });
    expect(api.calls.filter((call) => call.verb === 'replace')).toEqual([
      { verb: 'replace', namespace: 'web-2', dryRun: 'All' },
    ]);
    expect(app.members.record).not.toHaveBeenCalled();
    expect(dry.targets).toEqual([
      {
        namespace: 'web-2',
        name: NAME,
        written: false,
        resourceVersion: 'rv-web-2',
        preview: 'web-2: update secret regcred',
      },
    ]);
    const wrote = await app.sync({ ...input, operationId: 'op-7' });
    expect(wrote.targets[0]).toMatchObject({ written: true, resourceVersion: '101' });
    expect(app.members.record).toHaveBeenCalledOnce();
  });
});
