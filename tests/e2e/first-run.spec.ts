import path from 'node:path';
import os from 'node:os';
import type { Page } from '@playwright/test';
import { expect, fixturesDir, test } from './fixtures';
import { lastingProblems, seriousViolations } from './page-checks';

/** The first screen as shown: no serious axe finding in either theme, fits both laptop sizes. */
async function expectSoundScreen(page: Page) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect((await seriousViolations(page)).problems, `axe, ${colorScheme}`).toEqual([]);
  }
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 700 },
  ]) {
    await page.setViewportSize(size);
    expect(await lastingProblems(page), `layout at ${size.width}x${size.height}`).toEqual([]);
  }
}

/** The first screens a new user can meet: never an empty table. */
test.describe('first run', () => {
  test.describe('with no kubeconfig file', () => {
    const missing = path.join(os.tmpdir(), `pullkey-no-such-kubeconfig-${process.pid}`);
    test.use({ kubeconfig: [missing] });

    test('says what PullKey needs, where it looked, and offers the demo', async ({
      page,
      harness,
    }) => {
      await page.goto(harness.url);
      await expect(page.getByRole('heading', { name: 'No kubeconfig found' })).toBeVisible();
      await expect(page.getByText(`${missing} — does not exist`)).toBeVisible();
      await expect(page.getByText('KUBECONFIG=/path/to/kubeconfig')).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Try the demo cluster' })).toBeVisible();
      expect(
        await harness.copyOf(() =>
          page.getByRole('button', { name: 'Copy the demo command' }).click(),
        ),
      ).toBe('npm run demo');
      await expect(page.getByRole('table')).toHaveCount(0);
      await expectSoundScreen(page);
      // Every view: the same screen, not an empty table.
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Registries' })
        .click();
      await expect(page.getByRole('heading', { name: 'No kubeconfig found' })).toBeVisible();
      await expect(page.getByRole('table')).toHaveCount(0);
    });
  });

  test.describe('with a kubeconfig without contexts', () => {
    test.use({ kubeconfig: [path.join(fixturesDir, 'kubeconfig-empty.yaml')] });

    test('says the file was found but defines no context', async ({ page, harness }) => {
      await page.goto(harness.url);
      await expect(
        page.getByRole('heading', { name: 'Your kubeconfig has no contexts' }),
      ).toBeVisible();
      await expect(page.getByText('found, but defines no context')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Reload kubeconfig' })).toBeVisible();
      await expect(page.getByRole('table')).toHaveCount(0);
      await expectSoundScreen(page);
    });
  });

  test.describe('with only unreachable clusters', () => {
    test.use({ kubeconfig: [path.join(fixturesDir, 'kubeconfig-unreachable.yaml')] });

    test('says none answers, what to check, and still lists what each answered', async ({
      page,
      harness,
    }) => {
      await page.goto(harness.url);
      await expect(
        page.getByRole('heading', { name: 'No cluster in your kubeconfig answers' }),
      ).toBeVisible({ timeout: 20_000 });
      await expect(page.getByRole('button', { name: 'Check the clusters again' })).toBeVisible();
      const table = page.getByRole('table', { name: 'Kubeconfig contexts' });
      await expect(table.getByRole('row', { name: /gone-a/ })).toContainText('CLUSTER_UNREACHABLE');
      await expectSoundScreen(page);
    });
  });
});
