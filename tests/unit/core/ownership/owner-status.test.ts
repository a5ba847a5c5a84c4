/**
 * Reading the owner object: the Argo CD Application named by the tracking id (its namespace from
 * `<ns>_<app>`, else argocd), the Flux object named by its labels; 403, a missing resource and a
 * missing object each say why it was not read.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '@core/api/errors';
import type { KubeSession } from '@core/kube/session';
import { workloadOwner, type OwnedMetadata } from '@core/ownership/owner';
import { argoApplication, readOwnerStatus } from '@core/ownership/owner-status';

function session(answer: object | AppError) {
  const asked: unknown[] = [];
  const api = {
    getNamespacedCustomObject: (request: unknown) => {
      asked.push(request);
      return answer instanceof AppError ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  const fake = {
    call: <T>(request: () => Promise<T>) => request(),
    kubeConfig: { makeApiClient: () => api },
  } as unknown as KubeSession;
  return { fake, asked };
}
const tracked = (app: string): OwnedMetadata => ({
  name: 'db',
  namespace: 'team1',
  annotations: { 'argocd.argoproj.io/tracking-id': `${app}:apps/StatefulSet:team1/db` },
});
const read = (meta: OwnedMetadata, answer: object | AppError) => {
  const { fake, asked } = session(answer);
  return readOwnerStatus(fake, workloadOwner(meta)!, meta).then((status) => ({ status, asked }));
};

describe('readOwnerStatus', () => {
  it('finds the application in argocd, or in the namespace its name carries', () => {
    expect(argoApplication(tracked('shop'))).toEqual({ namespace: 'argocd', name: 'shop' });
    expect(argoApplication(tracked('team1_shop'))).toEqual({ namespace: 'team1', name: 'shop' });
  });

  it("reads the Application's sync policy and sync status", async () => {
    const { status, asked } = await read(tracked('shop'), {
      spec: { syncPolicy: { automated: { selfHeal: true, prune: true } } },
      status: { sync: { status: 'Synced' } },
    });
    expect(asked).toEqual([
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: 'applications',
        engine: 'Argo CD',
        namespace: 'argocd',
        name: 'shop',
      },
    ]);
    expect(status).toEqual({
      read: 'argocd',
      application: 'argocd/shop',
      automated: true,
      selfHeal: true,
      prune: true,
      sync: 'Synced',
    });
  });

  it("reads a Kustomization's interval and suspend", async () => {
    const meta = {
      labels: {
        'kustomize.toolkit.fluxcd.io/name': 'apps',
        'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
      },
    };
    const { status } = await read(meta, { spec: { interval: '10m', suspend: true } });
    expect(status).toEqual({
      read: 'flux',
      kind: 'Kustomization',
      object: 'flux-system/apps',
      interval: '10m',
      suspended: true,
      driftDetection: null,
    });
  });

  it.each([
    [
      new AppError('CLUSTER_FORBIDDEN', 'forbidden'),
      'not allowed to read applications.argoproj.io',
    ],
    [
      new AppError('KUBE_NOT_FOUND', 'the server could not find the requested resource'),
      'Argo CD is not installed on this cluster (no applications.argoproj.io)',
    ],
    [
      new AppError('KUBE_NOT_FOUND', 'applications.argoproj.io "shop" not found'),
      'Application argocd/shop does not exist',
    ],
  ])('says why it was not read: %s', async (error, reason) => {
    expect((await read(tracked('shop'), error)).status).toEqual({ read: 'none', reason });
  });
});
