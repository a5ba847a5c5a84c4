/**
 * Where the keyboard focus goes when a drawer closes: back to the control that opened it.
 * PrimeVue's Dialog does this itself; its Drawer does not, and the focus would drop to the page
 * (a keyboard user starts over from the top). Bind `@show="remember" @hide="restore"`.
 */
export function useReturnFocus() {
  let opener: HTMLElement | null = null;
  return {
    /** On show, before the drawer moves the focus into itself. */
    remember() {
      const active = document.activeElement;
      opener = active instanceof HTMLElement && active !== document.body ? active : null;
    },
    restore() {
      const target = opener;
      opener = null;
      if (target?.isConnected) target.focus();
    },
  };
}
