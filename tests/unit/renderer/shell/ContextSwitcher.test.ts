// @vitest-environment jsdom
/**
 * Ctrl+K focuses the context search before the next key arrives: keys typed right after it (no
 * timer has run yet, as when a user types at once) land in the search box and filter the list.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import ContextSwitcher from '@renderer/shell/ContextSwitcher.vue';
import { useContextsStore } from '@renderer/stores/contexts';
import { stubMatchMedia } from '../match-media';

stubMatchMedia();

function mountSwitcher() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const contexts = useContextsStore();
  contexts.contexts = [
    { name: 'alpha', server: 'https://127.0.0.1:1' },
    { name: 'beta', server: 'https://127.0.0.1:2' },
  ] as typeof contexts.contexts;
  contexts.selectedName = 'alpha';
  return mount(ContextSwitcher, {
    attachTo: document.body,
    global: { plugins: [PrimeVue, pinia] },
  });
}

/** Types as a user does at the focused element: one input event per key. */
function typeIntoFocused(text: string) {
  const target = document.activeElement as HTMLInputElement;
  for (const key of text) {
    target.value += key;
    target.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return target;
}

describe('ContextSwitcher: Ctrl+K', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('focuses the search box before any timer runs, so keys typed at once filter the list', async () => {
    vi.useFakeTimers();
    const wrapper = mountSwitcher();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }));
    // Only the render (a microtask) between Ctrl+K and the next key: no timeout has run.
    await nextTick();
    await nextTick();
    const search = document.querySelector<HTMLInputElement>('input[placeholder="Search contexts"]');
    expect(search).not.toBeNull();
    expect(document.activeElement).toBe(search);
    const typed = typeIntoFocused('bet');
    expect(typed).toBe(search);
    await nextTick();
    const options = [...document.querySelectorAll('[role="option"]')].map((o) => o.textContent);
    expect(options).toHaveLength(1);
    expect(options[0]).toContain('beta');
    wrapper.unmount();
  });
});
