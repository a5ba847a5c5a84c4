import type { PreviewedFanOut, PreviewedWrite } from '@core/api/contract';
import { computed, ref } from 'vue';
import { codeOf, messageOf } from '../errors';
import { useNotificationsStore } from '../stores/notifications';
import { useRevertWatchStore } from '../stores/revert-watch';

/** A toast after a write. */
export interface WrittenToast {
  severity?: 'success' | 'warn';
  summary: string;
  detail: string;
}

/** A change shown before it is written: what the back end's dry run answered, and its write. */
export interface PendingWrite<Extra, Answer extends PreviewedWrite = PreviewedWrite> {
  title: string;
  answer: Answer;
  extra: Extra;
  write: () => Promise<unknown>;
  /** The toast once written, from what the write answered. */
  toast: (written: unknown) => WrittenToast;
  refusal: (message: string) => string;
  closeOnError: boolean;
  reloadAfter: (written: unknown) => boolean;
}

export interface PreviewOptions<Extra, Written> {
  extra: Extra;
  /** The success toast's text (the title by default), or made from what the write answered. */
  success?: WrittenToast | ((written: Written) => WrittenToast) | undefined;
  /** How a refusal is said in place (default: "<title>: not written. <why>"). */
  refusal?: ((message: string) => string) | undefined;
  /** Any failure of the write closes the preview and is said in place (part may be done). */
  closeOnError?: boolean | undefined;
  /** Whether the detail is read again after this write (default: always). */
  reloadAfter?: ((written: Written) => boolean) | undefined;
}

/** A write refused part way: the back end says what it did before it stopped. */
const isPartial = (error: unknown) =>
  (error as { details?: { partial?: unknown } } | null)?.details?.partial === true;

/**
 * One way for a Pull-doctor fix to write: the back end's dry run is shown, Confirm writes exactly
 * that (at the version previewed), a toast says so, then `done` has the detail read again. A write
 * refused because the object changed since its preview (or refused part way) closes the preview
 * and says why in place (`refused`), and the detail is read again too, so what is offered next is
 * what is true now.
 */
export function usePreviewedWrite<
  Extra = undefined,
  Answer extends PreviewedWrite = PreviewedWrite,
>(done: () => void) {
  const notifications = useNotificationsStore();
  const revertWatch = useRevertWatchStore();
  const pending = ref<PendingWrite<Extra, Answer> | null>(null);
  const running = ref(false);
  const refused = ref<string | null>(null);

  async function preview<Written = unknown>(
    title: string,
    read: () => Promise<Answer>,
    write: (answer: Answer) => Promise<Written>,
    options: PreviewOptions<Extra, Written>,
  ) {
    refused.value = null;
    const success = options.success;
    try {
      const answer = await read();
      pending.value = {
        title,
        answer,
        extra: options.extra,
        write: () => write(answer),
        toast: (result) =>
          typeof success === 'function'
            ? success(result as Written)
            : (success ?? { summary: 'Written', detail: title }),
        refusal: options.refusal ?? ((message) => `${title}: not written. ${message}`),
        closeOnError: options.closeOnError ?? false,
        reloadAfter: (result) => options.reloadAfter?.(result as Written) ?? true,
      };
    } catch (error) {
      notifications.reportError(error, title);
    }
  }

  async function confirm() {
    const current = pending.value;
    if (!current) return;
    running.value = true;
    try {
      const result = await current.write();
      const toast = current.toast(result);
      notifications.push({ ...toast, severity: toast.severity ?? 'success' });
      pending.value = null;
      // An owned workload's write: watch it for a revert by its owner.
      const watch = (result as PreviewedWrite | null)?.owned?.watch;
      if (watch) void revertWatch.watch(watch);
      if (current.reloadAfter(result)) done();
    } catch (error) {
      const inPlace = codeOf(error) === 'KUBE_CONFLICT' || isPartial(error);
      if (!inPlace) notifications.reportError(error, current.title);
      if (!inPlace && !current.closeOnError) return;
      refused.value = current.refusal(messageOf(error));
      pending.value = null;
      done();
    } finally {
      running.value = false;
    }
  }

  const cancel = () => (pending.value = null);

  /** The confirmation's props and listeners, for `v-bind` on `PreviewedWriteConfirm`. */
  const confirmProps = computed(() => ({
    pending: pending.value,
    running: running.value,
    refused: refused.value,
    onConfirm: confirm,
    onCancel: cancel,
  }));

  return { pending, running, refused, preview, confirm, cancel, confirmProps };
}

/**
 * The API server's dry run of a write across namespaces, shown before the user confirms it: the
 * latest read wins (a read started earlier never overwrites it); a refusal is kept as text.
 */
export function useFanOutCheck<Answer extends PreviewedFanOut = PreviewedFanOut>() {
  const answer = ref<Answer | null>(null);
  const error = ref<string | null>(null);
  const checking = ref(false);
  let latest = 0;

  async function check(read: () => Promise<Answer | null>) {
    const mine = ++latest;
    checking.value = true;
    error.value = null;
    try {
      const value = await read();
      if (mine === latest) answer.value = value;
    } catch (failure) {
      if (mine !== latest) return;
      answer.value = null;
      error.value = messageOf(failure);
    } finally {
      if (mine === latest) checking.value = false;
    }
  }

  function clear() {
    latest++;
    answer.value = null;
    error.value = null;
    checking.value = false;
  }

  return { answer, error, checking, check, clear };
}
