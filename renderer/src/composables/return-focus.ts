/**
 * Where the keyboard focus goes when a drawer or an inline confirmation goes away: back to the
 * control that opened it. PrimeVue's Dialog does this itself; its Drawer does not, and the focus
 * would drop to the page (a keyboard user starts over from the top). Drawers bind
 * `@show="remember" @hide="restore"`; a component calls `remember()` in setup and
 * `restore(itsRoot)` before unmount.
 */
export function useReturnFocus() {
  let opener: HTMLElement | null = null;
  return {
    /** On show, before the focus moves into what is shown. */
    remember() {
      const active = document.activeElement;
      opener = active instanceof HTMLElement && active !== document.body ? active : null;
    },
    /**
     * Gives the focus back. With `leaving`, only when the focus would be lost: on the page, or
     * inside the element going away (the user may have moved on meanwhile).
     */
    restore(leaving?: HTMLElement | null) {
      const target = opener;
      opener = null;
      if (leaving !== undefined) {
        const active = document.activeElement;
        const lost = !active || active === document.body || !!leaving?.contains(active);
        if (!lost) return;
      }
      if (target?.isConnected) target.focus();
    },
  };
}
