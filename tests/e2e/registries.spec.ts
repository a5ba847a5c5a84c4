import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readClusterState } from '../cluster/state';
import { dockerConfigFileSecretArgs, kubectlSync } from '../kit/kubectl';
import { clusterSpec, expect, openView, test } from './fixtures';
import { submitRegistryForm } from './registry-form';
import { dockerLogin, registryUser } from '../kit/manifests';

const state = readClusterState();
const token = state.registries.token;
const alice = registryUser(token);
const bob = token.users.find((user) => user.username === 'bob')!;

clusterSpec('registries on the test cluster, as a user would', null, () => {
  test('create a project registry, see 2/2 in sync, reveal and copy the kubectl command, edit, delete', async ({
    page,
    harness,
  }) => {
    // The longest flow of the suite (two namespaces written, verified, edited, deleted).
    test.setTimeout(180_000);
    const name = `e2e-${Date.now().toString(36)}`;
    await openView(page, harness, 'registries');

    // Create, scoped to Rancher project p-team1 (team1-dev + team1-staging).
    await page.getByRole('button', { name: 'New registry' }).click();
    const form = page.getByRole('dialog', { name: 'New registry' });
    await form.getByLabel('Name', { exact: true }).fill('Not_Valid');
    await expect(form.getByText(/DNS-1123 subdomain/)).toBeVisible();
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByText('A project (every namespace in it)').click();
    await form.getByLabel('Project', { exact: true }).click();
    await page.getByRole('option', { name: /p-team1/ }).click();
    await form.getByLabel('Host', { exact: true }).fill(token.host);
    await form.getByLabel('Username', { exact: true }).fill('alice');
    await form.getByLabel('Password or token', { exact: true }).fill(alice.password);
    await form.getByText('TLS for a self-hosted registry').click();
    // The CA is picked in the page (a file input): PullKey's main process never reads a path.
    await form.getByLabel('CA certificate file', { exact: true }).setInputFiles(token.caFile!);
    await form.getByRole('button', { name: 'Verify' }).click();
    await expect(form.getByRole('status')).toContainText('Login accepted');
    await submitRegistryForm(form, 'Create registry');
    await expect(form).toBeHidden();

    const results = page.getByRole('region', { name: 'Operation results' });
    await expect(results).toContainText('2 of 2 done');
    // Large clusters page the table: find the registry as a user would, with the filter.
    await page.getByRole('textbox', { name: 'Filter registries' }).fill(name);
    const row = page
      .getByRole('table', { name: 'Registries' })
      .getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('2/2 in sync');
    await expect(row).toContainText('project p-team1');
    await page.screenshot({ path: test.info().outputPath('registries.png'), fullPage: true });

    // Details: masked config, explicit reveal, copy the kubectl command.
    await row.getByRole('button', { name: `Details of ${name}` }).click();
    const drawer = page.getByRole('dialog', { name: `Registry ${name}` });
    await expect(drawer.getByLabel('Decoded config (passwords masked)')).toContainText('••••••••');
    await expect(drawer).not.toContainText(alice.password);
    await drawer.getByRole('button', { name: 'Reveal passwords' }).click();
    await expect(drawer.getByRole('table', { name: 'Revealed logins' })).toContainText(
      alice.password,
    );
    await drawer.getByRole('tab', { name: 'kubectl' }).click();
    // Copy goes through the main-process channel; the bridge keeps what was copied.
    const clipboard = await harness.copyOf(() =>
      drawer.getByRole('button', { name: 'Copy kubectl command' }).click(),
    );
    await expect(page.getByText('kubectl command copied to the clipboard')).toBeVisible();
    expect(clipboard).toContain(
      `kubectl --context alpha-admin create secret docker-registry ${name}`,
    );
    expect(clipboard).toContain(`--docker-password=${alice.password}`);
    await page.screenshot({ path: test.info().outputPath('registry-detail.png') });

    // Edit: switch the login to bob (verified against the token registry), in both copies.
    await drawer.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: `Edit registry ${name}` });
    await edit.getByLabel('Username', { exact: true }).fill('bob');
    await edit.getByLabel('Password or token', { exact: true }).fill(bob.password);
    await edit.getByText('TLS for a self-hosted registry').click();
    await edit.getByLabel('CA certificate file', { exact: true }).setInputFiles(token.caFile!);
    await submitRegistryForm(edit, 'Save changes');
    await expect(edit).toBeHidden();
    await expect(row).toContainText('bob');
    await expect(row).toContainText('2/2 in sync');

    // Delete, confirming the list of secrets.
    await row.getByRole('button', { name: `Details of ${name}` }).click();
    await drawer.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: `Delete registry ${name}?` });
    await expect(confirm.getByRole('list', { name: 'Secrets to delete' })).toContainText(
      `team1-dev/${name}`,
    );
    await expect(confirm.getByRole('list', { name: 'Secrets to delete' })).toContainText(
      `team1-staging/${name}`,
    );
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(row).toHaveCount(0);
  });

  test('a secret with several registries lets the user pick which one to edit', async ({
    page,
    harness,
  }) => {
    const name = `multi-${Date.now().toString(36)}`;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pk-e2e-'));
    const config = {
      auths: {
        'quay.io': dockerLogin('quser', 'qpass'),
        [token.host]: dockerLogin('alice', 'x'),
      },
    };
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    kubectlSync(state, { context: 'alpha-admin' })(
      dockerConfigFileSecretArgs('sandbox', name, path.join(dir, 'config.json')),
    );
    await page.goto(harness.url.replace('#/clusters', '#/registries'));
    // Large clusters page the table: find the registry as a user would, with the filter.
    await page.getByRole('textbox', { name: 'Filter registries' }).fill(name);
    const row = page
      .getByRole('table', { name: 'Registries' })
      .getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('quay.io');
    await row.getByRole('button', { name: `Details of ${name}` }).click();
    const drawer = page.getByRole('dialog', { name: `Registry ${name}` });
    await expect(drawer).toContainText('managed by another tool');
    await drawer.getByRole('button', { name: 'Edit entry quay.io' }).click();
    const edit = page.getByRole('dialog', { name: `Edit registry ${name}` });
    await expect(edit.getByLabel('Host', { exact: true })).toHaveValue('quay.io');
    await expect(edit.getByLabel('Username', { exact: true })).toHaveValue('quser');
    await expect(edit).toContainText('other registries in the same secret stay');
  });
});
