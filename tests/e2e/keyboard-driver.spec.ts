/**
 * The keyboard driver itself (tests/e2e/keyboard-driver.ts) on small pages of its own: what a
 * click becomes, and that each way a control can be unusable by keyboard fails with a clear
 * message. No cluster needed.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ input: 'keyboard' });

/** A page that logs every key and click it gets. */
async function open(page: Page, body: string) {
  await page.setContent(`<!doctype html><style>
      .plain:focus-visible { outline: none; }
    </style><main>${body}</main>
    <script>
      window.keys = [];
      window.clicks = [];
      document.addEventListener('keydown', (e) => e.key !== 'Shift' && keys.push((e.shiftKey ? 'Shift+' : '') + e.key), true);
      document.addEventListener('click', (e) => clicks.push(e.target.textContent.trim() || e.target.id));
    </script>`);
}
const keys = (page: Page) => page.evaluate(() => (window as unknown as { keys: string[] }).keys);
const clicks = (page: Page) =>
  page.evaluate(() => (window as unknown as { clicks: string[] }).clicks);

const buttons = (count: number) =>
  Array.from({ length: count }, (_, i) => `<button>Button ${i + 1}</button>`).join('');

test('a click takes the shorter way with Tab or Shift+Tab (round the end too), then presses Enter', async ({
  page,
}) => {
  await open(page, buttons(30));
  // From the page itself: Shift+Tab enters at the end.
  await page.getByRole('button', { name: 'Button 29' }).click();
  expect(await keys(page)).toEqual(['Shift+Tab', 'Shift+Tab', 'Enter']);
  await page.getByRole('button', { name: 'Button 26' }).click();
  expect((await keys(page)).slice(3)).toEqual(['Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Enter']);
  // Forward past the last button and the page's own stop, round to the start.
  await page.getByRole('button', { name: 'Button 2', exact: true }).click();
  expect((await keys(page)).slice(7)).toEqual([...Array<string>(7).fill('Tab'), 'Enter']);
  expect(await clicks(page)).toEqual(['Button 29', 'Button 26', 'Button 2']);
  await expect(page.getByRole('button', { name: 'Button 2', exact: true })).toBeFocused();
});

test('check() presses Space; a label click reaches its control; radios are walked with arrows', async ({
  page,
}) => {
  await open(
    page,
    `<label><input type="checkbox"> Remember</label>
     <fieldset><legend>Size</legend>
       <label><input type="radio" name="size" value="s" checked> Small</label>
       <label><input type="radio" name="size" value="m"> Medium</label>
       <label><input type="radio" name="size" value="l"> Large</label>
     </fieldset>
     <input aria-label="Name">`,
  );
  await page.getByLabel('Remember').check();
  await expect(page.getByLabel('Remember')).toBeChecked();
  expect(await keys(page)).toEqual(['Tab', ' ']);
  await page.getByText('Large').click();
  await expect(page.getByLabel('Large')).toBeChecked();
  expect((await keys(page)).slice(2)).toEqual(['Tab', 'ArrowDown', 'ArrowDown', ' ']);
  await page.getByLabel('Name').fill('typed');
  await expect(page.getByLabel('Name')).toHaveValue('typed');
  await expect(page.getByLabel('Name')).toBeFocused();
});

test('an option of an open listbox is highlighted with the arrow keys and chosen with Enter', async ({
  page,
}) => {
  await open(
    page,
    `<button id="pick" aria-haspopup="listbox" aria-expanded="false">Pick a fruit</button>
     <ul id="fruits" role="listbox" hidden>
       <li role="option" id="o1">Apple</li><li role="option" id="o2">Banana</li>
       <li role="option" id="o3">Cherry</li>
     </ul><p id="chosen"></p>
     <style>[role=option].on { background: #cde; }</style>
     <script>
       const pick = document.getElementById('pick');
       const list = document.getElementById('fruits');
       const items = [...list.children];
       let at = -1;
       const show = (i) => { at = i; items.forEach((o, j) => o.classList.toggle('on', j === at));
         pick.setAttribute('aria-activedescendant', items[at].id); };
       pick.addEventListener('keydown', (e) => {
         if (list.hidden && e.key === 'Enter') { e.preventDefault(); list.hidden = false;
           pick.setAttribute('aria-expanded', 'true'); pick.setAttribute('aria-controls', 'fruits'); show(0); }
         else if (!list.hidden && e.key === 'ArrowDown') show(Math.min(at + 1, items.length - 1));
         else if (!list.hidden && e.key === 'ArrowUp') show(Math.max(at - 1, 0));
         else if (!list.hidden && e.key === 'Enter') { e.preventDefault(); list.hidden = true;
           document.getElementById('chosen').textContent = items[at].textContent; }
       });
     </script>`,
  );
  await page.getByRole('button', { name: 'Pick a fruit' }).click();
  await page.getByRole('option', { name: 'Cherry' }).click();
  await expect(page.locator('#chosen')).toHaveText('Cherry');
  expect(await keys(page)).toEqual(['Tab', 'Enter', 'ArrowDown', 'ArrowDown', 'Enter']);
});

test('each way a control can fail a keyboard user is a clear error', async ({ page }) => {
  await open(
    page,
    `<button>First</button>
     <button tabindex="-1">Skipped by Tab</button>
     <button class="plain">No ring</button>
     <div onclick="this.textContent = 'clicked'">Row only a mouse can open</div>
     <button id="opener" onclick="document.getElementById('d').hidden = false">Open dialog</button>
     <div id="d" role="dialog" aria-label="Settings" hidden>
       <button onclick="document.getElementById('d').remove()">Close</button>
     </div>`,
  );
  await expect(page.getByRole('button', { name: 'Skipped by Tab' }).click()).rejects.toThrow(
    /not reachable with Tab: button "Skipped by Tab"/,
  );
  await expect(page.getByRole('button', { name: 'No ring' }).click()).rejects.toThrow(
    'no visible focus ring on button "No ring"',
  );
  await expect(page.getByText('Row only a mouse can open').click()).rejects.toThrow(
    /not focusable: div "Row only a mouse can open"/,
  );
  await expect(page.getByRole('button', { name: 'First' }).hover()).rejects.toThrow(
    'locator.hover() is a mouse action',
  );
  await expect(page.getByRole('button', { name: 'First' }).dblclick()).rejects.toThrow(
    'mouse action',
  );
  await expect(page.mouse.click(1, 1)).rejects.toThrow('page.mouse.click() is a mouse action');
  await expect(page.click('button')).rejects.toThrow('mouse action');

  await page.getByRole('button', { name: 'Open dialog' }).click();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('button', { name: 'First' }).click()).rejects.toThrow(
    /focus lost: dialog "Settings" closed/,
  );
});

test.describe('pointer input', () => {
  test.use({ input: 'pointer' });

  test('is Playwright’s own (nothing patched)', async ({ page }) => {
    await open(page, '<div onclick="this.textContent = \'clicked\'">Row</div>');
    await page.getByText('Row').click();
    await expect(page.getByText('clicked')).toBeVisible();
    await page.getByText('clicked').hover();
  });
});
