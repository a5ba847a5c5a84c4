/** A kept registry's row state, from ESO's status on the CES, its ExternalSecrets and the store. */
import { describe, expect, it } from 'vitest';
import { foldKept, type FoldInput } from '@core/eso/fold';
import type { ClusterExternalSecretObject, ExternalSecretObject } from '@core/eso/objects';

const t0 = Date.parse('2026-12-07T02:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ready = (status: 'True' | 'False', reason = 'SecretSynced', message = 'secret synced') => [
  { type: 'Ready', status, reason, message },
];

function ces(
  status?: ClusterExternalSecretObject['status'],
  annotations = {},
): ClusterExternalSecretObject {
  return {
    metadata: {
      name: 'regcred-pullkey-team1',
      creationTimestamp: iso(t0),
      resourceVersion: '7',
      labels: { 'pullkey.dev/registry': 'regcred', 'pullkey.dev/project': 'team1' },
      annotations: { 'pullkey.dev/project-kind': 'pullkey', ...annotations },
    },
    spec: {
      namespaceSelectors: [{ matchLabels: { 'pullkey.dev/project': 'team1' } }],
      externalSecretSpec: {
        refreshInterval: '10s',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'pullkey-pullkey-team1' },
        target: { name: 'regcred' },
        dataFrom: [{ extract: { key: 'regcred-pullkey-team1' } }],
      },
    },
    ...(status ? { status } : {}),
  };
}
const es = (
  namespace: string,
  conditions?: ReturnType<typeof ready>,
  refreshTime?: string,
): ExternalSecretObject => ({
  metadata: { name: 'regcred-pullkey-team1', namespace },
  status: { ...(conditions ? { conditions } : {}), ...(refreshTime ? { refreshTime } : {}) },
});
const store = {
  metadata: { name: 'pullkey-pullkey-team1' },
  spec: { provider: { kubernetes: { remoteNamespace: 'pullkey-system' } } },
  status: { conditions: ready('True', 'Valid', 'store validated') },
};

function input(over: Partial<FoldInput>): FoldInput {
  return {
    ces: ces(),
    externalSecrets: new Map(),
    store,
    secrets: new Set(),
    now: t0 + 5_000,
    ...over,
  };
}

describe('foldKept', () => {
  it('every namespace Ready with its secret: kept, refreshed at the oldest refresh', () => {
    const row = foldKept(
      input({
        ces: ces({ provisionedNamespaces: ['a', 'b'], conditions: ready('True') }),
        externalSecrets: new Map([
          ['a', es('a', ready('True'), iso(t0 + 2000))],
          ['b', es('b', ready('True'), iso(t0 + 1000))],
        ]),
        secrets: new Set(['a/regcred', 'b/regcred']),
      }),
    );
    expect(row).toMatchObject({
      id: 'regcred-pullkey-team1',
      name: 'regcred',
      project: { kind: 'pullkey', id: 'team1' },
      source: { namespace: 'pullkey-system', name: 'regcred-pullkey-team1' },
      state: 'kept',
      kept: 2,
      total: 2,
      refreshedAt: iso(t0 + 1000),
      summary: 'Kept by External Secrets — 2/2 namespaces',
      store: { ready: true },
    });
  });

  it('provisioned is not kept: Ready but no secret, or no status yet', () => {
    const row = foldKept(
      input({
        ces: ces({ provisionedNamespaces: ['a', 'b'], conditions: ready('True') }),
        externalSecrets: new Map([
          ['a', es('a', ready('True'), iso(t0))],
          ['b', es('b')],
        ]),
      }),
    );
    expect(row.namespaces.map((n) => n.state)).toEqual(['no-secret', 'waiting']);
    expect(row.kept).toBe(0);
    expect(row.state).toBe('failing');
    expect(row.summary).toContain('a: the secret is missing');
  });

  it('a failing ExternalSecret and a CES failed namespace show their reasons', () => {
    const row = foldKept(
      input({
        ces: ces({
          provisionedNamespaces: ['a', 'b'],
          failedNamespaces: [
            { namespace: 'c', reason: 'external secret already exists in namespace' },
          ],
          conditions: ready('False', '', 'one or more namespaces failed'),
        }),
        externalSecrets: new Map([
          ['a', es('a', ready('True'), iso(t0))],
          [
            'b',
            es(
              'b',
              ready('False', 'SecretSyncedError', 'secret is owned by another ExternalSecret'),
            ),
          ],
        ]),
        secrets: new Set(['a/regcred', 'b/regcred']),
      }),
    );
    expect(row.state).toBe('failing');
    expect(row.total).toBe(3);
    expect(row.namespaces[1]).toMatchObject({
      namespace: 'b',
      state: 'failing',
      reason: 'SecretSyncedError',
    });
    expect(row.namespaces[2]).toMatchObject({ namespace: 'c', state: 'not-created' });
    expect(row.failedNamespaces).toEqual([
      { namespace: 'c', reason: 'external secret already exists in namespace' },
    ]);
    expect(row.summary).toContain('b: secret is owned by another ExternalSecret');
  });

  it('the store not Ready is named', () => {
    const row = foldKept(
      input({
        ces: ces({ provisionedNamespaces: [], conditions: ready('True') }),
        store: {
          ...store,
          status: { conditions: ready('False', 'ValidationFailed', 'could not validate') },
        },
      }),
    );
    expect(row.state).toBe('failing');
    expect(row.summary).toContain('could not validate');
  });

  it('written, no status: converging, then not reconciling after 30 s', () => {
    expect(foldKept(input({ now: t0 + 10_000 })).state).toBe('converging');
    const late = foldKept(input({ now: t0 + 31_000 }));
    expect(late.state).toBe('not-reconciling');
    expect(late.summary).toContain('not reconciling');
  });

  it('refreshes stop (operator stopped): not reconciling after the interval and 30 s', () => {
    const kept = (now: number) =>
      foldKept(
        input({
          ces: ces({ provisionedNamespaces: ['a'], conditions: ready('True') }),
          externalSecrets: new Map([['a', es('a', ready('True'), iso(t0))]]),
          secrets: new Set(['a/regcred']),
          now,
        }),
      ).state;
    expect(kept(t0 + 39_000)).toBe('kept');
    expect(kept(t0 + 41_000)).toBe('not-reconciling');
  });

  it('a Sync now not answered within 30 s: not reconciling; answered: kept', () => {
    const sync = t0 + 5_000;
    const row = (refresh: number, now: number) =>
      foldKept(
        input({
          ces: ces(
            { provisionedNamespaces: ['a'], conditions: ready('True') },
            {
              'external-secrets.io/force-sync': iso(sync),
            },
          ),
          externalSecrets: new Map([['a', es('a', ready('True'), iso(refresh))]]),
          secrets: new Set(['a/regcred']),
          now,
        }),
      );
    expect(row(t0, sync + 31_000).state).toBe('not-reconciling');
    expect(row(sync + 1000, sync + 31_000).state).toBe('kept');
    expect(row(sync + 1000, sync + 31_000).syncRequestedAt).toBe(iso(sync));
  });

  it('copies not readable: a Ready ExternalSecret counts', () => {
    const row = foldKept(
      input({
        ces: ces({ provisionedNamespaces: ['a'], conditions: ready('True') }),
        externalSecrets: new Map([['a', es('a', ready('True'), iso(t0))]]),
        secrets: null,
      }),
    );
    expect(row.state).toBe('kept');
  });
});
