import type { Page } from '@playwright/test';

/**
 * The page as a user reads it: no enter/leave transition or finite animation running (a dialog
 * still scaling in has not taken the focus yet; a message fading in is half-transparent, and axe
 * rightly measures its contrast as shown). Spinners and other endless animations are not waited
 * for.
 */
export async function atRest(page: Page) {
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every(
          (animation) =>
            animation.playState !== 'running' ||
            animation.effect?.getComputedTiming().iterations === Infinity,
        ),
    undefined,
    { timeout: 10_000 },
  );
}
