/**
 * Issue 20, workload changes say who owns the workload: a Deployment labelled exactly as Helm
 * labels a release's objects and a StatefulSet with Argo CD's tracking-id annotation, both made
 * with kubectl (never by PullKey). The attach dry run's warning names the owner; the write still
 * happens when confirmed (a warning, not a refusal); a Deployment without markers gets no
 * warning. kubectl checks what was written.
 */
import { describe, expect, it } from 'vitest';
import { argoTrackedStatefulSet } from '../kit/owned-manifests';
import { invoke } from './cluster-core';
import { clusterSuite } from './cluster-suite';

const CONTEXT = 'alpha-admin';
const NAMESPACE = `owned-workloads-${Date.now().toString(36)}`;
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE, ownNamespace: true });
const IMAGE = 'registry.invalid/team/hello:1.0';

/** As `helm install shop` writes every object of the release (pkg/action/validate.go). */
const helmMarkers = {
  labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'shop' },
  annotations: { 'meta.helm.sh/release-name': 'shop', 'meta.helm.sh/release-namespace': NAMESPACE },
};

async function helmDeployment(name: string) {
  await suite.deployment(name, IMAGE, { replicas: 0 });
  await suite.kubectl([
    '-n',
    NAMESPACE,
    'label',
    'deployment',
    name,
    ...labelArgs(helmMarkers.labels),
  ]);
  await suite.kubectl([
    '-n',
    NAMESPACE,
    'annotate',
    'deployment',
    name,
    ...labelArgs(helmMarkers.annotations),
  ]);
}
const settled = (name: string) => [
  ...['-n', NAMESPACE, 'wait', `statefulset/${name}`, '--timeout=30s'],
  '--for=jsonpath={.status.observedGeneration}=1',
];
const labelArgs = (pairs: Record<string, string>) =>
  Object.entries(pairs).map(([key, value]) => `${key}=${value}`);

interface Workload {
  metadata: { resourceVersion: string };
  spec: { template: { spec: { imagePullSecrets?: Array<{ name: string }> } } };
}
const read = (kind: string, name: string) => suite.jsonOf<Workload>(['get', kind, name]);
const pullSecrets = (object: Workload) =>
  (object.spec.template.spec.imagePullSecrets ?? []).map((ref) => ref.name);

const attach = (kind: 'Deployment' | 'StatefulSet', name: string, extra: object) =>
  invoke(suite.app, 'workloads:attach-pull-secrets', {
    context: CONTEXT,
    namespace: NAMESPACE,
    kind,
    name,
    secrets: ['regcred'],
    ...extra,
  });

describe('workload changes say who owns the workload', () => {
  it('a Helm Deployment: the dry run names the release; confirmed, the write happens', async () => {
    await helmDeployment('shop-web');
    const before = await read('deployment', 'shop-web');
    const preview = await attach('Deployment', 'shop-web', { dryRun: true });
    expect(preview.warning).toBe(
      `Helm release shop (namespace ${NAMESPACE}) manages this Deployment: the next helm upgrade drops this change. Change the chart's values instead.`,
    );
    expect((await read('deployment', 'shop-web')).metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    const written = await attach('Deployment', 'shop-web', {
      resourceVersion: preview.resourceVersion,
    });
    expect(written).toMatchObject({ outcome: 'updated', written: true });
    expect(pullSecrets(await read('deployment', 'shop-web'))).toEqual(['regcred']);
  });

  it('an Argo CD-tracked StatefulSet: the dry run names the application and its tracking-id', async () => {
    const trackingId = `shop:apps/StatefulSet:${NAMESPACE}/shop-db`;
    await suite.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify(
        argoTrackedStatefulSet(NAMESPACE, 'shop-db', { app: 'shop', image: IMAGE, trackingId }),
      ),
    );
    suite.made.push(['statefulset', 'shop-db']);
    // The controller's first status write settles first (the write is at the version previewed).
    await suite.kubectl(settled('shop-db'));
    const preview = await attach('StatefulSet', 'shop-db', { dryRun: true });
    expect(preview.warning).toBe(
      // The Application CRD is installed (tests/cluster/crds, by up.ts), this application is not:
      // the general sentence, said to be general.
      `Argo CD application shop (tracking-id ${trackingId}) tracks this StatefulSet: with self-heal on, this change is reverted within minutes (else at its next sync). Change the manifest in Git instead. (PullKey could not read application shop: Application argocd/shop does not exist; this is the general case.)`,
    );
    const written = await attach('StatefulSet', 'shop-db', {
      resourceVersion: preview.resourceVersion,
    });
    expect(written.written).toBe(true);
    expect(pullSecrets(await read('statefulset', 'shop-db'))).toEqual(['regcred']);
  });

  it("the deploy form's update of a Helm Deployment: the preflight warns, the patch preview says who owns it", async () => {
    await helmDeployment('shop-api');
    const preflight = await invoke(suite.app, 'deploy:preflight', {
      context: CONTEXT,
      workload: {
        kind: 'Deployment',
        name: 'shop-api',
        namespace: NAMESPACE,
        image: 'registry.invalid/team/hello:2.0',
        pullSecrets: [],
      },
      update: true,
    });
    expect(preflight.update?.warning).toMatch(
      new RegExp(`^Helm release shop \\(namespace ${NAMESPACE}\\) manages this Deployment`),
    );
    expect(preflight.checks.find((check) => check.id === 'name')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('the next helm upgrade drops this change'),
    });
    // The preview offers the same image change for the chart's values.
    expect(preflight.update?.owned?.git).toMatchObject({ format: 'helm-values' });
    expect(preflight.update?.owned?.git?.text).toContain('repository: registry.invalid/team/hello');
  });

  it('a Deployment without markers: no warning', async () => {
    await suite.deployment('plain-web', IMAGE, { replicas: 0 });
    const preview = await attach('Deployment', 'plain-web', { dryRun: true });
    expect(preview).not.toHaveProperty('warning');
    expect(preview.outcome).toBe('preview');
  });
});
