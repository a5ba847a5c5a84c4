/**
 * Issue 19, step 1: a project registry created through the form is previewed before anything is
 * written. The API server's dry run is shown per namespace (one namespace already holds a foreign
 * secret of that name: shown as a clash that Confirm leaves in place), with the secret as it would
 * be written; kubectl finds nothing in the cluster until Confirm; Back keeps what was typed.
 */
import { readClusterState } from '../cluster/state';
import { genericSecretArgs, getSecretArgs, kubectlSync, secretHolders } from '../kit/kubectl';
import { registryUser } from '../kit/manifests';
import { clusterSpec, expect, openView, test } from './fixtures';
import { confirmButton, confirmRegistryWrite } from './registry-form';

const state = readClusterState();
const basic = state.registries.basic;
const alice = registryUser(basic);
const kubectl = kubectlSync(state, { context: 'alpha-admin' });

clusterSpec('the registry form previews its write (issue 19)', 120_000, () => {
  test('a project registry: the dry run per namespace, a foreign secret named as a clash, nothing written before Confirm', async ({
    page,
    harness,
  }) => {
    const name = `preview-${Date.now().toString(36)}`;
    // Someone else's secret of the same name in one namespace of project p-team1.
    kubectl(genericSecretArgs('team1-staging', name, '--from-literal=token=not-a-registry'));
    try {
      await openView(page, harness, 'registries');
      await page.getByRole('button', { name: 'New registry' }).click();
      const form = page.getByRole('dialog', { name: 'New registry' });
      await form.getByLabel('Name', { exact: true }).fill(name);
      await form.getByText('A project (every namespace in it)').click();
      await form.getByLabel('Project', { exact: true }).click();
      await page.getByRole('option', { name: /p-team1/ }).click();
      await form.getByLabel('Host', { exact: true }).fill(basic.host);
      await form.getByLabel('Username', { exact: true }).fill('alice');
      await form.getByLabel('Password or token', { exact: true }).fill(alice.password);
      await form.getByRole('button', { name: 'Create registry', exact: true }).click();

      // The dry run, per namespace: one create, one clash with the foreign secret.
      const checked = form.getByRole('region', { name: 'The create checked on the cluster' });
      await expect(checked).toContainText(`team1-dev: create secret ${name}`);
      await expect(checked).toContainText(`team1-staging: clash: secret ${name}`);
      await expect(form.getByRole('list', { name: 'Left as they are' })).toContainText(
        'team1-staging: clash — a secret',
      );
      await expect(confirmButton(form)).toHaveText(
        'Confirm: create in 1 namespace, leave 1 namespace as it is',
      );
      // The secret as it would be written: passwords masked, the kubectl command.
      await expect(form.getByLabel('Decoded config (passwords masked)')).toContainText(basic.host);
      await expect(form).not.toContainText(alice.password);
      await expect(form.getByLabel('Equivalent kubectl command')).toContainText(
        `create secret docker-registry ${name}`,
      );
      // Nothing written yet: only the foreign secret exists.
      expect(secretHolders(kubectl, name)).toEqual(['team1-staging']);

      // Back: the form again, with what was typed (the password too).
      await form.getByRole('button', { name: 'Back', exact: true }).click();
      await expect(form.getByLabel('Name', { exact: true })).toHaveValue(name);
      await expect(form.getByLabel('Password or token', { exact: true })).toHaveValue(
        alice.password,
      );
      expect(secretHolders(kubectl, name)).toEqual(['team1-staging']);

      // Submit again and Confirm: team1-dev is written; the foreign secret is left as it was.
      await form.getByRole('button', { name: 'Create registry', exact: true }).click();
      await confirmRegistryWrite(form);
      await expect(form).toBeHidden();
      const results = page.getByRole('region', { name: 'Operation results' });
      await expect(results).toContainText('2 of 2 done');
      expect(secretHolders(kubectl, name)).toEqual(['team1-dev', 'team1-staging']);
      expect(kubectl(getSecretArgs('team1-dev', name, 'jsonpath={.type}'))).toBe(
        'kubernetes.io/dockerconfigjson',
      );
      expect(kubectl(getSecretArgs('team1-staging', name, 'jsonpath={.type}'))).toBe('Opaque');
    } finally {
      for (const namespace of ['team1-dev', 'team1-staging'])
        kubectl(['delete', 'secret', name, '-n', namespace, '--ignore-not-found']);
    }
  });
});
