import { defineComponent, h } from 'vue';

/** PrimeVue's Drawer in place (no teleport): its content while visible. */
export const DrawerStub = defineComponent({
  props: { visible: Boolean },
  setup(props, { slots }) {
    return () => (props.visible ? h('div', { role: 'dialog' }, slots.default?.()) : null);
  },
});
