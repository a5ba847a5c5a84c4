/**
 * Aura with a visible focus ring on form fields too (Aura's is width 0: only the border tints),
 * and text contrast that passes WCAG AA (axe's color-contrast): the light scheme's primary
 * buttons are a shade darker (white on emerald-500 is 2.5:1), the warn message text too.
 */
import { definePreset } from '@primeuix/themes';
import Aura from '@primeuix/themes/aura';

export const theme = definePreset(Aura, {
  semantic: {
    formField: {
      focusRing: {
        width: '2px',
        style: 'solid',
        color: '{primary.color}',
        offset: '1px',
        shadow: 'none',
      },
    },
    colorScheme: {
      light: {
        primary: {
          color: '{primary.700}',
          contrastColor: '#ffffff',
          hoverColor: '{primary.800}',
          activeColor: '{primary.900}',
        },
      },
    },
  },
  components: {
    message: {
      colorScheme: {
        light: {
          warn: { color: '{yellow.800}', simple: { color: '{yellow.800}' } },
        },
      },
    },
  },
});
