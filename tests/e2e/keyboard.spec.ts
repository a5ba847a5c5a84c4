import type { Page } from '@playwright/test';
import { readClusterState } from '../cluster/state';
import { expect, test } from './fixtures';

/**
 * The main flows with the keyboard only (Tab, Enter, Escape, arrows; no mouse), each focused
 * control showing a focus ring.
 */
const state = readClusterState();
const image = `${state.registries.public.host}/public/hello:1.0`;

/**
 * The focused control's focus ring: a visible outline or box-shadow on it, or on the field box
 * around it (PrimeVue draws a Select's ring on its container).
 */
async function expectFocusRing(page: Page) {
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { ok: false, what: 'nothing focused' };
    const visible = (node: Element) => {
      const style = getComputedStyle(node);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
      return outline || shadow;
    };
    const box = el.closest('.p-select, .p-inputnumber, .p-multiselect');
    return {
      ok: visible(el) || (box !== null && visible(box)),
      what: `${el.tagName} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40)}`,
    };
  });
  expect(ring.ok, `focus ring on ${ring.what}`).toBe(true);
}

/** Tabs until the element matching `name` (accessible name via aria) has focus. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (
      await target.evaluate(
        (el) => el === document.activeElement || el.contains(document.activeElement),
      )
    )
      return;
  }
  throw new Error(`never reached ${target.toString()} with Tab`);
}

test.describe('keyboard only', () => {
  test.use({ kubeconfig: [state.kubeconfig] });
  test.setTimeout(180_000);

  test('navigate, switch context with Ctrl+K and arrows, deploy and see the rollout', async ({
    page,
    harness,
  }) => {
    await page.goto(harness.url);
    await expect(page.getByTestId('current-context')).toBeVisible();

    // Switch context: Ctrl+K, arrows, Enter; Escape closes without changing.
    await page.keyboard.press('Control+k');
    await expect(page.getByPlaceholder('Search contexts')).toBeFocused();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('alpha-admin');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('current-context')).toContainText('alpha-admin');

    // Sidebar: Tab to Deploy, Enter.
    const deployLink = page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Deploy' });
    await page.locator('body').focus();
    await tabTo(page, deployLink);
    await expectFocusRing(page);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Deploy', exact: true })).toBeVisible();

    // The form: Tab through the fields, type, pick a namespace with arrows.
    const name = `kb-${Date.now().toString(36)}`;
    await tabTo(page, page.getByLabel('Name', { exact: true }));
    await expectFocusRing(page);
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('combobox', { name: 'Namespace' })).toBeFocused();
    await expectFocusRing(page);
    await page.keyboard.press('Enter');
    await page.keyboard.type('sandbox');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('combobox', { name: 'Namespace' })).toHaveText('sandbox');
    await tabTo(page, page.getByLabel('Image', { exact: true }));
    await page.keyboard.type(image);
    await expect(page.getByRole('region', { name: 'Preflight' })).toContainText('found', {
      timeout: 30_000,
    });
    const launch = page.getByRole('button', { name: 'Launch', exact: true });
    await expect(launch).toBeEnabled();
    await tabTo(page, launch, 120);
    await expectFocusRing(page);
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('heading', { name: `Rollout of Deployment ${name}` }),
    ).toBeVisible();
    await expect(page.getByRole('status', { name: 'Rollout state: ready' })).toBeVisible({
      timeout: 60_000,
    });
  });
});
