/**
 * The Pull doctor and a pod's pull secret kept by an engine (here External Secrets, with the
 * controller reference ESO writes): the evidence names the engine and its source, the report
 * says so without a credential, editing or rewriting the copy is not offered (a note says where
 * to change the source), and the rewrite fix refuses it in core too. An unowned secret keeps
 * its fixes.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { PullFailure } from '@core/api/contract';
import type { KubeSession } from '@core/kube/session';
import { buildDetail } from '@core/pulls/diagnosis/evidence';
import { rewriteSecret } from '@core/pulls/fixes/fix-writes';
import { foldFailing } from '@core/pulls/live/fold';
import type { SecretLookup } from '@core/pulls/model/pod-secrets';
import { failingPod } from '../failing-pod';

const HOST = 'registry.example.com:5000';
const IMAGE = `${HOST}/team/app:1.0`;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const esoRef = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  name: 'pull',
  uid: 'u1',
  controller: true,
};

function regcred(owned: boolean): V1Secret {
  const auth = { username: 'alice', password: 'CANARY-pw', auth: b64('alice:CANARY-pw') };
  return {
    metadata: {
      name: 'regcred',
      namespace: 'team1',
      resourceVersion: '5',
      ...(owned ? { ownerReferences: [esoRef] } : {}),
    },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { [HOST]: auth } })) },
  };
}

const pod = failingPod({
  name: 'web-1',
  namespace: 'team1',
  image: IMAGE,
  secrets: ['regcred'],
  message: 'failed to authorize: failed to fetch oauth token: 401 Unauthorized',
});

function detailWith(secret: V1Secret) {
  const lookup: SecretLookup = () => secret;
  const [failure] = foldFailing({
    context: 'alpha',
    pods: [pod],
    owners: new Map(),
    secret: lookup,
  });
  return buildDetail({
    ref: { context: 'alpha', namespace: 'team1', kind: 'Pod', name: 'web-1' },
    failure: failure as PullFailure,
    latent: null,
    pod,
    serviceAccount: { metadata: { name: 'default' } },
    nodes: [],
    events: [],
    templateSecrets: ['regcred'],
    secret: lookup,
  });
}

describe('the Pull doctor names an engine-owned pull secret', () => {
  it('says who keeps it, offers no edit of the copy, and notes where the source is', () => {
    const detail = detailWith(regcred(true));
    expect(detail.failure?.diagnosis.kind).toBe('credentials-rejected');
    const [owned] = detail.sources?.ownedSecrets ?? [];
    expect(owned?.evidence).toBe(
      'regcred is kept by External Secrets (ExternalSecret team1/pull): fix the source, not the copy.',
    );
    expect(owned?.note).toMatch(
      /^PullKey does not rewrite or edit regcred: change its credentials at ExternalSecret team1\/pull \(External Secrets\)\./,
    );
    expect(detail.fixes).not.toContain('edit-registry');
    expect(detail.report).toContain('- regcred is kept by External Secrets');
    expect(JSON.stringify(detail)).not.toContain('CANARY');
  });

  it('an unowned secret keeps its edit fix and gets no owner line', () => {
    const detail = detailWith(regcred(false));
    expect(detail.sources?.ownedSecrets).toBeUndefined();
    expect(detail.fixes).toContain('edit-registry');
  });

  it('the rewrite fix refuses a copy an engine keeps, before writing', async () => {
    const writes: unknown[] = [];
    const session = {
      call: <T>(request: () => Promise<T>) => request(),
      core: {
        readNamespacedSecret: () => Promise.resolve(regcred(true)),
        replaceNamespacedSecret: (body: unknown) => {
          writes.push(body);
          return Promise.resolve({});
        },
      },
    } as unknown as KubeSession;
    await expect(
      rewriteSecret(session, { namespace: 'team1', name: 'regcred', dryRun: true }),
    ).rejects.toMatchObject({ code: 'OWNED_BY_ENGINE' });
    expect(writes).toEqual([]);
  });
});
