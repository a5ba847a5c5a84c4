// @vitest-environment jsdom
/**
 * The Pulls view's switch for the laptop's automatic credential checks (per context), and what
 * it says when checks are off or leave a registry out.
 */
import { mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import type { PullCredentialChecks } from '@core/api/contract';
import CredentialChecks from '@renderer/features/pulls/components/CredentialChecks.vue';

const loopback = "not checked from this computer: localhost is the node's own loopback";

function render(checks: PullCredentialChecks) {
  return mount(CredentialChecks, {
    props: { checks, busy: false },
    global: { plugins: [PrimeVue] },
    attachTo: document.body,
  });
}

const switchLabelled = (wrapper: ReturnType<typeof render>, label: string) => {
  const labelElement = wrapper.findAll('label').find((item) => item.text() === label);
  expect(labelElement, label).toBeTruthy();
  const input = wrapper.find(`#${labelElement!.attributes('for')}`);
  expect(input.attributes('role')).toBe('switch');
  return input;
};

describe('credential checks from this computer', () => {
  it('offers a labelled switch that turns the context’s automatic checks off', async () => {
    const wrapper = render({ automatic: true, localRegistries: false, notChecked: [] });
    const automatic = switchLabelled(wrapper, 'Check credentials against registries automatically');
    expect((automatic.element as HTMLInputElement).checked).toBe(true);
    await automatic.trigger('change');
    expect(wrapper.emitted('change')).toEqual([[{ automatic: false }]]);
    wrapper.unmount();
  });

  it('lists the registries left out, with why', () => {
    const wrapper = render({
      automatic: true,
      localRegistries: false,
      notChecked: [{ host: 'localhost:5000', reason: loopback }],
    });
    const list = wrapper.find('ul[aria-label="Registries not checked"]');
    expect(list.text()).toBe(`localhost:5000: ${loopback}`);
    const local = switchLabelled(
      wrapper,
      "Also check registries on localhost: this context's nodes run on this computer (https only)",
    );
    expect((local.element as HTMLInputElement).checked).toBe(false);
    wrapper.unmount();
  });

  it('says plainly when the checks are off, and keeps the loopback switch disabled then', () => {
    const wrapper = render({ automatic: false, localRegistries: false, notChecked: [] });
    expect(wrapper.text()).toContain('Automatic checks are off for this context');
    expect(wrapper.find('#credential-checks-local').attributes()).toHaveProperty('disabled');
    wrapper.unmount();
  });
});
