/**
 * The copy fix's write: only the entries the kubelet uses for the failing image, as a
 * kubernetes.io/dockerconfigjson secret in kubectl's form, and only while the source secret is
 * the one its dry run read (uid and resourceVersion), else nothing is written.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { channels } from '@core/api/contract';
import type { KubeSession } from '@core/kube/session';
import { copySecret } from '@core/pulls/fixes/fix-writes';

const HOST = 'registry.example.com:5000';
const IMAGE = `${HOST}/team/app:1.0`;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const kubectlEntry = (username: string, password: string) => ({
  username,
  password,
  auth: b64(`${username}:${password}`),
});

function source(auths: Record<string, string>, resourceVersion = '5'): V1Secret {
  const entries = Object.fromEntries(
    Object.entries(auths).map(([key, user]) => [key, kubectlEntry(user, `CANARY-${user}`)]),
  );
  return {
    metadata: { name: 'regcred', namespace: 'team1-qa', uid: 'src-uid', resourceVersion },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(JSON.stringify({ auths: entries })) },
  };
}

function fakeSession(read: () => V1Secret) {
  const created: V1Secret[] = [];
  const session = {
    call: <T>(request: () => Promise<T>) => request(),
    core: {
      readNamespacedSecret: () => Promise.resolve(read()),
      createNamespacedSecret: ({ body }: { body: V1Secret }) => {
        created.push(body);
        return Promise.resolve({ ...body, metadata: { ...body.metadata, resourceVersion: '9' } });
      },
    },
  } as unknown as KubeSession;
  return { session, created };
}

const input = {
  namespace: 'team1-dev',
  name: 'regcred',
  from: 'team1-qa',
  images: [IMAGE],
};

describe('copy the missing secret: what is written', () => {
  it('previews and copies only the entry the kubelet uses, in kubectl form, labelled', async () => {
    const { session, created } = fakeSession(() =>
      source({ [HOST]: 'alice', 'reg-b.example': 'bob', 'ghcr.io': 'bot' }),
    );
    const preview = await copySecret(session, { ...input, dryRun: true });
    expect(preview.source).toEqual({ uid: 'src-uid', resourceVersion: '5' });
    expect(preview.preview).toContain(
      '# Copies 1 of 3 entries: only those the kubelet uses for the failing image; reg-b.example (user bob), ghcr.io (user bot) stay behind.',
    );
    expect(preview.preview).toContain(`#   ${HOST}, user alice`);
    expect(preview.preview).toContain('type: kubernetes.io/dockerconfigjson');
    expect(preview.preview).not.toContain('CANARY');
    expect(preview.warning).toBe(
      `Everyone who can read secrets in namespace team1-dev will be able to read these credentials once copied: ${HOST} (user alice).`,
    );
    expect(created).toEqual([]);

    const written = await copySecret(session, {
      ...input,
      source: preview.source,
      dryRun: false,
    });
    expect(written.written).toBe(true);
    expect(created).toHaveLength(1);
    const copy = created[0]!;
    expect(copy.type).toBe('kubernetes.io/dockerconfigjson');
    expect(copy.metadata).toEqual({
      name: 'regcred',
      namespace: 'team1-dev',
      labels: { 'app.kubernetes.io/managed-by': 'pullkey' },
      annotations: { 'pullkey.dev/copied-from': 'team1-qa/regcred' },
    });
    expect(Object.keys(copy.data!)).toEqual(['.dockerconfigjson']);
    const config: unknown = JSON.parse(
      Buffer.from(copy.data!['.dockerconfigjson']!, 'base64').toString('utf8'),
    );
    expect(config).toEqual({ auths: { [HOST]: kubectlEntry('alice', 'CANARY-alice') } });
  });

  it('copies a legacy .dockercfg source as a dockerconfigjson secret', async () => {
    const legacy: V1Secret = {
      metadata: { name: 'regcred', namespace: 'team1-qa', uid: 'src-uid', resourceVersion: '5' },
      type: 'kubernetes.io/dockercfg',
      data: { '.dockercfg': b64(JSON.stringify({ [HOST]: kubectlEntry('alice', 'CANARY-a') })) },
    };
    const { session, created } = fakeSession(() => legacy);
    await copySecret(session, {
      ...input,
      source: { uid: 'src-uid', resourceVersion: '5' },
      dryRun: false,
    });
    expect(created[0]?.type).toBe('kubernetes.io/dockerconfigjson');
    expect(Object.keys(created[0]!.data!)).toEqual(['.dockerconfigjson']);
  });

  it('writes nothing when the source changed since the preview (a new entry, or recreated)', async () => {
    let current = source({ [HOST]: 'alice' });
    const { session, created } = fakeSession(() => current);
    const preview = await copySecret(session, { ...input, dryRun: true });
    current = source({ [HOST]: 'alice', 'reg-b.example': 'bob' }, '6');
    await expect(
      copySecret(session, { ...input, source: preview.source, dryRun: false }),
    ).rejects.toMatchObject({
      code: 'KUBE_CONFLICT',
      message: expect.stringContaining('changed since you saw it: nothing was copied'),
    });
    current = { ...source({ [HOST]: 'alice' }), metadata: { ...current.metadata, uid: 'other' } };
    current.metadata!.resourceVersion = '5';
    await expect(
      copySecret(session, { ...input, source: preview.source, dryRun: false }),
    ).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
    expect(created).toEqual([]);
  });

  it('the contract refuses a write without the source version from the dry run', () => {
    const schema = channels['pulls:copy-secret'].input;
    const base = { ...input, context: 'alpha' };
    expect(schema.safeParse({ ...base, dryRun: true }).success).toBe(true);
    expect(schema.safeParse({ ...base, dryRun: false }).success).toBe(false);
    expect(
      schema.safeParse({ ...base, source: { uid: 'u', resourceVersion: '5' }, dryRun: false })
        .success,
    ).toBe(true);
    expect(
      schema.safeParse({
        ...base,
        source: { uid: 'u', resourceVersion: '5', extra: 1 },
        dryRun: false,
      }).success,
    ).toBe(false);
  });
});
