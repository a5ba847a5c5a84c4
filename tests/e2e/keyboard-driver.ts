/**
 * Keyboard-only e2e (issue 13): with `input: 'keyboard'` (the `keyboard` project) every pointer
 * action of a spec is done as a keyboard user does it. A click moves the focus to the control
 * with Tab or Shift+Tab (arrow keys inside an open listbox, a menu, a tab list or a radio group),
 * checks that the control shows a focus ring, then presses Enter (Space for a checkbox, switch or
 * radio; nothing for a text field, where focus is all a click does). check()/uncheck() press
 * Space; fill(), type(), press(), focus() and setInputFiles() first Tab to the field. Mouse-only
 * APIs (hover, dblclick, dragTo, tap, page.mouse…) throw.
 *
 * Playwright has no hook for this: `installKeyboardDriver` patches the Locator prototype (and the
 * page's own pointer methods) for one test; `uninstall` restores them.
 */
import { test, type Locator, type Page } from '@playwright/test';
import { atRest } from './at-rest';
import { installPageHelpers, type Probe, type RingResult } from './keyboard-page';

export type InputMode = 'pointer' | 'keyboard';

/** Presses allowed to reach one control (Tab, Shift+Tab or arrows together). */
const MAX_PRESSES = 200;

type Original = (...args: unknown[]) => Promise<unknown>;
/** A replacement method (its own parameters; `never[]` accepts any of them). */
type Replacement = (...args: never[]) => Promise<unknown>;
interface ActionOptions {
  timeout?: number;
}

async function helpers(page: Page) {
  await page.evaluate(installPageHelpers);
}

/**
 * Waits as Playwright's actions do (one visible element, enabled for a click or a check), then
 * takes the control a keyboard user acts on for `locator`; throws when there is none.
 */
async function prepare(locator: Locator, options: ActionOptions | undefined, enabled = true) {
  const page = locator.page();
  const timeout = options?.timeout ?? 0;
  const deadline = timeout ? Date.now() + timeout : Infinity;
  await locator.waitFor({ state: 'visible', timeout });
  for (;;) {
    const prepared = await locator.evaluate((el) => window.__pullkeyKeyboard?.prepare(el) ?? null);
    if (!prepared) {
      // A new document (first action, navigation): no helpers yet.
      await helpers(page);
      continue;
    }
    if (prepared.error) throw new Error(`${prepared.error} (${locator.toString()})`);
    if (!enabled || !prepared.disabled) return { page, ...prepared };
    if (Date.now() > deadline) throw new Error(`${prepared.what} stays disabled`);
    await page.waitForTimeout(100);
  }
}

const probe = (page: Page) => page.evaluate(() => window.__pullkeyKeyboard!.probe());

/** Tab / Shift+Tab (arrows in a composite) until the target has the keyboard; at most 200 presses. */
async function reach(page: Page, what: string): Promise<RingResult | null> {
  // A keyboard user starts once what just opened is shown (a dialog takes the focus at the end
  // of its enter transition; Tab pressed before that walks a page that is still changing).
  await atRest(page);
  let p = await probe(page);
  // A modal dialog that just opened moves the focus into itself (PrimeVue: after its transition).
  for (let wait = 0; p.outsideModal && wait < 20; wait++) {
    await page.waitForTimeout(100);
    p = await probe(page);
  }
  if (p.outsideModal) {
    throw new Error(
      `focus is not in the open ${p.outsideModal} (it is on ${p.atText}), so ${what} cannot be reached with Tab`,
    );
  }
  let presses = 0;
  // The document's tab order says how far: go most of the way without asking at each stop.
  if (p.mode === 'tab' && p.distance !== null && p.distance > 1) {
    const key = p.hint === 'forward' ? p.forward : p.backward;
    for (; presses < p.distance - 1; presses++) await page.keyboard.press(key);
    p = await probe(page);
  }
  let segment: {
    mode: Probe['mode'];
    forward: boolean;
    flipped: boolean;
    seen: Set<number>;
    /** What the stops were, in order: a failure names them (a trap shows at once). */
    names: string[];
  } | null = null;
  let last = -1;
  let onPage = 0;
  const fail = (why: string) =>
    new Error(
      p.mode === 'tab'
        ? `not reachable with Tab: ${what} (${why}; ${presses} presses, focus last on ${p.atText})`
        : `not reachable with the arrow keys: ${what} (${why}; ${presses} presses, on ${p.atText})`,
    );
  while (!p.reached) {
    if (!segment || segment.mode !== p.mode) {
      segment = {
        mode: p.mode,
        forward: p.hint === 'forward',
        flipped: false,
        seen: new Set(),
        names: [],
      };
    } else if (p.at === 0) {
      // The page itself: the stop between the last control and the first; Tab from it starts
      // where the focus was last (a control that has gone), so it is no landmark.
      if (++onPage > 2) throw fail('no control takes the focus');
    } else if (p.at === last) {
      // Stuck (the end of a list, a one-control trap): the other way, once.
      if (segment.flipped) throw fail('the focus does not move');
      segment.flipped = true;
      segment.forward = !segment.forward;
    } else if (segment.seen.has(p.at)) {
      throw fail(`went all the way round ${segment.seen.size} stops: ${segment.names.join(' → ')}`);
    }
    if (p.at !== 0) {
      onPage = 0;
      segment.seen.add(p.at);
      segment.names.push(p.atText);
    }
    if (presses >= MAX_PRESSES) throw fail('too far');
    last = p.at;
    await page.keyboard.press(segment.forward ? p.forward : p.backward);
    presses += 1;
    p = await probe(page);
  }
  return p.ring ?? null;
}

/** The ring may come a moment later (a style applied on the next frame): checked for up to 1 s. */
async function pollRing(check: () => Promise<RingResult>) {
  let ring = await check();
  for (let i = 0; !ring.ok && i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    ring = await check();
  }
  if (!ring.ok) throw new Error(`no visible focus ring on ${ring.detail}`);
}

/** Brings the keyboard to the control for `locator` and checks its focus ring. */
async function focusControl(locator: Locator, options: ActionOptions | undefined, enabled = true) {
  const prepared = await prepare(locator, options, enabled);
  const ring = await reach(prepared.page, prepared.what);
  if (!ring?.ok) {
    await pollRing(() => prepared.page.evaluate(() => window.__pullkeyKeyboard!.ring()));
  }
  return prepared;
}

async function keyboardClick(locator: Locator, options?: ActionOptions) {
  const { page, activation } = await focusControl(locator, options);
  if (activation === 'enter') await page.keyboard.press('Enter');
  if (activation === 'space') await page.keyboard.press('Space');
}

async function keyboardSetChecked(locator: Locator, checked: boolean, options?: ActionOptions) {
  const { page, what } = await focusControl(locator, options);
  const state = () => page.evaluate(() => window.__pullkeyKeyboard!.checked());
  // The arrow keys check a radio on their way to it.
  if ((await state()) === checked) return;
  await page.keyboard.press('Space');
  for (let i = 0; i < 20 && (await state()) !== checked; i++) await page.waitForTimeout(50);
  if ((await state()) !== checked) {
    throw new Error(`Space did not ${checked ? 'check' : 'uncheck'} ${what}`);
  }
}

function mouseOnly(name: string): Replacement {
  return () =>
    Promise.reject(
      new Error(`${name} is a mouse action: this test runs keyboard-only (project "keyboard")`),
    );
}

function locatorName(self: unknown) {
  return (self as Locator).toString();
}

/** The Locator methods replaced in keyboard mode, given the originals. */
function locatorMethods(original: Record<string, Original>): Record<string, Replacement> {
  /** Tab to the field, then let Playwright do the typing part. */
  const focusThen = (method: string) =>
    async function (this: Locator, ...args: unknown[]) {
      return test.step(
        `keyboard: Tab to ${locatorName(this)}, then ${method}`,
        async () => {
          // fill(value, options), type(text, options), setInputFiles(files, options)…
          const options = args[1] as ActionOptions | undefined;
          await focusControl(this, options);
          return original[method]!.apply(this, args);
        },
        { box: true },
      );
    };
  return {
    async click(this: Locator, options?: ActionOptions) {
      return test.step(`keyboard: click ${locatorName(this)}`, () => keyboardClick(this, options), {
        box: true,
      });
    },
    async check(this: Locator, options?: ActionOptions) {
      return test.step(
        `keyboard: check ${locatorName(this)}`,
        () => keyboardSetChecked(this, true, options),
        { box: true },
      );
    },
    async uncheck(this: Locator, options?: ActionOptions) {
      return test.step(
        `keyboard: uncheck ${locatorName(this)}`,
        () => keyboardSetChecked(this, false, options),
        { box: true },
      );
    },
    async focus(this: Locator, options?: ActionOptions) {
      return test.step(
        `keyboard: Tab to ${locatorName(this)}`,
        async () => {
          // Playwright's focus() does not wait for enabled either.
          await focusControl(this, options, false);
        },
        { box: true },
      );
    },
    /** Leaving a field is Tab to the next control. */
    async blur(this: Locator) {
      return test.step(
        `keyboard: Tab away from ${locatorName(this)}`,
        async () => {
          const focused = await this.evaluate(
            (el) => el === document.activeElement || el.contains(document.activeElement),
          );
          if (focused) await this.page().keyboard.press('Tab');
        },
        { box: true },
      );
    },
    fill: focusThen('fill'),
    type: focusThen('type'),
    press: focusThen('press'),
    selectOption: focusThen('selectOption'),
    setInputFiles: focusThen('setInputFiles'),
    hover: mouseOnly('locator.hover()'),
    dblclick: mouseOnly('locator.dblclick()'),
    dragTo: mouseOnly('locator.dragTo()'),
    tap: mouseOnly('locator.tap()'),
    dispatchEvent: mouseOnly('locator.dispatchEvent()'),
  };
}

const PAGE_POINTER_METHODS = [
  'click',
  'dblclick',
  'hover',
  'tap',
  'dragAndDrop',
  'check',
  'uncheck',
  'setChecked',
  'fill',
  'focus',
  'press',
  'type',
  'selectOption',
  'setInputFiles',
  'dispatchEvent',
] as const;
const MOUSE_METHODS = ['click', 'dblclick', 'down', 'up', 'move', 'wheel'] as const;

/** Patches pointer actions for `page`'s test; call `uninstall()` when the test ends. */
export async function installKeyboardDriver(page: Page) {
  const restore: Array<() => void> = [];
  const patch = (target: object, name: string, value: Replacement) => {
    const owner = target as Record<string, unknown>;
    const own = Object.getOwnPropertyDescriptor(owner, name);
    owner[name] = value;
    restore.push(() => {
      if (own) Object.defineProperty(owner, name, own);
      else delete owner[name];
    });
  };

  const locatorPrototype = Object.getPrototypeOf(page.locator('body')) as Record<string, Original>;
  const originals = Object.fromEntries(
    Object.getOwnPropertyNames(locatorPrototype)
      .filter((name) => typeof locatorPrototype[name] === 'function')
      .map((name) => [name, locatorPrototype[name]!]),
  );
  for (const [name, value] of Object.entries(locatorMethods(originals))) {
    patch(locatorPrototype, name, value);
  }
  // Element handles act by mouse like page.click: the specs use locators only.
  const body = await page.evaluateHandle(() => document.documentElement);
  const handlePrototype = Object.getPrototypeOf(body) as object;
  await body.dispose();
  for (const name of ['click', 'dblclick', 'hover', 'tap', 'check', 'uncheck', 'setChecked']) {
    patch(handlePrototype, name, mouseOnly(`elementHandle.${name}()`));
  }
  for (const name of PAGE_POINTER_METHODS) {
    patch(page, name, mouseOnly(`page.${name}(selector) (use a locator)`));
  }
  for (const name of MOUSE_METHODS) patch(page.mouse, name, mouseOnly(`page.mouse.${name}()`));
  patch(page.touchscreen, 'tap', mouseOnly('page.touchscreen.tap()'));

  return {
    uninstall() {
      for (const undo of restore.reverse()) undo();
    },
  };
}

/** Asserts the focused control shows a focus ring (for specs that press keys themselves). */
export async function expectFocusRing(page: Page) {
  await helpers(page);
  await pollRing(() =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { ok: false, detail: 'nothing focused' };
      return window.__pullkeyKeyboard!.ring(el);
    }),
  );
}

/** Presses Tab `count` times and names each control the focus lands on ("role \"name\""). */
export async function tabStops(page: Page, count: number) {
  await helpers(page);
  const stops: string[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        return window.__pullkeyKeyboard!.describe(el === document.body ? null : el);
      }),
    );
  }
  return stops;
}
