/**
 * The registry form's confirm step (create and edit), the same piece as the Delete and Sync
 * dialogs (`useFanOutCheck`): submitting asks the API server's dry run and shows it per namespace;
 * nothing is written before Confirm, which writes exactly what was previewed. Back returns to the
 * form: what was typed is the form's own state and stays there (the password too, in memory).
 */
import type { RegistryFanOut, WriteOutcome } from '@core/api/contract';
import { computed, ref } from 'vue';
import { useFanOutCheck } from '../../../composables/previewed-write';

/** Outcomes of a dry run that write something on Confirm. */
const WRITES: ReadonlySet<WriteOutcome> = new Set(['created', 'updated']);

/**
 * What Confirm will do, said on the button: "Confirm: create in 3 namespaces", and the
 * namespaces left as they are (unchanged, a clash or conflict, forbidden: each line of the preview
 * says why) — the write reports them, it never overwrites them.
 */
export function confirmLabel(answer: Pick<RegistryFanOut, 'results'>, mode: 'create' | 'edit') {
  const writes = answer.results.filter((result) => WRITES.has(result.outcome)).length;
  const left = answer.results.length - writes;
  const count = (n: number) => `${n} namespace${n === 1 ? '' : 's'}`;
  const verb = mode === 'create' ? 'create in' : 'update in';
  const leftText = `leave ${count(left)} as ${left === 1 ? 'it is' : 'they are'}`;
  if (!writes) return `Confirm: write nothing, ${leftText}`;
  return left
    ? `Confirm: ${verb} ${count(writes)}, ${leftText}`
    : `Confirm: ${verb} ${count(writes)}`;
}

/** The namespaces a confirmed write leaves as they are, with the dry run's reason. */
export function leftAsTheyAre(answer: Pick<RegistryFanOut, 'results'>) {
  return answer.results.filter(
    (result) => !WRITES.has(result.outcome) && result.outcome !== 'unchanged',
  );
}

export function useWritePreview() {
  const checked = useFanOutCheck<RegistryFanOut>();
  const step = ref<'form' | 'preview'>('form');
  const writing = ref(false);
  let pending: (() => Promise<unknown>) | null = null;

  /** Shows the dry run of a write (`read`); `write` is what Confirm runs. */
  async function preview(
    read: () => Promise<RegistryFanOut | null>,
    write: () => Promise<unknown>,
  ) {
    pending = write;
    step.value = 'preview';
    await checked.check(read);
  }

  /** Back to the form: the dry run forgotten, nothing written. */
  function back() {
    if (writing.value) return;
    pending = null;
    step.value = 'form';
    checked.clear();
  }

  /** Why Confirm cannot write now (null: it can). */
  const blocked = computed(() => {
    if (step.value !== 'preview') return 'Nothing to confirm';
    if (checked.checking.value) return 'Checking on the cluster (dry run)…';
    if (checked.error.value)
      return 'The dry run failed: nothing was written. Go Back to change it.';
    if (!checked.answer.value) return 'No dry run to confirm';
    return null;
  });

  /** Writes what was previewed (once), then leaves the preview. */
  async function confirm() {
    const write = pending;
    if (!write || blocked.value || writing.value) return;
    pending = null;
    writing.value = true;
    try {
      await write();
    } finally {
      writing.value = false;
      step.value = 'form';
      checked.clear();
    }
  }

  return {
    step,
    writing,
    answer: checked.answer,
    error: checked.error,
    checking: checked.checking,
    blocked,
    preview,
    back,
    confirm,
  };
}
