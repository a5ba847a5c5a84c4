import path from 'node:path';
import { expect, fixturesDir, openView, test } from './fixtures';

test.describe('app shell through the test bridge', () => {
  test('renders navigation, header and the kubeconfig contexts', async ({ page, harness }) => {
    await page.goto(harness.url);

    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Clusters', 'Registries', 'Deploy']) {
      await expect(nav.getByRole('link', { name })).toBeVisible();
    }
    await expect(page.getByRole('heading', { name: 'Clusters' })).toBeVisible();

    const table = page.getByRole('table', { name: 'Kubeconfig contexts' });
    await expect(table.getByRole('row', { name: /alpha/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /beta/ })).toBeVisible();
    // kubectl's current-context is the initial selection.
    await expect(page.getByTestId('current-context')).toContainText('alpha');
    await expect(page.getByTestId('current-context')).toContainText('namespace team1-dev');
    await expect(page.getByRole('status', { name: /Keychain ready/ })).toBeVisible();

    await page.screenshot({ path: test.info().outputPath('shell.png'), fullPage: true });
  });

  test('selecting a context in the switcher changes the header and is remembered', async ({
    page,
    harness,
  }) => {
    await openView(page, harness, 'clusters', 'alpha');

    await page.getByRole('combobox', { name: 'Cluster context' }).click();
    await page.getByRole('option', { name: /beta/ }).click();
    await expect(page.getByTestId('current-context')).toContainText('beta');
    await expect(page.getByTestId('current-context')).toContainText('https://127.0.0.1:7443');

    await page.reload();
    await expect(page.getByTestId('current-context')).toContainText('beta');
  });

  test('Ctrl+K opens the switcher and filters by typing', async ({ page, harness }) => {
    await openView(page, harness, 'clusters', 'alpha');
    await page.keyboard.press('Control+k');
    await expect(page.getByPlaceholder('Search contexts')).toBeFocused();
    await page.keyboard.type('bet');
    await expect(page.getByRole('option')).toHaveCount(1);
    // Enter picks the first match.
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('current-context')).toContainText('beta');
  });

  test('Ctrl+K then typing at once loses no key', async ({ page, harness }) => {
    await openView(page, harness, 'clusters', 'alpha');
    // No wait between Ctrl+K and the keys: the search box has the focus before the first one.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('beta');
    await expect(page.getByPlaceholder('Search contexts')).toHaveValue('beta');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('current-context')).toContainText('beta');
  });

  test('Ctrl+K reopens empty with the context in use selected; no match keeps the selection shown', async ({
    page,
    harness,
  }) => {
    await openView(page, harness, 'clusters', 'alpha');
    const switcher = page.getByRole('combobox', { name: 'Cluster context' });
    const search = page.getByPlaceholder('Search contexts');

    await page.keyboard.press('Control+k');
    await page.keyboard.type('zzz-nothing');
    await expect(
      page.getByRole('option', { name: 'No context matches this search' }),
    ).toBeVisible();
    // The selection is still what the switcher shows, never the "No context" placeholder.
    await expect(switcher).toHaveText('alpha');
    await expect(switcher).not.toContainText('No context');
    await page.keyboard.press('Escape');
    await expect(search).toBeHidden();

    await page.keyboard.press('Control+k');
    await expect(search).toBeFocused();
    await expect(search).toHaveValue('');
    await expect(page.getByRole('option')).toHaveCount(2);
    await expect(page.getByRole('option', { name: /alpha/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await page.keyboard.press('Escape');
  });

  test('Ctrl+K highlights the context in use, also the second context, also from the box itself', async ({
    page,
    harness,
  }) => {
    await openView(page, harness, 'clusters', 'alpha');
    const search = page.getByPlaceholder('Search contexts');
    const highlighted = async (name: RegExp) => {
      const option = page.getByRole('option', { name });
      await expect(option).toHaveAttribute('aria-selected', 'true');
      // PrimeVue drops the highlight on a blur 100 ms after focus moves: look after that.
      await page.waitForTimeout(300);
      const active = await search.getAttribute('aria-activedescendant');
      expect(active, 'a highlighted option').toBeTruthy();
      await expect(option).toHaveAttribute('id', active!);
    };

    // beta is the second option, so "highlighted" cannot be "the first one". Type once the box
    // has the focus (keys pressed while the overlay is still opening go to the page).
    await page.keyboard.press('Control+k');
    await expect(search).toBeFocused();
    await page.keyboard.type('bet');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('current-context')).toContainText('beta');

    await page.keyboard.press('Control+k');
    await expect(search).toBeFocused();
    await expect(search).toHaveValue('');
    await highlighted(/beta/);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('current-context')).toContainText('alpha');

    // With the keyboard already on the closed box.
    await page.getByRole('combobox', { name: 'Cluster context' }).focus();
    await page.keyboard.press('Control+k');
    await expect(search).toBeFocused();
    await highlighted(/alpha/);
    await page.keyboard.press('Escape');
  });

  test.describe('with a broken kubeconfig file next to a good one', () => {
    test.use({
      kubeconfig: [
        path.join(fixturesDir, 'kubeconfig-broken.yaml'),
        path.join(fixturesDir, 'kubeconfig-two.yaml'),
      ],
    });

    test('shows the error with file and line while the other contexts stay usable', async ({
      page,
      harness,
    }) => {
      await page.goto(harness.url);
      const problems = page.getByRole('region', { name: 'Kubeconfig problems' });
      await expect(problems).toContainText('kubeconfig-broken.yaml:');
      await page.getByRole('button', { name: 'Use context beta' }).click();
      await expect(page.getByTestId('current-context')).toContainText('beta');
    });
  });
});
