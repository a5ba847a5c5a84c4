import type { Page } from '@playwright/test';
import { readClusterState } from '../cluster/state';
import type { Harness } from '../harness/server';
import { expect, test } from './fixtures';
import { screens, seedScreens, type Screen } from './screens';

/**
 * Laptop sizes: a screenshot of every view and dialog (under test-results), no action button
 * outside the window or covered once scrolled to, no clipped table header or placeholder.
 */
const state = readClusterState();

/** Problems on the page as shown: buttons out of reach or covered, clipped text. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element | null) =>
      el
        ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].slice(0, 2).join('.')}`
        : 'nothing';
    const nameOf = (el: Element) =>
      el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '?';
    const dialog = document.querySelector('[role="dialog"]');
    const scope = dialog ?? document;
    for (const el of scope.querySelectorAll<HTMLElement>('button, [role="button"], a[href]')) {
      if (el.closest('[aria-hidden="true"], .p-toast, [data-p-hidden-accessible="true"]')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (el.getClientRects().length === 0) continue;
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const box = el.getBoundingClientRect();
      if (box.width < 1 || box.height < 1) continue;
      if (
        box.left < 0 ||
        box.top < 0 ||
        box.right > innerWidth + 0.5 ||
        box.bottom > innerHeight + 0.5
      ) {
        problems.push(
          `button "${nameOf(el)}" outside the window (${Math.round(box.left)},${Math.round(box.top)} ${Math.round(box.width)}×${Math.round(box.height)})`,
        );
        continue;
      }
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (!hit || !(el === hit || el.contains(hit)))
        problems.push(`button "${nameOf(el)}" covered by ${describe(hit)}`);
    }
    for (const th of scope.querySelectorAll<HTMLElement>('th')) {
      const title = th.querySelector<HTMLElement>('.p-datatable-column-title') ?? th;
      if (title.scrollWidth > title.clientWidth + 1)
        problems.push(`table header "${th.textContent?.trim()}" clipped`);
    }
    const canvas = document.createElement('canvas').getContext('2d')!;
    for (const input of scope.querySelectorAll<HTMLInputElement>(
      'input[placeholder], textarea[placeholder]',
    )) {
      if (input.value || input.getClientRects().length === 0) continue;
      const style = getComputedStyle(input);
      canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const needed = canvas.measureText(input.placeholder).width;
      const room =
        input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (needed > room + 1)
        problems.push(
          `placeholder "${input.placeholder}" clipped (${Math.round(needed)} px text in ${Math.round(room)} px)`,
        );
    }
    return problems;
  });
}

/** A loaded view: no table loading mask, no button still spinning (a cold Pulls list takes ~2 s). */
async function settled(page: Page) {
  await expect(page.locator('.p-datatable-mask, .p-button-loading')).toHaveCount(0, {
    timeout: 30_000,
  });
}

/**
 * Layout problems that last: a live view may move a row while it is measured (a pod changing
 * state), so a finding must still be there after a short wait; a real one always is.
 */
async function lastingProblems(page: Page, patienceMs = 5_000) {
  const deadline = Date.now() + patienceMs;
  let problems = await layoutProblems(page);
  while (problems.length && Date.now() < deadline) {
    await page.waitForTimeout(250);
    problems = await layoutProblems(page);
  }
  return problems;
}

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
