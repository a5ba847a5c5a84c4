import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { readClusterState } from '../cluster/state';
import { clusterSpec, expect, openView, test } from './fixtures';
import { submitRegistryForm } from './registry-form';
import { kubectlSync } from '../kit/kubectl';
import { unique, registryUser } from '../kit/manifests';

const state = readClusterState();
const token = state.registries.token;
const alice = registryUser(token);
const kubectl = (...args: string[]) => kubectlSync(state, { context: 'alpha-admin' })(args);

interface HarnessLike {
  core: { router: { handle(channel: string, input: unknown): Promise<unknown> } };
}

async function createRegistry(harness: HarnessLike, input: Record<string, unknown>) {
  const result = (await harness.core.router.handle('registries:create', {
    context: 'alpha-admin',
    operationId: unique('setup'),
    host: token.host,
    ca: readFileSync(token.caFile!, 'utf8'),
    username: 'alice',
    skipVerify: true,
    ...input,
  })) as { ok: boolean };
  expect(result.ok).toBe(true);
}

async function fillDeployForm(page: Page, namespace: string, name: string, image: string) {
  await page.getByRole('combobox', { name: 'Namespace' }).click();
  await page.getByRole('option', { name: namespace, exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Image', { exact: true }).fill(image);
  // Always: the node may hold the image from an earlier run; we want to watch a real pull.
  await page.getByRole('combobox', { name: 'Image pull policy' }).click();
  await page.getByRole('option', { name: 'Always', exact: true }).click();
}

clusterSpec('one-click deploy on the test cluster, as a user would', 120_000, () => {
  test('form messages: pull policy default named, a too-long name at its field only, required once touched', async ({
    page,
    harness,
  }) => {
    await openView(page, harness, 'deploy');
    await expect(page.getByRole('combobox', { name: 'Image pull policy' })).toHaveText(
      'Default (IfNotPresent for a tag, Always for :latest)',
    );
    const name = page.getByLabel('Name', { exact: true });
    await name.focus();
    await name.blur();
    await expect(page.getByText('Name is required')).toBeVisible();
    await name.fill('a'.repeat(64));
    await page.getByLabel('Image', { exact: true }).fill(`${token.host}/team/hello:1.0`);
    await expect(page.getByText('Name must be at most 63 characters')).toBeVisible();
    // Suggestions and preflight have had their turn: no toast repeats the field's error.
    await expect(page.getByRole('region', { name: 'Preflight' })).toContainText(
      'Fill in name, namespace and image.',
    );
    await page.waitForTimeout(1_500);
    await expect(page.locator('.p-toast-message')).toHaveCount(0);
    await expect(page.getByText(/Too big|✖/)).toHaveCount(0);
  });

  test('deploys team/hello:1.0 from the token registry with a project registry and reaches Ready', async ({
    page,
    harness,
  }) => {
    const secret = unique('e2e-proj');
    await createRegistry(harness, {
      name: secret,
      scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
      password: alice.password,
    });
    const name = unique('e2e-hello');
    await openView(page, harness, 'deploy');
    await fillDeployForm(page, 'team1-dev', name, `${token.host}/team/hello:1.0`);

    await expect(page.getByLabel(secret)).toBeChecked();
    const preflight = page.getByRole('region', { name: 'Preflight' });
    await expect(preflight).toContainText(`${token.host}/team/hello:1.0 found with secret`);
    await expect(preflight).toContainText(`"${name}" is free in team1-dev`);
    await expect(page.getByLabel('Workload YAML')).toContainText('imagePullPolicy: Always');
    await expect(page.getByRole('button', { name: 'Use tag 1.1' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('deploy-form.png'), fullPage: true });

    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(
      page.getByRole('heading', { name: `Rollout of Deployment ${name}` }),
    ).toBeVisible();
    await expect(page.getByRole('status', { name: 'Rollout state: ready' })).toBeVisible({
      timeout: 60_000,
    });
    const timeline = page.getByRole('article').getByRole('list', { name: 'Timeline' });
    for (const step of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started', 'Ready']) {
      await expect(timeline).toContainText(step);
    }
    await expect(page.getByRole('table', { name: 'Events' })).toContainText(
      'Successfully pulled image',
    );
    await page.screenshot({ path: test.info().outputPath('rollout-ready.png'), fullPage: true });
  });

  test('wrong password: reads the diagnosis, fixes the password from the rollout view, retries, reaches Ready', async ({
    page,
    harness,
  }) => {
    // A namespace of its own, so that no other secret for the same registry can rescue the pull.
    const namespace = unique('e2e-fix');
    kubectl('create', 'namespace', namespace);
    try {
      const secret = unique('e2e-wrong');
      await createRegistry(harness, {
        name: secret,
        scope: { kind: 'namespace', namespace },
        password: 'not-the-password',
      });
      const name = unique('e2e-app');
      await openView(page, harness, 'deploy');
      await fillDeployForm(page, namespace, name, `${token.host}/team/hello:1.1`);

      const preflight = page.getByRole('region', { name: 'Preflight' });
      await expect(preflight).toContainText(
        `401 from ${token.host} with secret ${secret}: password rejected`,
        { timeout: 20_000 },
      );
      await expect(page.getByRole('button', { name: 'Launch', exact: true })).toBeDisabled();
      await page.getByRole('button', { name: 'Launch anyway' }).click();

      const alert = page.getByRole('alert').filter({ hasText: 'Why:' });
      await expect(alert).toContainText(
        `the registry rejected the credentials in secret "${secret}" for ${token.host}`,
        { timeout: 60_000 },
      );
      await page.screenshot({
        path: test.info().outputPath('rollout-diagnosis.png'),
        fullPage: true,
      });

      await alert.getByRole('button', { name: `Edit registry ${secret}` }).click();
      const edit = page.getByRole('dialog', { name: `Edit registry ${secret}` });
      await edit.getByLabel('Password or token', { exact: true }).fill(alice.password);
      await submitRegistryForm(edit, 'Save changes');
      await expect(edit).toBeHidden();

      // The kubelet's own back-off retry may win the race on a slow machine: then there is
      // nothing left to retry and the view is already ready.
      const retry = alert.getByRole('button', { name: 'Retry now' });
      const ready = page.getByRole('status', { name: 'Rollout state: ready' });
      await expect(retry.or(ready).first()).toBeVisible({ timeout: 60_000 });
      if (await retry.isVisible()) await retry.click({ timeout: 5_000 }).catch(() => undefined);
      await expect(ready).toBeVisible({ timeout: 60_000 });
      await expect(page.getByRole('alert').filter({ hasText: 'Why:' })).toHaveCount(0);
    } finally {
      kubectl('delete', 'namespace', namespace, '--wait=false');
    }
  });
});
