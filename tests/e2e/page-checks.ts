/**
 * Checks of the page as shown, shared by the axe, viewport and first-run specs: serious axe
 * violations, and layout problems (an action button out of the window or covered, clipped text).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { atRest } from './at-rest';
import { expect } from './fixtures';

/** axe-core's serious and critical violations, one line each, and how many rule results ran. */
export async function seriousViolations(
  page: Page,
): Promise<{ problems: string[]; rules: number }> {
  await settled(page);
  await atRest(page);
  const result = await new AxeBuilder({ page }).analyze();
  const problems = result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
  return { problems, rules: result.passes.length + result.violations.length };
}

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
export async function settled(page: Page) {
  await expect(page.locator('.p-datatable-mask, .p-button-loading')).toHaveCount(0, {
    timeout: 30_000,
  });
  await expect(page.getByText('Loading…', { exact: true })).toHaveCount(0, { timeout: 30_000 });
}

/**
 * Layout problems that last: a live view may move a row while it is measured (a pod changing
 * state), so a finding must still be there after a short wait; a real one always is.
 */
export async function lastingProblems(page: Page, patienceMs = 5_000) {
  await atRest(page);
  const deadline = Date.now() + patienceMs;
  let problems = await layoutProblems(page);
  while (problems.length && Date.now() < deadline) {
    await page.waitForTimeout(250);
    problems = await layoutProblems(page);
  }
  return problems;
}
