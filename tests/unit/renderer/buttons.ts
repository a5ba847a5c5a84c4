/** Finding and clicking a mounted component's buttons by their accessible name. */
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { expect } from 'vitest';

/** A button by its accessible name (aria-label or text). */
export const buttonNamed = (wrapper: VueWrapper, name: string) =>
  wrapper
    .findAll('button')
    .find((item) => item.attributes('aria-label') === name || item.text() === name);

/** Clicks the button so named (it must be there) and lets the calls it makes answer. */
export async function clickButton(wrapper: VueWrapper, name: string) {
  const found = buttonNamed(wrapper, name);
  expect(found, `button "${name}"`).toBeDefined();
  await found!.trigger('click');
  await flushPromises();
}
