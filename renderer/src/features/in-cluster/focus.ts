import { nextTick, onMounted, type Ref } from 'vue';

/**
 * When this part replaces the one that held the keyboard focus (the opt-in gives way to the kept
 * state once ESO answers, and back after Delete), the focus would drop to the page: it goes to
 * `target` instead, so a keyboard user stays in the drawer.
 */
export function useFocusIfLost(target: Ref<{ $el?: Element } | HTMLElement | null>) {
  onMounted(async () => {
    await nextTick();
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const held = target.value;
    const element = held instanceof HTMLElement ? held : (held?.$el as HTMLElement | undefined);
    element?.focus();
  });
}
