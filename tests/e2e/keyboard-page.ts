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
  /** Tab mode: presses to the target by the document's tab order, when both ends are in it. */
  distance: number | null;
  /** Once reached: its focus ring (saves asking again). */
  ring?: RingResult | null;
}

export interface RingResult {
  ok: boolean;
  detail: string;
}

/** How a "click" is done once the control has focus. */
export type Activation = 'enter' | 'space' | 'none';

/** The control an action on an element works on, found in one call. */
export interface Prepared {
  /** Why a keyboard user cannot do it (not focusable, focus lost after a dialog), if so. */
  error: string | null;
  disabled: boolean;
  what: string;
  activation: Activation;
  checked: boolean;
}

export interface PageHelpers {
  /**
   * Takes the control for an action on `el` (itself, a label's control, a focusable ancestor)
   * as the current target, with its look before focus (to tell a ring from a resting shadow).
   * Also checks that no dialog open when the last action started has closed and dropped the
   * focus on the page.
   */
  prepare(el: Element): Prepared;
  describe(el: Element | null): string;
  /** Where the keyboard is relative to the current target. */
  probe(): Probe;
  /** The focus ring on `el`, or on the current target. */
  ring(el?: Element): RingResult;
  checked(): boolean;
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
  /** Dialogs open when the last action started. */
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
    const all = [...scope.querySelectorAll(FOCUSABLE)].filter(
      // PrimeVue's focus-trap sentinels pass the focus on at once: no stop of their own.
      (el) => tabbable(el) && el.getAttribute('data-p-hidden-focusable') !== 'true',
    );
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

  /** The control the current action works on, and its look before it had focus. */
  let target: Element | null = null;
  let shadowsBefore: string[] | null = null;

  /** Names a dialog open at the last action that is gone while the focus is on the page. */
  const lostFocusAfterDialog = () => {
    const gone = dialogsSeen.find(({ el }) => !el.isConnected || !visible(el));
    dialogsSeen = openDialogs();
    return gone && !active() ? gone.name : null;
  };
  const controlOf = (el: Element) => {
    if (focusable(el)) return el;
    const label = el.closest('label');
    if (label?.control) return label.control;
    const role = el.getAttribute('role') ?? '';
    if (POPUP_ITEMS.includes(role) || role === 'tab') return el;
    const ancestor = el.parentElement?.closest(FOCUSABLE);
    if (ancestor && focusable(ancestor)) return ancestor;
    const inside = [...el.querySelectorAll(FOCUSABLE)].filter(tabbable);
    return inside.length === 1 ? inside[0]! : null;
  };
  const activation = (el: Element): Activation => {
    const role = el.getAttribute('role') ?? '';
    if (['checkbox', 'switch', 'radio'].includes(role)) return 'space';
    if (el instanceof HTMLInputElement) {
      if (el.type === 'checkbox' || el.type === 'radio') return 'space';
      if (TEXT_INPUTS.includes(el.type)) return 'none';
    }
    if (el instanceof HTMLTextAreaElement || (el as HTMLElement).isContentEditable) return 'none';
    if (['textbox', 'searchbox', 'spinbutton'].includes(role)) return 'none';
    return 'enter';
  };
  const isChecked = (el: Element) =>
    el instanceof HTMLInputElement ? el.checked : el.getAttribute('aria-checked') === 'true';
  const shadows = (el: Element) => ringBoxes(el).map((box) => getComputedStyle(box).boxShadow);

  const probeArrowsInPopup = (at: Element, goal: Element, role: string): Probe | null => {
    // An option of an open listbox (or an item of a menu) the focused control owns.
    const owned = `${at.getAttribute('aria-controls') ?? ''} ${at.getAttribute('aria-owns') ?? ''}`
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id));
    const list = owned.find((el) => el?.contains(goal)) ?? (at.contains(goal) ? at : null);
    if (!list) return null;
    const items = [...list.querySelectorAll(`[role="${role}"]`)];
    const current = at.getAttribute('aria-activedescendant');
    const on = items.find(
      (item) => (current && item.id === current) || item.getAttribute('data-p-focused') === 'true',
    );
    return {
      at: idOf(on ?? at),
      atText: describe(on ?? at),
      outsideModal: null,
      distance: null,
      reached: on === goal,
      ring: on === goal ? helpers.ring() : null,
      mode: 'arrows',
      forward: 'ArrowDown',
      backward: 'ArrowUp',
      hint: !on || items.indexOf(on) < items.indexOf(goal) ? 'forward' : 'backward',
    };
  };

  const helpers: PageHelpers = {
    prepare(el) {
      const lost = lostFocusAfterDialog();
      target = controlOf(el);
      const what = describe(target ?? el);
      let error: string | null = null;
      if (lost) {
        error = `focus lost: ${lost} closed and left the focus on the page itself (it should return to the control that opened it)`;
      } else if (!target) {
        error = `not focusable: ${what} — no control a keyboard can reach; only a mouse could use it`;
      }
      shadowsBefore = target && target !== document.activeElement ? shadows(target) : null;
      return {
        error,
        what,
        disabled: !!target && (target as HTMLButtonElement).disabled === true,
        activation: target ? activation(target) : 'none',
        checked: target ? isChecked(target) : false,
      };
    },
    describe,
    probe() {
      const goal = target!;
      const at = active();
      const role = goal.getAttribute('role') ?? '';
      if (at && at !== goal && POPUP_ITEMS.includes(role)) {
        const popup = probeArrowsInPopup(at, goal, role);
        if (popup) return popup;
      }
      const base = { at: idOf(at), atText: describe(at), outsideModal: null, distance: null };
      if (at === goal) {
        return {
          ...base,
          reached: true,
          ring: helpers.ring(),
          mode: 'tab',
          forward: 'Tab',
          backward: 'Shift+Tab',
          hint: 'forward',
        };
      } // Roving focus: a tab list, menu or radio group is one Tab stop; arrows move inside it.
      const composite =
        (goal as HTMLElement).tabIndex < 0 ? goal.parentElement?.closest(COMPOSITES) : null;
      if (at && (sameRadioGroup(at, goal) || (composite && composite.contains(at)))) {
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
          hint: following(at, goal) ? 'forward' : 'backward',
        };
      }
      const modal = modalOf(goal);
      const outsideModal = modal && !(at && modal.contains(at)) ? describe(modal) : null;
      const order = tabOrder(modalOf(at ?? goal) ?? document);
      const t = order.findIndex((el) => el === goal || el.contains(goal));
      const a = at ? order.indexOf(at) : -1;
      const n = order.length;
      let hint: Probe['hint'] = 'forward';
      let distance: number | null = null;
      if (t >= 0 && a >= 0) {
        const forward = (t - a + n) % n;
        const backward = (a - t + n) % n;
        hint = forward <= backward ? 'forward' : 'backward';
        distance = Math.min(forward, backward);
      } else if (t >= 0) hint = t + 1 <= n - t ? 'forward' : 'backward';
      else if (at && !following(at, goal)) hint = 'backward';
      return {
        ...base,
        outsideModal,
        distance,
        reached: false,
        mode: 'tab',
        forward: 'Tab',
        backward: 'Shift+Tab',
        hint,
      };
    },
    ring(el) {
      const subject = el ?? target!;
      const before = el ? null : shadowsBefore;
      const role = subject.getAttribute('role') ?? '';
      if (POPUP_ITEMS.includes(role) && active() !== subject) {
        // A highlighted option: it must look different from the options around it.
        const other = [...(subject.parentElement?.querySelectorAll(`[role="${role}"]`) ?? [])].find(
          (item) => item !== subject,
        );
        const look = (item: Element) => {
          const style = getComputedStyle(item);
          return `${style.backgroundColor}|${style.color}|${style.outlineStyle}|${style.boxShadow}`;
        };
        const ok = other
          ? look(other) !== look(subject)
          : !/rgba\(0, 0, 0, 0\)|transparent/.test(getComputedStyle(subject).backgroundColor);
        return { ok, detail: `highlight on ${describe(subject)}` };
      }
      const boxes = ringBoxes(subject);
      // The ring as it ends up: PrimeVue fades outline-color in for 0.2 s.
      for (const box of boxes) {
        for (const animation of box.getAnimations()) {
          if (animation instanceof CSSTransition) animation.finish();
        }
      }
      for (const [index, box] of boxes.entries()) {
        if (!box.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        const rect = box.getBoundingClientRect();
        if (rect.width < 1 || rect.height < 1) continue;
        const style = getComputedStyle(box);
        const outline =
          style.outlineStyle !== 'none' &&
          parseFloat(style.outlineWidth) >= 1 &&
          !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(style.outlineColor);
        // A box-shadow counts when focus changed it (Aura fields have a resting shadow).
        const shadow =
          style.boxShadow !== 'none' &&
          style.boxShadow !== '' &&
          before !== null &&
          before[index] !== style.boxShadow;
        if (outline || shadow) return { ok: true, detail: describe(subject) };
      }
      return { ok: false, detail: describe(subject) };
    },
    checked() {
      return isChecked(target!);
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
