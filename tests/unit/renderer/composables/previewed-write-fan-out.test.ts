// @vitest-environment jsdom
/**
 * `usePreviewedWrite` with a write across namespaces: `confirmProps` bound with `v-bind` on the
 * confirmation shows the dry run, each namespace's change with the version read, and Confirm
 * writes what was previewed (with those versions), then says so and reads again.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import type { PreviewedFanOut } from '@core/api/contract';
import { usePreviewedWrite } from '@renderer/composables/previewed-write';
import PreviewedWriteConfirm from '@renderer/components/PreviewedWriteConfirm.vue';
import { useNotificationsStore } from '@renderer/stores/notifications';
import { clickButton } from '../buttons';

const answer = (written: boolean): PreviewedFanOut => ({
  preview: 'web-1: create secret regcred\nweb-2: update secret regcred',
  written,
  resourceVersion: null,
  targets: [
    {
      namespace: 'web-1',
      name: 'regcred',
      preview: 'web-1: create secret regcred',
      written,
      resourceVersion: null,
    },
    {
      namespace: 'web-2',
      name: 'regcred',
      preview: 'web-2: update secret regcred',
      written,
      resourceVersion: '7',
    },
  ],
});

describe('usePreviewedWrite: a write across namespaces', () => {
  it('v-bind="confirmProps" shows each namespace, and Confirm writes with what was read', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const done = vi.fn();
    const write = vi.fn((read: PreviewedFanOut) => Promise.resolve({ ...answer(true), read }));
    let api!: ReturnType<typeof usePreviewedWrite<undefined, PreviewedFanOut>>;
    const Host = defineComponent({
      setup() {
        api = usePreviewedWrite<undefined, PreviewedFanOut>(done);
        return () => h(PreviewedWriteConfirm, { ...api.confirmProps.value });
      },
    });
    const wrapper = mount(Host, {
      attachTo: document.body,
      global: { plugins: [PrimeVue, pinia] },
    });
    await api.preview('Sync registry regcred', () => Promise.resolve(answer(false)), write, {
      extra: undefined,
    });
    await flushPromises();
    const shown = wrapper.get('[aria-label="Checked on the cluster"]').text();
    expect(shown).toContain('web-1: create secret regcred');
    expect(shown).toContain('web-2: update secret regcred · version 7');
    await clickButton(wrapper, 'Confirm and write');
    expect(write).toHaveBeenCalledWith(answer(false));
    expect(done).toHaveBeenCalledOnce();
    expect(useNotificationsStore().queue.at(-1)).toMatchObject({ severity: 'success' });
    expect(wrapper.find('[aria-label="Checked on the cluster"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
