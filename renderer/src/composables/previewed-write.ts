import type { PullFixAnswer } from '@core/api/contract';
import { ref } from 'vue';
import { codeOf, messageOf } from '../errors';
import { useNotificationsStore } from '../stores/notifications';

/** A change shown before it is written: what the back end's dry run answered, and its write. */
export interface PendingWrite<Extra> {
  title: string;
  answer: PullFixAnswer;
  extra: Extra;
  write: () => Promise<unknown>;
  /** The success toast's text (the title by default). */
  success?: { summary: string; detail: string } | undefined;
}

/**
 * One way for a Pull-doctor fix to write: the back end's dry run is shown, Confirm writes exactly
 * that (at the version previewed), then `done` has the detail read again. A write refused because
 * the object changed since its preview closes the preview and says why in place (`refused`), and
 * the detail is read again too, so what is offered next is what is true now.
 */
export function usePreviewedWrite<Extra = undefined>(done: () => void) {
  const notifications = useNotificationsStore();
  const pending = ref<PendingWrite<Extra> | null>(null);
  const running = ref(false);
  const refused = ref<string | null>(null);

  async function preview(
    title: string,
    read: () => Promise<PullFixAnswer>,
    write: (answer: PullFixAnswer) => Promise<unknown>,
    options: { extra: Extra; success?: PendingWrite<Extra>['success'] },
  ) {
    refused.value = null;
    try {
      const answer = await read();
      pending.value = {
        title,
        answer,
        extra: options.extra,
        write: () => write(answer),
        success: options.success,
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
      await current.write();
      notifications.push({
        severity: 'success',
        summary: current.success?.summary ?? 'Written',
        detail: current.success?.detail ?? current.title,
      });
      pending.value = null;
      done();
    } catch (error) {
      if (codeOf(error) !== 'KUBE_CONFLICT') {
        notifications.reportError(error, current.title);
        return;
      }
      refused.value = `${current.title}: not written. ${messageOf(error)}`;
      pending.value = null;
      done();
    } finally {
      running.value = false;
    }
  }

  const cancel = () => (pending.value = null);

  return { pending, running, refused, preview, confirm, cancel };
}
