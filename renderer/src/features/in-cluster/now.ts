import { onBeforeUnmount, ref } from 'vue';

/** The time now, ticking every `everyMs` while the component lives ("refreshed 1 min ago"). */
export function useNow(everyMs = 15_000) {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), everyMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
