/**
 * The registry detail's "Available to kubectl workloads" switch changes the namespace's default
 * ServiceAccount, which every pod of the namespace without its own imagePullSecrets uses: the
 * patch is shown and confirmed before anything is written. Cancel writes nothing and the switch
 * shows the ServiceAccount as it is; Confirm writes the patch, kubectl sees it, and turning it off
 * takes it out again. In a namespace of its own, so no other test's pods get the pull secret.
 */
import { readClusterState } from '../cluster/state';
import { kubectlSync } from '../kit/kubectl';
import { registryUser } from '../kit/manifests';
import { clusterSpec, expect, test } from './fixtures';

const state = readClusterState();
const basic = state.registries.basic;
const alice = registryUser(basic);
const kubectl = kubectlSync(state, { context: 'alpha-admin' });

const pullSecretsOf = (namespace: string) =>
  kubectl([
    'get',
    'serviceaccount',
    'default',
    '-n',
    namespace,
    '-o',
    'jsonpath={.imagePullSecrets[*].name}',
  ]);

clusterSpec('the default ServiceAccount switch asks first', 120_000, () => {
  test('its patch is shown; Cancel writes nothing; Confirm writes it; off takes it out', async ({
    page,
    harness,
  }) => {
    const id = Date.now().toString(36);
    const namespace = `sa-${id}`;
    const name = `sa-reg-${id}`;
    kubectl(['create', 'namespace', namespace]);
    try {
      // The ServiceAccount controller makes "default" a moment after the namespace.
      await expect
        .poll(() => kubectl(['get', 'serviceaccount', '-n', namespace, '-o', 'name']))
        .toContain('serviceaccount/default');
      const made = await harness.core.router.handle('registries:create', {
        context: 'alpha-admin',
        operationId: `op-${name}`,
        name,
        scope: { kind: 'namespace', namespace },
        host: basic.host,
        username: 'alice',
        password: alice.password,
        skipVerify: true,
      });
      expect(made.ok).toBe(true);

      await page.goto(harness.url.replace('#/clusters', '#/registries'));
      await expect(page.getByTestId('current-context')).toContainText('alpha-admin');
      await page.getByRole('textbox', { name: 'Filter registries' }).fill(name);
      await page.getByRole('button', { name: `Details of ${name}` }).click();
      const drawer = page.getByRole('dialog', { name: `Registry ${name}` });
      await drawer.getByRole('tab', { name: 'Workloads' }).click();
      const toggle = drawer.getByRole('switch', { name: /Available to kubectl workloads/ });
      await expect(toggle).not.toBeChecked();
      await expect(toggle).toBeEnabled();

      // Asked first: the patch, nothing written; Cancel leaves the ServiceAccount as it is.
      await toggle.focus();
      await page.keyboard.press('Space');
      const confirm = drawer.getByRole('group', {
        name: `Confirm the change of the default ServiceAccount in ${namespace}`,
      });
      await expect(confirm).toContainText(
        `Add ${name} to the default ServiceAccount of ${namespace}`,
      );
      await expect(confirm.getByLabel('Patch')).toContainText(`"name": "${name}"`);
      expect(pullSecretsOf(namespace)).toBe('');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toBeHidden();
      await expect(toggle).not.toBeChecked();
      await expect(toggle).toBeFocused();
      expect(pullSecretsOf(namespace)).toBe('');

      // Confirmed: written; the switch follows what was read again.
      await toggle.click();
      await confirm.getByRole('button', { name: 'Confirm and write' }).click();
      await expect(confirm).toBeHidden();
      await expect(toggle).toBeChecked();
      expect(pullSecretsOf(namespace)).toBe(name);

      // Off: asked again, taken out.
      await toggle.click();
      await expect(confirm).toContainText(
        `Remove ${name} from the default ServiceAccount of ${namespace}`,
      );
      await confirm.getByRole('button', { name: 'Confirm and write' }).click();
      // The confirmation goes once the write has answered (the switch showed "off" while asking).
      await expect(confirm).toBeHidden();
      await expect(toggle).not.toBeChecked();
      expect(pullSecretsOf(namespace)).toBe('');
    } finally {
      kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
    }
  });
});
