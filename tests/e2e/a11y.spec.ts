import type { Page } from '@playwright/test';
import { readClusterState } from '../cluster/state';
import type { Harness } from '../harness/server';
import { expect, test } from './fixtures';
import { seriousViolations } from './page-checks';
import { screens, seedScreens, type Screen } from './screens';

/**
 * axe-core on every view and dialog, light and dark: no serious or critical violation. One
 * page per theme and area; the figures go to the test's attachments.
 */
const state = readClusterState();

async function audit(
  page: Page,
  harness: Harness,
  list: Screen[],
): Promise<{ found: Record<string, string[]>; rules: number }> {
  await seedScreens(harness);
  const found: Record<string, string[]> = {};
  let rules = 0;
  for (const screen of list) {
    await test.step(screen.name, async () => {
      const close = await screen.open(page, harness.url);
      const result = await seriousViolations(page);
      rules += result.rules;
      if (result.problems.length) found[screen.name] = result.problems;
      if (close) await close();
    });
  }
  return { found, rules };
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`axe, ${theme} theme`, () => {
    test.use({ kubeconfig: [state.kubeconfig], colorScheme: theme });
    test.setTimeout(300_000);

    test('views and dialogs outside the registries area: 0 serious or critical', async ({
      page,
      harness,
    }) => {
      const shell = screens.filter((screen) => screen.area === 'shell' && !screen.known?.axe);
      const { found, rules } = await audit(page, harness, shell);
      test.info().annotations.push({
        type: 'axe',
        description: `${theme}: ${shell.length} screens, ${rules} rule results, ${Object.values(found).flat().length} serious/critical`,
      });
      expect(found).toEqual({});
    });

    test('registries view and dialogs: 0 serious or critical', async ({ page, harness }) => {
      const registries = screens.filter(
        (screen) => screen.area === 'registries' && !screen.known?.axe,
      );
      const { found } = await audit(page, harness, registries);
      expect(found).toEqual({});
    });

    // Registries-area defects (owned by the registries work): enable once fixed.
    for (const screen of screens.filter((candidate) => candidate.known?.axe)) {
      test.fixme(`${screen.name}: ${screen.known?.axe}`, async ({ page, harness }) => {
        const { found } = await audit(page, harness, [screen]);
        expect(found).toEqual({});
      });
    }
  });
}
