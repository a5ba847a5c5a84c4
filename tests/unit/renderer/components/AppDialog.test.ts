// @vitest-environment jsdom
/**
 * The app's dialog moves the focus to its `[autofocus]` field as it opens, unless the user has
 * already moved it (on a slow machine the show animation ends after the first click: the focus
 * was taken out of a list being opened, and the next Escape closed the dialog).
 */
import { mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import AppDialog from '@renderer/components/AppDialog.vue';

const opened: Array<{ unmount(): void }> = [];
afterEach(() => opened.splice(0).forEach((wrapper) => wrapper.unmount()));

/** Opens the dialog from a focused button, its show animation run as in the browser. */
async function openDialog(whileOpening: () => void = () => undefined) {
  const opener = document.createElement('button');
  document.body.append(opener);
  opener.focus();
  const wrapper = mount(AppDialog, {
    props: { header: 'New registry', visible: true },
    slots: { default: '<input id="name" autofocus /><input id="namespace" />' },
    global: { plugins: [PrimeVue], stubs: { transition: false } },
    attachTo: document.body,
  });
  opened.push(wrapper);
  // The content is there a tick after mount; the animation ends frames later.
  while (!document.getElementById('namespace')) await nextTick();
  whileOpening();
}
const byId = (id: string) => document.getElementById(id)!;
/** The show animation has ended: Vue drops its enter classes, then runs the after-enter hook. */
async function shown() {
  await vi.waitFor(() => expect(document.querySelector('.p-dialog-enter-active')).toBeNull());
  await nextTick();
}

describe('AppDialog focus when it has opened', () => {
  it('goes to the autofocus field while the user has not moved it', async () => {
    await openDialog();
    await shown();
    expect(document.activeElement).toBe(byId('name'));
  });

  it('stays where the user put it before the show animation ended', async () => {
    await openDialog(() => byId('namespace').focus());
    await shown();
    expect(document.activeElement).toBe(byId('namespace'));
  });
});
