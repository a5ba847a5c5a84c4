import {
  defineConfig,
  type PlaywrightTestOptions,
  type PlaywrightWorkerOptions,
} from '@playwright/test';
import type { E2eOptions } from './tests/e2e/fixtures';
import { chromiumArgs, chromiumPath } from './tests/harness/chromium';

const chromium: Partial<PlaywrightTestOptions & PlaywrightWorkerOptions> = {
  browserName: 'chromium',
  viewport: { width: 1280, height: 800 },
  launchOptions: {
    executablePath: chromiumPath,
    args: chromiumArgs,
  },
};

export default defineConfig<E2eOptions>({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'chromium', testIgnore: 'electron/**', use: chromium },
    {
      // Issue 13: every flow again, keyboard-only (tests/e2e/keyboard-driver.ts). Left out: the
      // page checks (axe, viewport layout: no clicks to redo), keyboard.spec and
      // keyboard-driver.spec (keyboard-only already), and the canary sweep (a leak check: it
      // collects what the views show, the same by either input; its clicks are flows that
      // registries.spec and deploy.spec already do keyboard-only, and it is the longest spec).
      name: 'keyboard',
      testIgnore: [
        'electron/**',
        'a11y.spec.ts',
        'viewport.spec.ts',
        'keyboard.spec.ts',
        'keyboard-driver.spec.ts',
        'canary.spec.ts',
      ],
      use: { ...chromium, input: 'keyboard' },
    },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
