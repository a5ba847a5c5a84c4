import { expectFocusRing, tabStops } from './keyboard-driver';
import { clusterSpec, expect, openView, test } from './fixtures';

/**
 * What the `keyboard` project (every flow again, keyboard-only: tests/e2e/keyboard-driver.ts)
 * does not check: the order Tab walks a page in, and Ctrl+K driven with the arrow keys.
 */
clusterSpec('keyboard only', null, () => {
  test('Tab walks the Deploy view in reading order: sidebar, context switcher, then the form top to bottom', async ({
    page,
    harness,
  }) => {
    await openView(page, harness, 'deploy');
    await expect(page.getByRole('combobox', { name: 'Namespace' })).toBeVisible();
    const stops = await tabStops(page, 14);
    expect(stops).toEqual([
      'link "Clusters"',
      'link "Namespaces"',
      'link "Registries"',
      'link "Deploy"',
      'link "Pulls"',
      'combobox "Cluster context"',
      'textbox "Name"',
      'combobox "Namespace"',
      'textbox "Image"',
      'radio "Deployment"',
      'spinbutton "Replicas"',
      'combobox "Image pull policy"',
      'textbox "Container ports (optional)"',
      'textbox "Environment variables (optional, NAME=value per line)"',
    ]);
    await expectFocusRing(page);
  });

  test('Ctrl+K: Escape closes without a change; typing, an arrow and Enter switch the context', async ({
    page,
    harness,
  }) => {
    await openView(page, harness, 'clusters');
    await page.keyboard.press('Control+k');
    await expect(page.getByPlaceholder('Search contexts')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByPlaceholder('Search contexts')).toBeHidden();
    await expect(page.getByTestId('current-context')).toContainText('alpha-admin');

    await page.keyboard.press('Control+k');
    await page.keyboard.type('beta-adm');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('current-context')).toContainText('beta-admin');
  });
});
