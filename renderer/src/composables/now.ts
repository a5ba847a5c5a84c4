/**
 * The current time as a ref that ticks (default every 30 s) while a component shows it, for
 * texts like "expires in 3 h" that age by themselves. One timer per component, released with it.
 */
import { getCurrentScope, onScopeDispose, ref } from 'vue';

export function useNow(everyMs = 30_000) {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), everyMs);
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));
  return now;
}
