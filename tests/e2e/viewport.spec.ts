import type { Page } from '@playwright/test';
import { readClusterState } from '../cluster/state';
import type { Harness } from '../harness/server';
import { expect, test } from './fixtures';
import { lastingProblems, settled } from './page-checks';
import { screens, seedScreens, type Screen } from './screens';

/**
 * Laptop sizes: a screenshot of every view and dialog (under test-results), no action button
 * outside the window or covered once scrolled to, no clipped table header or placeholder.
 */
const state = readClusterState();

async function check(page: Page, harness: Harness, list: Screen[], size: string) {
  await seedScreens(harness);
  const found: Record<string, string[]> = {};
  for (const screen of list) {
    await test.step(screen.name, async () => {
      const close = await screen.open(page, harness.url);
      await settled(page);
      const slug = screen.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      await page.screenshot({ path: test.info().outputPath(`${size}-${slug}.png`) });
      const problems = await lastingProblems(page);
      if (problems.length) found[screen.name] = problems;
      if (close) await close();
    });
  }
  return found;
}

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]) {
  const label = `${size.width}x${size.height}`;
  test.describe(`viewport ${label}`, () => {
    test.use({ kubeconfig: [state.kubeconfig], viewport: size });
    test.setTimeout(300_000);

    test('views and dialogs outside the registries area fit', async ({ page, harness }) => {
      const list = screens.filter((screen) => screen.area === 'shell' && !screen.known?.viewport);
      expect(await check(page, harness, list, label)).toEqual({});
    });

    test('registries view and dialogs fit', async ({ page, harness }) => {
      const list = screens.filter(
        (screen) => screen.area === 'registries' && !screen.known?.viewport,
      );
      expect(await check(page, harness, list, label)).toEqual({});
    });

    for (const screen of screens.filter((candidate) => candidate.known?.viewport)) {
      test.fixme(`${screen.name} at ${label}: ${screen.known?.viewport}`, async ({
        page,
        harness,
      }) => {
        expect(await check(page, harness, [screen], label)).toEqual({});
      });
    }
  });
}
