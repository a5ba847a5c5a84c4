/**
 * The registry form's confirm step (issue 19): submitting "Create registry" or "Save changes"
 * shows the API server's dry run per namespace, and nothing is written until Confirm. Every spec
 * that writes through the form goes through here (by pointer or, in the `keyboard` project, by
 * keyboard: the driver turns these clicks into Tab + Enter).
 */
import { expect, type Locator } from '@playwright/test';

/** The confirm step's Confirm button (its label says what it will do). */
export const confirmButton = (form: Locator) => form.getByRole('button', { name: /^Confirm/ });

/** Confirm, once the dry run is shown: the write starts. */
export async function confirmRegistryWrite(form: Locator) {
  const confirm = confirmButton(form);
  await expect(confirm).toBeEnabled();
  await confirm.click();
}

/** Submits the form (its submit button, `submit`), then confirms what the dry run shows. */
export async function submitRegistryForm(
  form: Locator,
  submit: 'Create registry' | 'Save changes',
) {
  await form.getByRole('button', { name: submit, exact: true }).click();
  await confirmRegistryWrite(form);
}
