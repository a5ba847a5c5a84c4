/**
 * Aura with a visible focus ring on form fields too (Aura's is width 0: only the border tints),
 * and text contrast that passes WCAG AA (axe's color-contrast): the light scheme's primary
 * buttons are a shade darker (white on emerald-500 is 2.5:1), the warn message text too, and
 * success/warn/danger buttons (filled: white on green-500 is 2.3:1, on red-500 3.8:1; text:
 * green-500 on white is 2.3:1) use the 700 shades in the light scheme. Error and info message
 * text (also the rollout's diagnosis box, which uses the message tokens) is a shade darker in
 * light (red-600 on red-50 is 4.4:1) and lighter in dark (red-500 on its tint is 4.0:1).
 */
import { definePreset } from '@primeuix/themes';
import Aura from '@primeuix/themes/aura';

/** A filled button of one palette, two shades darker than Aura's so white text passes AA. */
function strongerButton(palette: 'green' | 'orange' | 'red') {
  return {
    background: `{${palette}.700}`,
    hoverBackground: `{${palette}.800}`,
    activeBackground: `{${palette}.900}`,
    borderColor: `{${palette}.700}`,
    hoverBorderColor: `{${palette}.800}`,
    activeBorderColor: `{${palette}.900}`,
    focusRing: { color: `{${palette}.700}`, shadow: 'none' },
  };
}

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
    button: {
      colorScheme: {
        light: {
          root: {
            success: strongerButton('green'),
            warn: strongerButton('orange'),
            danger: strongerButton('red'),
          },
          text: {
            success: { color: '{green.700}' },
            warn: { color: '{orange.700}' },
            danger: { color: '{red.700}' },
          },
        },
      },
    },
    // Toast titles: Aura's 600 shades on their tints are 3–4.4:1 (light), 500 on dark tints ~4:1.
    toast: {
      colorScheme: {
        light: {
          info: { color: '{blue.700}' },
          success: { color: '{green.700}' },
          warn: { color: '{yellow.800}' },
          error: { color: '{red.700}' },
        },
        dark: {
          info: { color: '{blue.300}' },
          success: { color: '{green.300}' },
          warn: { color: '{yellow.300}' },
          error: { color: '{red.300}' },
        },
      },
    },
    message: {
      colorScheme: {
        light: {
          warn: { color: '{yellow.800}', simple: { color: '{yellow.800}' } },
          error: { color: '{red.700}', simple: { color: '{red.700}' } },
        },
        dark: {
          error: { color: '{red.400}', simple: { color: '{red.400}' } },
          info: { color: '{blue.300}', simple: { color: '{blue.300}' } },
        },
      },
    },
  },
});
