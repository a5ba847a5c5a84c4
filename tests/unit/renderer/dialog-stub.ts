import { defineComponent, h } from 'vue';

/** PrimeVue's Dialog in place (no teleport): its body, then its footer. */
export const DialogStub = defineComponent({
  props: { visible: Boolean },
  setup(props, { slots }) {
    return () =>
      props.visible
        ? h('div', { role: 'dialog' }, [
            h('div', { class: 'body' }, slots.default?.()),
            h('footer', slots.footer?.()),
          ])
        : null;
  },
});
