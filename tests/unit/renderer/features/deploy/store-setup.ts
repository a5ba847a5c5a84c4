/** The deploy store tests' set-up: fake timers and a fresh bridge and Pinia for each test. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, vi } from 'vitest';
import { useContextsStore } from '@renderer/stores/contexts';

/** Registers the per-test set-up in the enclosing describe; `installBridge` fakes window.pullkey. */
export function freshStoreEachTest(installBridge: () => void) {
  beforeEach(() => {
    vi.useFakeTimers();
    installBridge();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.useRealTimers());
}

/** Selects context alpha and lets its namespaces:list answer. */
export async function selectAlpha() {
  useContextsStore().selectedName = 'alpha';
  await vi.advanceTimersByTimeAsync(0);
}
