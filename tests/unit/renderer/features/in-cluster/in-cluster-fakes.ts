import type {
  InClusterCapability,
  InClusterView,
  InClusterWrite,
  KeptNamespace,
  KeptRegistry,
} from '@core/api/contract';

export const T0 = Date.parse('2026-12-07T02:00:00Z');
export const iso = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

export const keptNamespace = (
  namespace: string,
  over: Partial<KeptNamespace> = {},
): KeptNamespace => ({
  namespace,
  state: 'kept',
  reason: 'SecretSynced',
  message: 'secret synced',
  refreshTime: iso(-60_000),
  secret: true,
  ...over,
});

/** regcred of PullKey project p, kept in `namespaces` (all kept unless given). */
export const keptRegistry = (
  namespaces: KeptNamespace[],
  over: Partial<KeptRegistry> = {},
): KeptRegistry => {
  const keptCount = namespaces.filter((each) => each.state === 'kept').length;
  return {
    id: 'pullkey-p-regcred',
    name: 'regcred',
    project: { kind: 'pullkey', id: 'p' },
    source: { namespace: 'pullkey-system', name: 'p-regcred' },
    refreshInterval: '5m',
    state: keptCount === namespaces.length ? 'kept' : 'converging',
    summary: `Kept by External Secrets — ${keptCount}/${namespaces.length} namespaces`,
    kept: keptCount,
    total: namespaces.length,
    refreshedAt: iso(-60_000),
    namespaces,
    failedNamespaces: [],
    store: { name: 'pullkey-p', ready: true, reason: 'Valid', message: null },
    writtenAt: iso(-3_600_000),
    syncRequestedAt: null,
    resourceVersion: '42',
    ...over,
  };
};

/** regcred of PullKey project p, kept (and synced) in every one of `namespaces`. */
export const keptIn = (...namespaces: string[]): KeptRegistry =>
  keptRegistry(namespaces.map((each) => keptNamespace(each)));

export const inClusterView = (kept: KeptRegistry[], context = 'alpha'): InClusterView => ({
  context,
  kept,
  note: null,
  freshness: { state: 'live', since: null, retryAt: null, error: null },
  updatedAt: iso(0),
});

export const capability = (over: Partial<InClusterCapability> = {}): InClusterCapability => ({
  context: 'alpha',
  engine: 'ready',
  versions: ['v1'],
  message: 'External Secrets Operator serves external-secrets.io/v1.',
  benefit: 'It keeps this registry in every namespace of the project, with this computer closed.',
  helmCommand:
    'helm install external-secrets external-secrets/external-secrets -n external-secrets --create-namespace',
  permissions: [],
  missing: [],
  offered: true,
  checkedAt: iso(0),
  ...over,
});

export const inClusterWrite = (over: Partial<InClusterWrite> = {}): InClusterWrite => ({
  preview: 'kind: ClusterExternalSecret\n…',
  written: false,
  resourceVersion: null,
  objects: [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: 'pullkey-system',
      name: 'p-regcred',
      action: 'create',
    },
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      namespace: null,
      name: 'pullkey-p',
      action: 'create',
    },
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterExternalSecret',
      namespace: null,
      name: 'pullkey-p-regcred',
      action: 'create',
    },
    { apiVersion: 'v1', kind: 'Secret', namespace: 'team-a', name: 'regcred', action: 'adopt' },
  ],
  adopted: ['team-a'],
  conflicts: [],
  id: 'pullkey-p-regcred',
  ...over,
});
