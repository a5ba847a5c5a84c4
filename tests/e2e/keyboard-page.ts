/**
 * The keyboard driver's questions to the page: which control a "click" means, where the keyboard
 * is, which key brings it closer, and whether the focused control shows a focus ring.
 * `installPageHelpers` runs in the browser (Playwright serializes it: it must stay
 * self-contained) and puts the helpers on `window.__pullkeyKeyboard`.
 */

/** Where the keyboard is relative to the control it should reach. */
export interface Probe {
  reached: boolean;
  /** `tab`: Tab / Shift+Tab; `arrows`: inside a listbox, menu, tab list or radio group. */
  mode: 'tab' | 'arrows';
  forward: string;
  backward: string;
  /** The shorter way, judged from the document order (the walk itself checks every step). */
  hint: 'forward' | 'backward';
  /** The element the keyboard is on (the highlighted option in a listbox), per document. */
  at: number;
  atText: string;
  /** The open modal dialog holding the target while the focus is elsewhere, if any. */
  outsideModal: string | null;
}

/** The focus ring's look before the control had focus (to tell a ring from a resting shadow). */
export interface RingBefore {
  shadows: string[];
}

export interface RingResult {
  ok: boolean;
  detail: string;
}

/** How a "click" is done once the control has focus. */
export type Activation = 'enter' | 'space' | 'none';

export interface PageHelpers {
  /** The control a click on `el` reaches (itself, a label's control, a focusable ancestor). */
  control(el: Element): Element | null;
  describe(el: Element | null): string;
  probe(target: Element): Probe;
  ringBefore(target: Element): RingBefore;
  ring(target: Element, before: RingBefore | null): RingResult;
  activation(target: Element): Activation;
  checked(target: Element): boolean;
  /**
   * Names a dialog open at the last action that is gone now while the focus is on <body> (a
   * keyboard user lost their place); then starts remembering the dialogs open now.
   */
  lostFocusAfterDialog(): string | null;
  /** Adds the dialogs open now (at the end of an action) to those remembered. */
  rememberDialogs(): void;
}

declare global {
  interface Window {
    __pullkeyKeyboard?: PageHelpers;
  }
}

export function installPageHelpers() {
  if (window.__pullkeyKeyboard) return;
  const FOCUSABLE =
    'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable="true"], [contenteditable=""]';
  const POPUP_ITEMS = ['option', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'treeitem'];
  const COMPOSITES =
    '[role="tablist"], [role="menu"], [role="menubar"], [role="radiogroup"], [role="toolbar"], [role="tree"], [role="treegrid"], [role="grid"], [role="listbox"]';
  const TEXT_INPUTS = ['text', 'password', 'email', 'search', 'number', 'url', 'tel', ''];
  const ids = new WeakMap<Element, number>();
  let nextId = 1;
  /** Dialogs open at the start or end of the last action. */
  let dialogsSeen: Array<{ el: Element; name: string }> = [];

  const idOf = (el: Element | null) => {
    if (!el) return 0;
    let id = ids.get(el);
    if (!id) {
      id = nextId++;
      ids.set(el, id);
    }
    return id;
  };
  const active = () => {
    const el = document.activeElement;
    return el && el !== document.body && el !== document.documentElement ? el : null;
  };
  const roleOf = (el: Element) => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit;
    const tag = el.tagName.toLowerCase();
    if (tag === 'a') return el.hasAttribute('href') ? 'link' : 'a';
    if (tag === 'button' || tag === 'summary') return tag === 'button' ? 'button' : 'summary';
    if (tag === 'select') return 'combobox';
    if (tag === 'textarea') return 'textbox';
    if (el instanceof HTMLInputElement) {
      if (el.type === 'checkbox' || el.type === 'radio') return el.type;
      if (el.type === 'file') return 'file input';
      if (['button', 'submit', 'reset'].includes(el.type)) return 'button';
      return 'textbox';
    }
    return tag;
  };
  const textOf = (id: string) =>
    id
      .split(/\s+/)
      .map((part) => document.getElementById(part)?.textContent ?? '')
      .join(' ');
  const nameOf = (el: Element) => {
    const labelledBy = el.getAttribute('aria-labelledby');
    const labels = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
    // The accessible name's order: aria-labelledby, aria-label, label, title, text.
    const name =
      (labelledBy ? textOf(labelledBy) : null) ??
      el.getAttribute('aria-label') ??
      (labels && el.labels?.length ? (el.labels[0]?.textContent ?? '') : null) ??
      el.getAttribute('title') ??
      el.getAttribute('placeholder') ??
      el.textContent ??
      '';
    return name.replace(/\s+/g, ' ').trim().slice(0, 60);
  };
  const describe = (el: Element | null) =>
    el ? `${roleOf(el)} "${nameOf(el)}"` : 'nothing (the page itself)';
  const visible = (el: Element) =>
    el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length > 0;
  const focusable = (el: Element) =>
    el.matches(FOCUSABLE) && !(el as HTMLButtonElement).disabled && !el.closest('[inert]');
  const tabbable = (el: Element) =>
    focusable(el) && (el as HTMLElement).tabIndex >= 0 && visible(el);
  const modalOf = (el: Element) => el.closest('[aria-modal="true"]');
  const sameRadioGroup = (a: Element, b: Element) =>
    a instanceof HTMLInputElement &&
    b instanceof HTMLInputElement &&
    a.type === 'radio' &&
    b.type === 'radio' &&
    a.name !== '' &&
    a.name === b.name &&
    a.form === b.form;
  /** The tab order as the browser walks it (positive tabindex aside), one radio per group. */
  const tabOrder = (scope: ParentNode) => {
    const all = [...scope.querySelectorAll(FOCUSABLE)].filter(tabbable);
    return all.filter((el) => {
      if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name) return true;
      const group = all.filter((other) => sameRadioGroup(el, other)) as HTMLInputElement[];
      const checked = group.find((radio) => radio.checked);
      return checked ? checked === el : group[0] === el;
    });
  };
  const openDialogs = () =>
    [...document.querySelectorAll('[role="dialog"], [role="alertdialog"]')]
      .filter(visible)
      .map((el) => ({ el, name: describe(el) }));
  const following = (from: Element, to: Element) =>
    (from.compareDocumentPosition(to) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;

  const helpers: PageHelpers = {
    control(el) {
      if (focusable(el)) return el;
      const label = el.closest('label');
      if (label?.control) return label.control;
      if (POPUP_ITEMS.includes(el.getAttribute('role') ?? '') || el.getAttribute('role') === 'tab')
        return el;
      const ancestor = el.parentElement?.closest(FOCUSABLE);
      if (ancestor && focusable(ancestor)) return ancestor;
      const inside = [...el.querySelectorAll(FOCUSABLE)].filter(tabbable);
      return inside.length === 1 ? inside[0]! : null;
    },
    describe,
    probe(target) {
      const at = active();
      const base = { at: idOf(at), atText: describe(at), outsideModal: null };
      const role = target.getAttribute('role') ?? '';
      // An option of an open listbox (or an item of a menu) the focused control owns.
      if (at && at !== target && POPUP_ITEMS.includes(role)) {
        const owned =
          `${at.getAttribute('aria-controls') ?? ''} ${at.getAttribute('aria-owns') ?? ''}`
            .split(/\s+/)
            .filter(Boolean)
            .map((id) => document.getElementById(id));
        const list = owned.find((el) => el?.contains(target)) ?? (at.contains(target) ? at : null);
        if (list) {
          const items = [...list.querySelectorAll(`[role="${role}"]`)];
          const current = at.getAttribute('aria-activedescendant');
          const on = items.find(
            (item) =>
              (current && item.id === current) || item.getAttribute('data-p-focused') === 'true',
          );
          return {
            ...base,
            at: idOf(on ?? at),
            atText: describe(on ?? at),
            reached: on === target,
            mode: 'arrows',
            forward: 'ArrowDown',
            backward: 'ArrowUp',
            hint: !on || items.indexOf(on) < items.indexOf(target) ? 'forward' : 'backward',
          };
        }
      }
      if (at === target)
        return {
          ...base,
          reached: true,
          mode: 'tab',
          forward: 'Tab',
          backward: 'Shift+Tab',
          hint: 'forward',
        };
      // Roving focus: a tab list, menu or radio group is one Tab stop; arrows move inside it.
      const composite =
        (target as HTMLElement).tabIndex < 0 ? target.parentElement?.closest(COMPOSITES) : null;
      if (at && (sameRadioGroup(at, target) || (composite && composite.contains(at)))) {
        const kind = composite?.getAttribute('role') ?? 'radiogroup';
        const orientation = composite?.getAttribute('aria-orientation');
        const horizontal = ['tablist', 'menubar', 'toolbar'].includes(kind)
          ? orientation !== 'vertical'
          : orientation === 'horizontal';
        return {
          ...base,
          reached: false,
          mode: 'arrows',
          forward: horizontal ? 'ArrowRight' : 'ArrowDown',
          backward: horizontal ? 'ArrowLeft' : 'ArrowUp',
          hint: following(at, target) ? 'forward' : 'backward',
        };
      }
      const modal = modalOf(target);
      const outsideModal = modal && !(at && modal.contains(at)) ? describe(modal) : null;
      const order = tabOrder(modalOf(at ?? target) ?? document);
      const t = order.findIndex((el) => el === target || el.contains(target));
      const a = at ? order.indexOf(at) : -1;
      const n = order.length;
      let hint: Probe['hint'] = 'forward';
      if (t >= 0 && a >= 0) hint = (t - a + n) % n <= (a - t + n) % n ? 'forward' : 'backward';
      else if (t >= 0) hint = t + 1 <= n - t ? 'forward' : 'backward';
      else if (at && !following(at, target)) hint = 'backward';
      return {
        ...base,
        outsideModal,
        reached: false,
        mode: 'tab',
        forward: 'Tab',
        backward: 'Shift+Tab',
        hint,
      };
    },
    ringBefore(target) {
      const boxes = ringBoxes(target);
      return { shadows: boxes.map((box) => getComputedStyle(box).boxShadow) };
    },
    ring(target, before) {
      const role = target.getAttribute('role') ?? '';
      if (POPUP_ITEMS.includes(role) && active() !== target) {
        // A highlighted option: it must look different from the options around it.
        const list = target.parentElement;
        const other = [...(list?.querySelectorAll(`[role="${role}"]`) ?? [])].find(
          (item) => item !== target,
        );
        const look = (el: Element) => {
          const style = getComputedStyle(el);
          return `${style.backgroundColor}|${style.color}|${style.outlineStyle}|${style.boxShadow}`;
        };
        const ok = other
          ? look(other) !== look(target)
          : !/rgba\(0, 0, 0, 0\)|transparent/.test(getComputedStyle(target).backgroundColor);
        return { ok, detail: `highlight on ${describe(target)}` };
      }
      const boxes = ringBoxes(target);
      for (const [index, box] of boxes.entries()) {
        if (!box.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        const rect = box.getBoundingClientRect();
        if (rect.width < 1 || rect.height < 1) continue;
        const style = getComputedStyle(box);
        const outline =
          style.outlineStyle !== 'none' &&
          parseFloat(style.outlineWidth) >= 1 &&
          !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(style.outlineColor);
        const shadow =
          style.boxShadow !== 'none' &&
          style.boxShadow !== '' &&
          before !== null &&
          before.shadows[index] !== style.boxShadow;
        if (outline || shadow) return { ok: true, detail: describe(target) };
      }
      return { ok: false, detail: describe(target) };
    },
    activation(target) {
      const role = target.getAttribute('role') ?? '';
      if (['checkbox', 'switch', 'radio'].includes(role)) return 'space';
      if (target instanceof HTMLInputElement) {
        if (target.type === 'checkbox' || target.type === 'radio') return 'space';
        if (TEXT_INPUTS.includes(target.type)) return 'none';
      }
      if (target instanceof HTMLTextAreaElement) return 'none';
      if ((target as HTMLElement).isContentEditable) return 'none';
      if (['textbox', 'searchbox', 'spinbutton'].includes(role)) return 'none';
      return 'enter';
    },
    checked(target) {
      if (target instanceof HTMLInputElement) return target.checked;
      return target.getAttribute('aria-checked') === 'true';
    },
    lostFocusAfterDialog() {
      const gone = dialogsSeen.find(({ el }) => !el.isConnected || !visible(el));
      dialogsSeen = openDialogs();
      return gone && !active() ? gone.name : null;
    },
    rememberDialogs() {
      const known = new Set(dialogsSeen.map(({ el }) => el));
      dialogsSeen.push(...openDialogs().filter(({ el }) => !known.has(el)));
    },
  };

  /** Where a control draws its ring: itself, or the PrimeVue box that stands for it. */
  function ringBoxes(el: Element): Element[] {
    const boxes = [el];
    const field = el.closest('.p-select, .p-inputnumber, .p-multiselect, .p-autocomplete');
    if (field && field !== el) boxes.push(field);
    const drawn = el.parentElement?.querySelector(
      ':scope > .p-checkbox-box, :scope > .p-radiobutton-box, :scope > .p-toggleswitch-slider',
    );
    if (drawn) boxes.push(drawn);
    return boxes;
  }

  window.__pullkeyKeyboard = helpers;
}
