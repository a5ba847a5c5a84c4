/**
 * The Pull doctor as a user drives it, in Chromium through the test bridge, on the test cluster.
 * Workloads are made with kubectl (not PullKey); the fix is checked with kubectl.
 */
import type { Locator } from '@playwright/test';
import { clusterSpec, expect, openView, test } from './fixtures';
import { submitRegistryForm } from './registry-form';
import {
  alice,
  apply,
  basic,
  deployment as kubectlDeployment,
  kubectl,
  kubectlAsync,
  deploymentSpec,
  recreateAndWaitRunning,
  registrySecret,
  unique,
  waitRunning,
  inNewNamespace,
  openPulls,
  openPullDetails,
  templatePullSecrets,
  aliceSecret,
  saveAliceLogin,
} from './cluster';

const deployment = (namespace: string, name: string, pullSecrets: string[]) =>
  kubectlDeployment(namespace, name, { pullSecrets });

/** Waits until the table of failing pulls has no row for `name` (its pods run). */
const noFailingRow = (failing: Locator, name: string) =>
  expect(failing.getByRole('row').filter({ hasText: name })).toHaveCount(0, { timeout: 30_000 });

/** The Deployment's spec without the pod template's imagePullSecrets (what must not change). */
function specWithoutPullSecrets(namespace: string, name: string) {
  const object = JSON.parse(kubectl('get', 'deployment', name, '-n', namespace, '-o', 'json')) as {
    metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec: { template: { spec: Record<string, unknown> } };
  };
  delete object.spec.template.spec.imagePullSecrets;
  const annotations = { ...object.metadata.annotations };
  delete annotations['deployment.kubernetes.io/revision'];
  return { labels: object.metadata.labels, annotations, spec: object.spec };
}

clusterSpec('Pulls: every failing pull on the cluster, explained and fixed', 150_000, () => {
  test('a kubectl workload without credentials shows its diagnosis; attaching a registry makes it Running, nothing else changed', async ({
    page,
    harness,
  }) => {
    await inNewNamespace('e2e-pulls', async (namespace) => {
      const name = unique('nocred');
      apply(deployment(namespace, name, []));
      // A login saved in the keychain (as "Import from Docker" or an earlier registry would).
      await saveAliceLogin(harness);

      await openView(page, harness, 'pulls');
      const failing = page.getByRole('table', { name: 'Failing pulls' });
      const row = failing.getByRole('row').filter({ hasText: name });
      await expect(row).toContainText(`no credentials for ${basic.host}`, { timeout: 45_000 });
      await expect(row).toContainText(namespace);
      await expect(page.getByText('Live', { exact: true }).first()).toBeVisible();

      await page.screenshot({ path: test.info().outputPath('pulls.png'), fullPage: true });

      // Filter, then keyboard: the Details button is reachable and opens the detail.
      await page.getByLabel('Filter pulls').fill(name);
      await expect(failing.getByRole('row')).toHaveCount(2);
      const details = page.getByRole('button', { name: `Details of Deployment ${name}` });
      await details.focus();
      await page.keyboard.press('Enter');
      const drawer = page.getByRole('dialog');
      await expect(drawer).toContainText("Where do this pod's pull credentials come from?");
      await expect(drawer).toContainText('default');

      const diagnostics = await harness.copyOf(() =>
        drawer.getByRole('button', { name: 'Copy diagnostics' }).click(),
      );
      expect(diagnostics).toContain(`# Image pull problem: Deployment ${namespace}/${name}`);
      expect(diagnostics).not.toContain(alice.password);

      const before = specWithoutPullSecrets(namespace, name);
      await expect(drawer.getByRole('combobox', { name: 'Saved login' })).toContainText('alice');
      await drawer.getByRole('button', { name: 'Create registry and attach…' }).click();
      await expect(drawer.getByLabel('Patch')).toContainText('spec.template.spec.imagePullSecrets');
      await page.screenshot({ path: test.info().outputPath('pulls-fix.png'), fullPage: true });
      await drawer.getByRole('button', { name: 'Confirm and write' }).click();

      // The bridge serves the page from this process: wait without blocking it.
      await expect(page.getByText('Registry attached')).toBeVisible({ timeout: 30_000 });
      await waitRunning(namespace, name);
      const secrets = templatePullSecrets(
        namespace,
        name,
        'jsonpath={.spec.template.spec.imagePullSecrets[*].name}',
      );
      expect(secrets.trim()).toBe(basic.host.replace(/[^a-z0-9]+/g, '-'));
      expect(specWithoutPullSecrets(namespace, name)).toEqual(before);
      await noFailingRow(failing, name);
    });
  });

  test('a running workload whose pull secret was deleted is listed under latent problems', async ({
    page,
    harness,
  }) => {
    await inNewNamespace('e2e-latent', async (namespace) => {
      const secret = aliceSecret(namespace);
      const name = unique('runs');
      apply(deployment(namespace, name, [secret]));
      kubectl('rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=90s');
      kubectl('delete', 'secret', secret, '-n', namespace);

      await page.goto(harness.url.replace('#/clusters', '#/pulls'));
      const latent = page.getByRole('table', {
        name: 'Latent problems: will fail when rescheduled',
      });
      const row = latent.getByRole('row').filter({ hasText: name });
      await expect(row).toContainText(
        `will fail when rescheduled: pull secret "${secret}" is missing`,
        {
          timeout: 45_000,
        },
      );
      await expect(page.getByText('re-verify pull credentials').first()).toBeVisible();
    });
  });

  test('fix 1: a kubectl secret with a wrong password is "credentials rejected"; editing it there makes the pods Running', async ({
    page,
    harness,
  }) => {
    await inNewNamespace('e2e-rejected', async (namespace) => {
      const secret = unique('cred');
      registrySecret(secret, namespace, 'alice', 'not-her-password');
      const name = unique('rejected');
      apply(deployment(namespace, name, [secret]));
      const before = deploymentSpec(namespace, name);

      const failing = await openPulls(page, harness);
      const row = failing.getByRole('row').filter({ hasText: name });
      await expect(row).toContainText(
        `the registry rejected the credentials in secret "${secret}"`,
        {
          timeout: 45_000,
        },
      );
      await page.getByRole('button', { name: `Details of Deployment ${name}` }).click();
      await page.getByRole('button', { name: `Edit registry ${secret}` }).click();
      const edit = page.getByRole('dialog', { name: `Edit registry ${secret}` });
      await expect(edit.getByLabel('Username', { exact: true })).toHaveValue('alice');
      await edit.getByLabel('Password or token', { exact: true }).fill(alice.password);
      await submitRegistryForm(edit, 'Save changes');
      await expect(edit).toBeHidden({ timeout: 30_000 });

      await recreateAndWaitRunning(namespace, name);
      expect(deploymentSpec(namespace, name)).toEqual(before);
      await noFailingRow(failing, name);
    });
  });

  test('fix 3: a pull secret missing in the namespace is copied from where it exists; the pods then run', async ({
    page,
    harness,
  }) => {
    const namespace = unique('e2e-missing');
    const from = unique('e2e-source');
    kubectl('create', 'namespace', namespace);
    kubectl('create', 'namespace', from);
    try {
      const secret = unique('shared');
      registrySecret(secret, from, 'alice', alice.password);
      const name = unique('missing');
      apply(deployment(namespace, name, [secret]));
      const before = deploymentSpec(namespace, name);

      const drawer = await openPullDetails(
        page,
        harness,
        { kind: 'Deployment', name },
        `imagePullSecrets names "${secret}", missing in namespace ${namespace}`,
      );
      await drawer.getByRole('button', { name: `Copy secret ${secret} from ${from}…` }).click();
      const preview = drawer.getByLabel('Patch');
      await expect(preview).toContainText(`pullkey.dev/copied-from: ${from}/${secret}`);
      // What the copy hands over, and who else can read it once copied.
      await expect(preview).toContainText(`${basic.host}, user alice`);
      await expect(
        drawer.getByText(`Everyone who can read secrets in namespace ${namespace}`),
      ).toBeVisible();
      await expect(preview).not.toContainText(alice.password);
      await drawer.getByRole('button', { name: 'Confirm and write' }).click();
      await expect
        // Async (the page's back end runs in this process) and not-found is no error yet: the
        // write may still be on its way.
        .poll(
          async () =>
            (
              await kubectlAsync(
                'get',
                'secret',
                secret,
                '-n',
                namespace,
                '--ignore-not-found',
                '-o',
                'name',
              )
            ).trim(),
          { timeout: 30_000 },
        )
        .toBe(`secret/${secret}`);

      await recreateAndWaitRunning(namespace, name);
      expect(deploymentSpec(namespace, name)).toEqual(before);
    } finally {
      kubectl('delete', 'namespace', namespace, '--wait=false');
      kubectl('delete', 'namespace', from, '--wait=false');
    }
  });
});
