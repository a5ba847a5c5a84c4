/**
 * Issue 20, the workloads side: PullKey reads the owner itself (the engines' real CRDs, vendored
 * in tests/cluster/crds, no engine running) — an Argo CD Application that self-heals, a suspended
 * Flux Kustomization — and says the specific sentence; 403 and a missing Application give the
 * general sentence, said as such. The change for Git is a strategic-merge patch the API server
 * accepts (kubectl patch --dry-run=server). After a confirmed write the revert watch reports a
 * stand-in owner (a test process) putting the object back, and reports nothing while it stays.
 * kubectl makes every object and checks every write.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Events, OwnedWrite } from '../../electron/core/api/contract';
import { applyGitopsCrdArgs, waitGitopsCrdArgs } from '../cluster/crds/gitops-crds';
import { argoTrackedStatefulSet, selfHealingApplication } from '../kit/owned-manifests';
import { standInOwnerRevert, STAND_IN_MANAGER } from '../kit/stand-in-owner';
import { invoke, tempDir } from './cluster-core';
import { clusterSuite } from './cluster-suite';

const CONTEXT = 'alpha-admin';
const NAMESPACE = `owner-reading-${Date.now().toString(36)}`;
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE, ownNamespace: true });
const IMAGE = 'registry.invalid/team/hello:1.0';
type Reverted = Events['ownership:reverted'];

/** A Flux Kustomization as `flux create kustomization apps --interval 10m` writes it, suspended. */
const kustomization = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: NAMESPACE },
  spec: {
    interval: '10m',
    path: './apps',
    prune: true,
    suspend: true,
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
  },
};

const applyJson = async (object: object) => {
  await suite.kubectl(['apply', '-f', '-'], JSON.stringify(object));
};
const attach = (
  kind: 'StatefulSet' | 'Deployment',
  name: string,
  extra: object,
  context = CONTEXT,
  namespace = NAMESPACE,
) =>
  invoke(suite.app, 'workloads:attach-pull-secrets', {
    context,
    namespace,
    kind,
    name,
    secrets: ['regcred'],
    ...extra,
  });
const pullSecrets = async (kind: string, name: string) =>
  (
    await suite.jsonOf<{
      spec: { template: { spec: { imagePullSecrets?: Array<{ name: string }> } } };
    }>(['get', kind, name])
  ).spec.template.spec.imagePullSecrets?.map((ref) => ref.name) ?? [];

/** The next `ownership:reverted` of watch `id`, or null after `ms`. */
function reverted(id: () => string, ms: number): Promise<Reverted | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(null);
    }, ms);
    const stop = suite.app.events.listen((event, payload) => {
      if (event !== 'ownership:reverted' || (payload as Reverted).id !== id()) return;
      clearTimeout(timer);
      stop();
      resolve(payload as Reverted);
    });
  });
}

beforeAll(async () => {
  // Idempotent: up.ts applies them too (a cluster started before they were added gets them here).
  await suite.kubectl(applyGitopsCrdArgs());
  await suite.kubectl(waitGitopsCrdArgs());
}, 90_000);

describe('the owner read where the user may', () => {
  it('an Argo CD Application that self-heals: the specific sentence, a patch the API server accepts, and the revert reported', async () => {
    // Apps in any namespace: the tracking id's application is <namespace>_<name>.
    const original = argoTrackedStatefulSet(NAMESPACE, 'web-db', {
      app: `${NAMESPACE}_web`,
      image: IMAGE,
    });
    await applyJson(selfHealingApplication(NAMESPACE, 'web'));
    await applyJson(original);
    suite.made.push(['statefulset', 'web-db'], ['applications.argoproj.io', 'web']);

    // The controller's first status write settles first (the write is at the version previewed).
    await suite.kubectl([
      ...['-n', NAMESPACE, 'wait', 'statefulset/web-db', '--timeout=30s'],
      '--for=jsonpath={.status.observedGeneration}=1',
    ]);
    const preview = await attach('StatefulSet', 'web-db', { dryRun: true });
    expect(preview.warning).toBe(
      `Argo CD application ${NAMESPACE}/web self-heals (now Synced): this change will be reverted within about 3 minutes. Change the manifest in Git instead.`,
    );
    const owned = preview.owned as OwnedWrite;
    expect(owned.status).toMatchObject({ read: 'argocd', selfHeal: true, prune: true });
    expect(owned.watch).toBeNull();
    expect(owned.git?.format).toBe('strategic-merge-patch');
    // The change for Git, as the API server takes it (nothing written).
    const patchFile = join(await tempDir(), 'patch.yaml');
    await writeFile(patchFile, owned.git!.text);
    const dry = await suite.kubectl([
      ...['-n', NAMESPACE, 'patch', 'statefulset', 'web-db', '--type', 'strategic'],
      ...['--dry-run=server', '-o', 'json', '--patch-file', patchFile],
    ]);
    expect(JSON.parse(dry).spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(await pullSecrets('statefulset', 'web-db')).toEqual([]);

    const written = await attach('StatefulSet', 'web-db', {
      resourceVersion: preview.resourceVersion,
    });
    const watch = (written.owned as OwnedWrite).watch!;
    expect(watch).toMatchObject({
      context: CONTEXT,
      kind: 'StatefulSet',
      path: '/spec/template/spec/imagePullSecrets',
      written: [{ name: 'regcred' }],
      before: null,
    });
    expect(await pullSecrets('statefulset', 'web-db')).toEqual(['regcred']);

    let id = '';
    const report = reverted(() => id, 30_000);
    ({ id } = await invoke(suite.app, 'ownership:watch-revert', { target: watch, seconds: 60 }));
    await standInOwnerRevert(suite.kubectl, original, 'Argo CD (self-heal)');
    const got = await report;
    expect(await pullSecrets('statefulset', 'web-db')).toEqual([]);
    expect(got).toMatchObject({ putBack: true, manager: STAND_IN_MANAGER });
    expect(got!.summary).toMatch(
      new RegExp(
        `^StatefulSet ${NAMESPACE}/web-db: reverted by Argo CD application ${NAMESPACE}/web \\(field manager ${STAND_IN_MANAGER}\\) at \\d\\d:\\d\\d:\\d\\d$`,
      ),
    );
  }, 60_000);

  it('a suspended Flux Kustomization: "the change stays until it resumes"; a change that stays is not reported', async () => {
    await applyJson(kustomization);
    suite.made.push(['kustomizations.kustomize.toolkit.fluxcd.io', 'apps']);
    await suite.deployment('flux-web', IMAGE, {
      replicas: 0,
      labels: {
        'kustomize.toolkit.fluxcd.io/name': 'apps',
        'kustomize.toolkit.fluxcd.io/namespace': NAMESPACE,
      },
    });
    // The controller's status writes settle first (the write is at the version previewed).
    await suite.kubectl([
      '-n',
      NAMESPACE,
      'rollout',
      'status',
      'deployment/flux-web',
      '--timeout=30s',
    ]);
    const preview = await attach('Deployment', 'flux-web', { dryRun: true });
    expect(preview.warning).toBe(
      `Flux Kustomization ${NAMESPACE}/apps (every 10m, suspended: the change stays until it resumes; then Git puts back its version). Change the manifest in Git instead.`,
    );
    const written = await attach('Deployment', 'flux-web', {
      resourceVersion: preview.resourceVersion,
    });
    let id = '';
    const report = reverted(() => id, 9_000);
    ({ id } = await invoke(suite.app, 'ownership:watch-revert', {
      target: (written.owned as OwnedWrite).watch!,
      seconds: 8,
    }));
    expect(await report).toBeNull();
    expect(await pullSecrets('deployment', 'flux-web')).toEqual(['regcred']);
  }, 30_000);

  it('a missing Application: the general sentence, said as such', async () => {
    await applyJson(
      argoTrackedStatefulSet(NAMESPACE, 'lost-db', { app: `${NAMESPACE}_lost`, image: IMAGE }),
    );
    suite.made.push(['statefulset', 'lost-db']);
    const preview = await attach('StatefulSet', 'lost-db', { dryRun: true });
    expect(preview.warning).toMatch(
      new RegExp(
        `tracks this StatefulSet: with self-heal on, this change is reverted within minutes \\(else at its next sync\\)\\. Change the manifest in Git instead\\. \\(PullKey could not read application ${NAMESPACE}_lost: Application ${NAMESPACE}/lost does not exist; this is the general case\\.\\)$`,
      ),
    );
  });

  it('not allowed to read Applications (403, user dev): the general sentence, said as such', async () => {
    const name = `dev-db-${Date.now().toString(36)}`;
    await suite.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify(
        argoTrackedStatefulSet('team1-dev', name, { app: 'team1-dev_web', image: IMAGE }),
      ),
    );
    try {
      const preview = await attach('StatefulSet', name, { dryRun: true }, 'alpha-dev', 'team1-dev');
      expect(preview.warning).toMatch(
        /\(PullKey could not read application team1-dev_web: not allowed to read applications\.argoproj\.io; this is the general case\.\)$/,
      );
    } finally {
      await suite.kubectl(['-n', 'team1-dev', 'delete', 'statefulset', name, '--wait=false']);
    }
  });
});
