/**
 * One debounce helper for the stores: `schedule` runs `run` after `ms` of quiet (a new schedule
 * replaces the pending one), `cancel` drops the pending run.
 */
interface Debounced<A extends unknown[]> {
  schedule: (...args: A) => void;
  cancel: () => void;
}

export function debounce<A extends unknown[]>(
  ms: number,
  run: (...args: A) => void | Promise<void>,
): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  function cancel() {
    if (timer) clearTimeout(timer);
    timer = null;
  }
  function schedule(...args: A) {
    cancel();
    timer = setTimeout(() => {
      timer = null;
      void run(...args);
    }, ms);
  }
  return { schedule, cancel };
}
