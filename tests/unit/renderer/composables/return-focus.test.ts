// @vitest-environment jsdom
/**
 * Keyboard focus is never dropped on the page: a drawer gives it back to its opener when it
 * closes (useReturnFocus), and a confirmation gives it back to the control that asked for it
 * when it goes (ConfirmChange), even after its busy Confirm button let it go.
 */
import { mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import ConfirmChange from '@renderer/components/ConfirmChange.vue';
import { useReturnFocus } from '@renderer/composables/return-focus';

function opener(label: string) {
  const button = document.createElement('button');
  button.textContent = label;
  document.body.append(button);
  button.focus();
  return button;
}

afterEach(() => document.body.replaceChildren());

describe('useReturnFocus', () => {
  it('gives the focus back to the control focused when the drawer opened', () => {
    const details = opener('Details');
    const returnFocus = useReturnFocus();
    returnFocus.remember();
    opener('Close').focus();
    returnFocus.restore();
    expect(document.activeElement).toBe(details);
  });

  it('does nothing when that control is gone, or when nothing had the focus', () => {
    const details = opener('Details');
    const returnFocus = useReturnFocus();
    returnFocus.remember();
    details.remove();
    const inside = opener('Close');
    returnFocus.restore();
    expect(document.activeElement).toBe(inside);

    inside.blur();
    returnFocus.remember();
    const later = opener('Other');
    returnFocus.restore();
    expect(document.activeElement).toBe(later);
  });
});

describe('ConfirmChange', () => {
  const Host = defineComponent({
    setup() {
      const shown = ref(false);
      return () =>
        h('div', [
          h('button', { id: 'ask', onClick: () => (shown.value = true) }, 'Set image…'),
          shown.value
            ? h(
                ConfirmChange,
                {
                  groupLabel: 'Confirm the change',
                  previewLabel: 'Patch',
                  preview: '{}',
                  confirmLabel: 'Confirm and write',
                  running: false,
                  onCancel: () => (shown.value = false),
                  onConfirm: () => (shown.value = false),
                },
                () => 'Set image',
              )
            : null,
        ]);
    },
  });

  async function open() {
    const wrapper = mount(Host, { attachTo: document.body, global: { plugins: [PrimeVue] } });
    const ask = wrapper.get('#ask').element as HTMLButtonElement;
    ask.focus();
    await wrapper.get('#ask').trigger('click');
    await nextTick();
    return { wrapper, ask };
  }

  it('Cancel: the focus goes back to the button that asked for the confirmation', async () => {
    const { wrapper, ask } = await open();
    const cancel = wrapper.findAll('button').find((button) => button.text() === 'Cancel')!;
    (cancel.element as HTMLButtonElement).focus();
    await cancel.trigger('click');
    await nextTick();
    expect(wrapper.text()).not.toContain('Confirm and write');
    expect(document.activeElement).toBe(ask);
  });

  it('Confirm, whose busy button dropped the focus on the page: it comes back too', async () => {
    const { wrapper, ask } = await open();
    const confirm = wrapper
      .findAll('button')
      .find((button) => button.text() === 'Confirm and write')!;
    (confirm.element as HTMLButtonElement).focus();
    (confirm.element as HTMLButtonElement).blur();
    expect(document.activeElement).toBe(document.body);
    await confirm.trigger('click');
    await nextTick();
    expect(document.activeElement).toBe(ask);
  });

  it('leaves the focus alone when the user has moved on elsewhere', async () => {
    const { wrapper } = await open();
    const elsewhere = opener('Elsewhere');
    const cancel = wrapper.findAll('button').find((button) => button.text() === 'Cancel')!;
    await cancel.trigger('click');
    await nextTick();
    expect(document.activeElement).toBe(elsewhere);
  });
});
