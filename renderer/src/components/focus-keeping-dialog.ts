/**
 * PrimeVue's Dialog, except for one thing: when its show animation ends it moves the focus to the
 * `[autofocus]` field (else its close button) even if the user has already clicked or tabbed
 * into the dialog. On a slow machine that took the focus out of a list being opened, and the
 * next Escape closed the whole dialog with what was typed. Here the focus moves only when the
 * user has not moved it since the dialog opened: it is still on what opened it (or nowhere).
 */
import Dialog from 'primevue/dialog';
import type { ComponentOptions } from 'vue';

interface DialogInternals {
  /** The element focused when the dialog opened (PrimeVue gives the focus back to it on close). */
  target: Element | null;
}
/** The Dialog's own focus move (read once: its methods never change). */
const { methods } = Dialog as unknown as { methods: { focus: (this: unknown) => void } };
const moveFocus = methods.focus;

// Its name stays PrimeVue's ("Dialog"): tests that stub the Dialog stub this one too.
const FocusKeepingDialog: ComponentOptions = {
  name: 'Dialog',
  extends: Dialog,
  methods: {
    focus(this: DialogInternals) {
      const active = document.activeElement;
      const untouched = !active || active === document.body || active === this.target;
      if (untouched) moveFocus.call(this);
    },
  },
};

// Typed as PrimeVue's Dialog: the same props, events and slots.
export default FocusKeepingDialog as unknown as typeof Dialog;
