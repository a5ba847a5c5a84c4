import { readClusterState } from '../cluster/state';
import { clusterSpec, expect, openView, test } from './fixtures';

// Needs the test cluster (npm test starts it; by hand: npm run cluster:up).
const state = readClusterState();

clusterSpec('contexts, namespaces and projects on the test cluster', null, () => {
  test('switching context with the keyboard changes the namespaces and projects shown', async ({
    page,
    harness,
  }) => {
    await openView(page, harness, 'namespaces');
    const namespaces = page.getByRole('table', { name: 'Namespaces' });
    await expect(namespaces.getByRole('row', { name: /team2-app/ })).toBeVisible();
    await expect(page.getByRole('listitem', { name: 'Project p-team2' })).toBeVisible();
    // The namespaces informer's freshness, as on the other live views.
    await expect(page.getByRole('status', { name: /^Namespaces list: Live/ })).toHaveText('Live');

    await page.keyboard.press('Control+k');
    await expect(page.getByPlaceholder('Search contexts')).toBeFocused();
    await page.keyboard.type('beta-adm');
    // Enter picks the first match.
    await page.keyboard.press('Enter');

    await expect(page.getByTestId('current-context')).toContainText('beta-admin');
    await expect(namespaces.getByRole('row', { name: /beta-apps/ })).toBeVisible();
    await expect(namespaces.getByRole('row', { name: /team2-app/ })).toHaveCount(0);
    await expect(page.getByRole('listitem', { name: 'Project p-team1' })).toBeVisible();
    await expect(page.getByRole('listitem', { name: 'Project p-team2' })).toHaveCount(0);
  });

  test('the Clusters view shows each context’s status and counts', async ({ page, harness }) => {
    await page.goto(harness.url);
    const table = page.getByRole('table', { name: 'Kubeconfig contexts' });
    await expect(table.getByRole('row', { name: /^alpha-admin/ })).toContainText(
      state.kubernetesVersion,
    );
    await expect(table.getByRole('row', { name: /^beta-admin/ })).toContainText(
      state.kubernetesVersion,
    );
    await page.screenshot({ path: test.info().outputPath('clusters.png'), fullPage: true });
  });

  test('an exec plugin context is checked only when asked', async ({ page, harness }) => {
    await page.goto(harness.url);
    const table = page.getByRole('table', { name: 'Kubeconfig contexts' });
    await expect(table.getByRole('row', { name: /^alpha-admin/ })).toContainText(
      state.kubernetesVersion,
    );
    const exec = table.getByRole('row', { name: /^alpha-exec/ });
    await expect(exec).toContainText('Not checked');
    await exec.getByRole('button', { name: 'Check context alpha-exec' }).click();
    await expect(exec).toContainText(state.kubernetesVersion);
  });

  test('a PullKey project is created from the UI and dissolved again', async ({
    page,
    harness,
  }) => {
    await page.goto(harness.url.replace('#/clusters', '#/namespaces'));
    await expect(
      page.getByRole('table', { name: 'Namespaces' }).getByRole('row', { name: /sandbox/ }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New PullKey project' });
    await dialog.getByLabel('Project name').fill('Bad_Name');
    await expect(dialog.getByText(/DNS-1123 label/)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Create project' })).toBeDisabled();
    await dialog.getByLabel('Project name').fill('e2e-shop');
    await dialog.getByLabel('sandbox').check();
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await expect(dialog).toBeHidden();
    const project = page.getByRole('listitem', { name: 'Project e2e-shop' });
    await expect(project).toContainText('sandbox');
    await page.screenshot({ path: test.info().outputPath('namespaces.png'), fullPage: true });

    await page.getByRole('button', { name: 'Dissolve project e2e-shop' }).click();
    await page
      .getByRole('dialog', { name: /Dissolve project e2e-shop/ })
      .getByRole('button', { name: 'Dissolve' })
      .click();
    await expect(project).toHaveCount(0);
  });
});
