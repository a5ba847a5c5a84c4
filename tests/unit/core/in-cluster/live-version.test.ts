/**
 * The in-cluster live view watches ClusterExternalSecrets, ExternalSecrets and stores in the
 * version discovery says is served: external-secrets.io/v1, else v1beta1 (ESO before 0.17), and
 * folds v1beta1 objects (same fields) into the same row.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EventHub } from '@core/api/events';
import type { ClusterService } from '@core/kube/clusters';
import { discoverySession } from '../kube/discovery-session';

const watched: string[] = [];
let objects: Record<string, unknown[]> = {};

vi.mock('../../../../electron/core/kube/live-view/informers', () => ({
  sharedInformer: (_session: unknown, spec: { path: string }) => {
    watched.push(spec.path);
    const plural = spec.path.split('/').pop()!;
    return {
      informer: {
        ready: () => Promise.resolve(),
        objects: () => objects[plural] ?? [],
        freshness: () => ({ state: 'live', since: null, retryAt: null, error: null }),
        synced: () => true,
        subscribe: () => () => undefined,
      },
      release: () => undefined,
    };
  },
  sourceOf: () => ({
    subscribe: () => () => undefined,
    freshness: () => ({ state: 'live' }),
    release: () => undefined,
  }),
}));

const { createInClusterLive } = await import('../../../../electron/core/in-cluster/live');

const labels = {
  'app.kubernetes.io/managed-by': 'pullkey',
  'pullkey.dev/in-cluster': 'regcred-pullkey-p',
};
const ready = [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-12-07T05:00:00Z' }];

async function open(versions: string[]) {
  watched.length = 0;
  const apiVersion = `external-secrets.io/${versions[0]}`;
  objects = {
    clusterexternalsecrets: [
      {
        apiVersion,
        kind: 'ClusterExternalSecret',
        metadata: { name: 'regcred-pullkey-p', labels },
        spec: {
          refreshTime: '5m',
          externalSecretSpec: {
            refreshInterval: '5m',
            secretStoreRef: { kind: 'ClusterSecretStore', name: 'pullkey-pullkey-p' },
            target: { name: 'regcred' },
          },
        },
        status: { provisionedNamespaces: ['team1'], conditions: ready },
      },
    ],
    externalsecrets: [
      {
        apiVersion,
        kind: 'ExternalSecret',
        metadata: {
          name: 'regcred-pullkey-p',
          namespace: 'team1',
          labels,
          ownerReferences: [{ kind: 'ClusterExternalSecret', name: 'regcred-pullkey-p' }],
        },
        status: { conditions: ready, refreshTime: '2026-12-07T05:00:00Z' },
      },
    ],
    clustersecretstores: [
      {
        apiVersion,
        kind: 'ClusterSecretStore',
        metadata: { name: 'pullkey-pullkey-p', labels },
        status: { conditions: ready },
      },
    ],
    secrets: [{ metadata: { name: 'regcred', namespace: 'team1' } }],
  };
  const { session } = discoverySession({ 'external-secrets.io': versions });
  const clusters = { session: () => Promise.resolve(session) } as unknown as ClusterService;
  const live = createInClusterLive(clusters, { emit: () => undefined } as unknown as EventHub);
  const view = await live.open('ctx');
  await live.close('ctx');
  return view;
}

describe('in-cluster live view and the served External Secrets version', () => {
  it.each([
    [['v1', 'v1beta1'], 'v1'],
    [['v1beta1'], 'v1beta1'],
  ])('served %j → watched in %s; the row is kept 1/1 either way', async (versions, expected) => {
    const view = await open(versions);
    expect(watched.filter((path) => path.startsWith('/apis/'))).toEqual([
      `/apis/external-secrets.io/${expected}/clusterexternalsecrets`,
      `/apis/external-secrets.io/${expected}/externalsecrets`,
      `/apis/external-secrets.io/${expected}/clustersecretstores`,
    ]);
    expect(view.kept.map((row) => [row.id, row.kept, row.total])).toEqual([
      ['regcred-pullkey-p', 1, 1],
    ]);
  });
});
