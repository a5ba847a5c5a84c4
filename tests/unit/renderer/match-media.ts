/** PrimeVue's Select listens to media queries; jsdom has none. Installs a never-matching one. */
export function stubMatchMedia() {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only checks it is set
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    addListener: () => undefined,
    removeListener: () => undefined,
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
}
