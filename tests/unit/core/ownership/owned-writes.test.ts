/**
 * Every previewed write of a workload or ServiceAccount says who owns it (a warning, never a
 * refusal): attach to a workload or its ServiceAccount, the Pull doctor's set image and attach
 * registry (its pods warning kept), the default ServiceAccount's pull secret, the deploy form's
 * update. An object without markers gets no owner warning.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '@core/api/errors';
import type { WriteReport } from '@core/api/contract';
import type { KubeSession } from '@core/kube/session';
import { setDefaultAccountPullSecret } from '@core/kube/default-service-account';
import { attachRegistry } from '@core/pulls/fixes/attach-registry';
import { setImage } from '@core/pulls/fixes/fix-writes';
import { attachPullSecrets } from '@core/workloads/attach';
import { attachToServiceAccount } from '@core/workloads/service-account';
import { planUpdate } from '@core/deploy/update';
import type { ExistingObject } from '@core/deploy/existing';

const helm = {
  labels: { 'app.kubernetes.io/managed-by': 'Helm' },
  annotations: { 'meta.helm.sh/release-name': 'shop', 'meta.helm.sh/release-namespace': 'team1' },
};
const argo = (kind: string, name: string) => ({
  annotations: { 'argocd.argoproj.io/tracking-id': `shop:apps/${kind}:team1/${name}` },
});
const HELM_WARNING =
  /^Helm release shop \(namespace team1\) manages this Deployment: the next helm upgrade drops this change\./;

function deployment(markers: object = {}) {
  return {
    metadata: { name: 'web', namespace: 'team1', resourceVersion: '42', ...markers },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'old' }] } } },
  };
}

function fakeSession(work: object, account: object) {
  const patches: string[] = [];
  const session = {
    call: <T>(request: () => Promise<T>) => request(),
    // Argo CD and Flux are not installed: their owner objects cannot be read (404 on the resource).
    kubeConfig: {
      makeApiClient: () => ({
        getNamespacedCustomObject: () =>
          Promise.reject(
            new AppError('KUBE_NOT_FOUND', 'the server could not find the requested resource'),
          ),
      }),
    },
    apps: {
      readNamespacedDeployment: () => Promise.resolve(structuredClone(work)),
      patchNamespacedDeployment: () => {
        patches.push('deployment');
        return Promise.resolve({ metadata: { resourceVersion: '43' } });
      },
    },
    core: {
      readNamespacedServiceAccount: () => Promise.resolve(structuredClone(account)),
      patchNamespacedServiceAccount: () => {
        patches.push('account');
        return Promise.resolve({ metadata: { resourceVersion: '13' } });
      },
    },
  } as unknown as KubeSession;
  return { session, patches };
}

const plainAccount = { metadata: { name: 'builder', namespace: 'team1', resourceVersion: '12' } };
const attachInput = {
  namespace: 'team1',
  kind: 'Deployment' as const,
  name: 'web',
  secrets: ['r'],
};

describe('workloads:attach-pull-secrets', () => {
  it('warns who owns a Helm Deployment, and still writes when confirmed', async () => {
    const { session, patches } = fakeSession(deployment(helm), plainAccount);
    const preview = await attachPullSecrets(session, { ...attachInput, dryRun: true });
    expect(preview.warning).toMatch(HELM_WARNING);
    expect(patches).toEqual([]);
    const written = await attachPullSecrets(session, { ...attachInput, resourceVersion: '42' });
    expect(written).toMatchObject({ written: true, outcome: 'updated' });
    expect(patches).toEqual(['deployment']);
  });

  it('says nothing of an owner for a Deployment without markers', async () => {
    const { session } = fakeSession(deployment(), plainAccount);
    const preview = await attachPullSecrets(session, { ...attachInput, dryRun: true });
    expect(preview.warning).toBeUndefined();
  });
});

describe('ServiceAccounts', () => {
  const argoAccount = {
    metadata: { ...plainAccount.metadata, ...argo('ServiceAccount', 'builder') },
  };
  argoAccount.metadata.annotations['argocd.argoproj.io/tracking-id'] =
    'shop:/ServiceAccount:team1/builder';

  it('workloads:attach-service-account names Argo CD', async () => {
    const { session } = fakeSession(deployment(), argoAccount);
    const preview = await attachToServiceAccount(session, {
      namespace: 'team1',
      serviceAccount: 'builder',
      secrets: ['r'],
      dryRun: true,
    });
    expect(preview.warning).toBe(
      'Argo CD application shop (tracking-id shop:/ServiceAccount:team1/builder) tracks this ServiceAccount: with self-heal on, this change is reverted within minutes (else at its next sync). Change the manifest in Git instead. (PullKey could not read application shop: Argo CD is not installed on this cluster (no applications.argoproj.io); this is the general case.)',
    );
  });

  it('serviceaccounts:pull-secret (the default ServiceAccount) names Helm', async () => {
    const account = {
      metadata: { name: 'default', namespace: 'team1', resourceVersion: '7', ...helm },
    };
    const { session } = fakeSession(deployment(), account);
    const preview = await setDefaultAccountPullSecret(session, 'team1', 'r', true, {
      dryRun: true,
    });
    expect(preview.warning).toMatch(
      /^Helm release shop \(namespace team1\) manages this ServiceAccount/,
    );
    const plain = fakeSession(deployment(), { metadata: { resourceVersion: '7' } });
    const none = await setDefaultAccountPullSecret(plain.session, 'team1', 'r', true, {
      dryRun: true,
    });
    expect(none.warning).toBeUndefined();
  });
});

describe('the Pull doctor', () => {
  it('set image warns on a Helm Deployment and writes when confirmed', async () => {
    const { session, patches } = fakeSession(deployment(helm), plainAccount);
    const fix = {
      namespace: 'team1',
      kind: 'Deployment' as const,
      name: 'web',
      container: 'app',
      image: 'new',
    };
    const preview = await setImage(session, { ...fix, dryRun: true });
    expect(preview.warning).toMatch(HELM_WARNING);
    const written = await setImage(session, { ...fix, resourceVersion: '42', dryRun: false });
    expect(written.written).toBe(true);
    expect(patches).toEqual(['deployment']);
    const plain = fakeSession(deployment(), plainAccount);
    expect((await setImage(plain.session, { ...fix, dryRun: true })).warning).toBeUndefined();
  });

  it('attach registry keeps its pods warning and adds the owner', async () => {
    const withOwn = { ...plainAccount, imagePullSecrets: [{ name: 'sa-cred' }] };
    const { session } = fakeSession(deployment(helm), withOwn);
    const create = () =>
      Promise.resolve({ operationId: 'o', results: [], warnings: [] } as WriteReport);
    const answer = await attachRegistry(session, create, {
      ...attachInput,
      serviceAccount: 'builder',
      host: 'r.example',
      username: 'alice',
      secret: 'r',
      target: 'workload',
      dryRun: true,
    });
    expect(answer.warning).toContain('sa-cred from ServiceAccount builder');
    expect(answer.warning).toMatch(/Helm release shop \(namespace team1\) manages this Deployment/);
  });
});

describe('the deploy form: update of an existing workload', () => {
  const input = {
    kind: 'Deployment' as const,
    name: 'web',
    namespace: 'team1',
    image: 'new',
    pullSecrets: [],
  };
  const existing = (markers: object): ExistingObject => {
    const object = deployment(markers);
    return {
      kind: 'Deployment',
      object: object as never,
      view: {
        kind: 'Deployment',
        name: 'web',
        uid: 'u',
        resourceVersion: '42',
        containers: ['app'],
        container: 'app',
        owner: null,
      },
    };
  };

  it('the update preview carries the owner warning', () => {
    const plan = planUpdate(existing(argo('Deployment', 'web')), input);
    expect(plan).toMatchObject({ action: 'patch' });
    expect('warning' in plan && plan.warning).toMatch(
      /^Argo CD application shop \(tracking-id shop:apps\/Deployment:team1\/web\) tracks this Deployment/,
    );
    expect(planUpdate(existing({}), input)).not.toHaveProperty('warning');
  });
});
