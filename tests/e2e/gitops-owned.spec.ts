/**
 * Issue 20, workloads owned by Helm and Argo CD, as a user meets them in Chromium through the test
 * bridge: a Helm-labelled Deployment without credentials and an Argo CD-tracked StatefulSet whose
 * tag is not found (its Application, of Argo CD's own CRD, self-heals). The fix's confirmation
 * names the owner; "Copy the change for Git" gives the Helm values, or a strategic-merge patch
 * that `kubectl patch --dry-run=server` accepts; after Confirm, a STAND-IN OWNER (a test process,
 * not Helm or Argo CD: tests/kit/stand-in-owner.ts) puts the object back, and PullKey reports
 * "reverted by …" in a toast and in the detail. axe checks the confirmation with its new button.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyGitopsCrdArgs, waitGitopsCrdArgs } from '../cluster/crds/gitops-crds';
import { kubectlSync } from '../kit/kubectl';
import { argoTrackedStatefulSet, selfHealingApplication } from '../kit/owned-manifests';
import { standInOwnerRevert } from '../kit/stand-in-owner';
import { clusterSpec, expect, test } from './fixtures';
import {
  apply,
  basic,
  deployment,
  inNewNamespace,
  kubectl,
  kubectlAsync,
  pickTagOneOne,
  templatePullSecrets,
  openNoCredentialsDetails,
  aliceSecret,
  saveAliceLogin,
  state,
  unique,
} from './cluster';
import { seriousViolations } from './page-checks';

/** kubectl on alpha-admin with the manifest on stdin (the stand-in owner's). */
const kubectlIn = kubectlSync(state, { context: 'alpha-admin' });

clusterSpec('Workloads owned by Helm and Argo CD', 180_000, () => {
  test.beforeAll(() => {
    // up.ts applies Argo CD's and Flux's own CRDs; again here for a cluster started before.
    kubectl(...applyGitopsCrdArgs());
    kubectl(...waitGitopsCrdArgs());
  });

  test('a Helm Deployment: the confirmation names the release, copies the Helm value, and the revert is reported', async ({
    page,
    harness,
  }, testInfo) => {
    await inNewNamespace('e2e-helm', async (namespace) => {
      const name = unique('shop');
      const original = deployment(namespace, name);
      // Exactly as `helm install shop` labels a release's objects (pkg/action/validate.go).
      Object.assign(original.metadata, {
        labels: { ...original.metadata.labels, 'app.kubernetes.io/managed-by': 'Helm' },
        annotations: {
          'meta.helm.sh/release-name': 'shop',
          'meta.helm.sh/release-namespace': namespace,
        },
      });
      apply(original);
      await saveAliceLogin(harness);

      const drawer = await openNoCredentialsDetails(page, harness, { kind: 'Deployment', name });
      await drawer.getByRole('button', { name: 'Create registry and attach…' }).click();
      const confirm = drawer.getByRole('group', { name: 'Confirm the change' });
      await expect(confirm).toContainText(
        `Helm release shop (namespace ${namespace}) manages this Deployment: the next helm upgrade drops this change.`,
      );
      if (testInfo.project.name === 'chromium') {
        const axe = await seriousViolations(page);
        expect(axe.problems).toEqual([]);
      }
      const copied = await harness.copyOf(() =>
        confirm.getByRole('button', { name: 'Copy the change for Git' }).click(),
      );
      const secret = basic.host.replace(/[^a-z0-9]+/g, '-');
      expect(copied).toContain(`imagePullSecrets:\n  - name: ${secret}\n`);
      expect(copied).toContain(
        `# It must render into Deployment ${name}: spec.template.spec.imagePullSecrets`,
      );

      await confirm.getByRole('button', { name: 'Confirm and write' }).click();
      await expect(page.getByText('Registry attached')).toBeVisible({ timeout: 30_000 });
      const watch = drawer.getByRole('region', { name: 'Revert watch' });
      await expect(watch).toContainText(`a revert by Helm release ${namespace}/shop`);

      await standInOwnerRevert(kubectlIn, original, 'Helm (helm upgrade)');
      await expect(page.getByText('Change reverted').first()).toBeVisible({ timeout: 30_000 });
      await expect(watch).toContainText(
        new RegExp(
          `Deployment ${namespace}/${name}: reverted by Helm release ${namespace}/shop \\(field manager stand-in-owner\\) at \\d\\d:\\d\\d:\\d\\d`,
        ),
      );
      const secrets = templatePullSecrets(
        namespace,
        name,
        'jsonpath={.spec.template.spec.imagePullSecrets}',
      );
      expect(secrets.trim()).toBe('');
    });
  });

  test('an Argo CD StatefulSet: the confirmation says the application self-heals, the patch for Git is accepted, the revert is reported', async ({
    page,
    harness,
  }) => {
    await inNewNamespace('e2e-argo', async (namespace) => {
      const secret = aliceSecret(namespace);
      const name = unique('db');
      // Apps in any namespace: the tracking id's application is <namespace>_<name>.
      apply(selfHealingApplication(namespace, 'web'));
      const original = argoTrackedStatefulSet(namespace, name, {
        app: `${namespace}_web`,
        image: `${basic.host}/team/hello:9.9`,
        replicas: 1,
        pullSecrets: [secret],
      });
      apply(original);

      const drawer = await pickTagOneOne(page, harness, { kind: 'StatefulSet', name });
      await drawer.getByRole('button', { name: 'Set image…' }).click();
      const confirm = drawer.getByRole('group', { name: 'Confirm the change' });
      await expect(confirm).toContainText(
        `Argo CD application ${namespace}/web self-heals (now Synced): this change will be reverted within about 3 minutes. Change the manifest in Git instead.`,
      );
      const patch = await harness.copyOf(() =>
        confirm.getByRole('button', { name: 'Copy the change for Git' }).click(),
      );
      expect(patch).toContain(`# patch-statefulset-${name}.yaml: a strategic-merge patch`);
      // The API server accepts the patch as copied (nothing written: a server-side dry run).
      const file = join(mkdtempSync(join(tmpdir(), 'pk-e2e-patch-')), 'patch.yaml');
      writeFileSync(file, patch);
      const dry = JSON.parse(
        await kubectlAsync(
          ...['-n', namespace, 'patch', 'statefulset', name, '--type', 'strategic'],
          ...['--dry-run=server', '-o', 'json', '--patch-file', file],
        ),
      ) as { spec: { template: { spec: { containers: Array<{ image: string }> } } } };
      expect(dry.spec.template.spec.containers[0]!.image).toBe(`${basic.host}/team/hello:1.1`);

      await confirm.getByRole('button', { name: 'Confirm and write' }).click();
      await expect(page.getByText('Written')).toBeVisible({ timeout: 30_000 });
      const watch = drawer.getByRole('region', { name: 'Revert watch' });
      await expect(watch).toContainText(`a revert by Argo CD application ${namespace}/web`);

      await standInOwnerRevert(kubectlIn, original, 'Argo CD (self-heal)');
      await expect(page.getByText('Change reverted').first()).toBeVisible({ timeout: 30_000 });
      await expect(watch).toContainText(
        new RegExp(
          `StatefulSet ${namespace}/${name}: reverted by Argo CD application ${namespace}/web \\(field manager stand-in-owner\\) at \\d\\d:\\d\\d:\\d\\d`,
        ),
      );
    });
  });
});
