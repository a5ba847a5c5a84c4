/**
 * Issue 20's last two write paths carry `owned` like every other previewed write of a workload:
 * the deploy form's update (deploy:apply, dry run and write) and the default ServiceAccount's
 * pull secret. An owned object answers its owner, the change for Git and, written, the field to
 * watch for a revert; an object nobody owns answers none.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '@core/api/errors';
import type { KubeSession } from '@core/kube/session';
import { setDefaultAccountPullSecret } from '@core/kube/default-service-account';
import { fingerprint } from '@core/deploy/changes';
import { applyUpdate, createSeenSnapshots } from '@core/deploy/update';

const helm = {
  labels: { 'app.kubernetes.io/managed-by': 'Helm' },
  annotations: { 'meta.helm.sh/release-name': 'shop', 'meta.helm.sh/release-namespace': 'team1' },
};
const argo = {
  annotations: { 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:team1/web' },
};

const deployment = (markers: object = {}) => ({
  metadata: { name: 'web', namespace: 'team1', uid: 'u', resourceVersion: '42', ...markers },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'side', image: 'side:1' },
          { name: 'web', image: 'old:1' },
        ],
      },
    },
  },
});

function fakeSession(work: object, account: object = {}) {
  const session = {
    context: 'kind-a',
    call: <T>(request: () => Promise<T>) => request(),
    // Argo CD and Flux are not installed: their owner objects cannot be read.
    kubeConfig: {
      makeApiClient: () => ({
        getNamespacedCustomObject: () =>
          Promise.reject(new AppError('KUBE_NOT_FOUND', 'the server could not find it')),
      }),
    },
    apps: {
      readNamespacedDeployment: () => Promise.resolve(structuredClone(work)),
      patchNamespacedDeployment: () => Promise.resolve({ metadata: { resourceVersion: '43' } }),
    },
    core: {
      readNamespacedServiceAccount: () => Promise.resolve(structuredClone(account)),
      patchNamespacedServiceAccount: () => Promise.resolve({ metadata: { resourceVersion: '8' } }),
    },
  } as unknown as KubeSession;
  return session;
}

const input = {
  kind: 'Deployment' as const,
  name: 'web',
  namespace: 'team1',
  image: 'registry.example/shop/web:2.0',
  pullSecrets: [],
};
const update = (work: ReturnType<typeof deployment>, dryRun: boolean) =>
  applyUpdate(
    fakeSession(work),
    input,
    { uid: 'u', resourceVersion: '42', container: 'web', fingerprint: fingerprint(work as never) },
    createSeenSnapshots(),
    dryRun,
  );

describe("deploy:apply, the deploy form's update of an owned workload", () => {
  it('a Helm Deployment: the dry run answers the Helm image values, the write the field to watch', async () => {
    const work = deployment(helm);
    const preview = await update(work, true);
    expect(preview.warning).toMatch(
      /^Helm release shop \(namespace team1\) manages this Deployment/,
    );
    expect(preview.owned?.git).toMatchObject({ format: 'helm-values' });
    expect(preview.owned?.git?.text).toContain('repository: registry.example/shop/web');
    expect(preview.owned?.git?.text).toContain('spec.template.spec.containers[name=web].image');
    expect(preview.owned?.watch).toBeNull();
    const written = await update(work, false);
    expect(written.owned?.watch).toMatchObject({
      context: 'kind-a',
      namespace: 'team1',
      kind: 'Deployment',
      name: 'web',
      path: '/spec/template/spec/containers/1/image',
      written: input.image,
      before: 'old:1',
    });
  });

  it('an Argo CD-tracked Deployment: a kustomize patch of the container image', async () => {
    const preview = await update(deployment(argo), true);
    expect(preview.warning).toMatch(/^Argo CD application shop/);
    expect(preview.owned?.git?.format).toBe('strategic-merge-patch');
    expect(preview.owned?.git?.text).toContain('image: registry.example/shop/web:2.0');
  });

  it('a plain Deployment: no owner, no warning', async () => {
    const written = await update(deployment(), false);
    expect(written.done).toBe('patched');
    expect(written).not.toHaveProperty('owned');
    expect(written).not.toHaveProperty('warning');
  });
});

describe('serviceaccounts:pull-secret of an owned default ServiceAccount', () => {
  const account = (markers: object) => ({
    metadata: { name: 'default', namespace: 'team1', resourceVersion: '7', ...markers },
    imagePullSecrets: [{ name: 'a' }],
  });

  it('answers the imagePullSecrets change for Git, and after the write the list to watch', async () => {
    const session = fakeSession(deployment(), account(helm));
    const preview = await setDefaultAccountPullSecret(session, 'team1', 'b', true, {
      dryRun: true,
    });
    expect(preview.owned?.git?.text).toContain('imagePullSecrets');
    expect(preview.owned?.git?.text).toMatch(/- name: a\n\s+- name: b/);
    const written = await setDefaultAccountPullSecret(session, 'team1', 'b', true);
    expect(written.owned?.watch).toMatchObject({
      kind: 'ServiceAccount',
      name: 'default',
      path: '/imagePullSecrets',
      written: [{ name: 'a' }, { name: 'b' }],
      before: [{ name: 'a' }],
    });
    const plain = fakeSession(deployment(), account({}));
    expect(await setDefaultAccountPullSecret(plain, 'team1', 'b', true)).not.toHaveProperty(
      'owned',
    );
  });
});
