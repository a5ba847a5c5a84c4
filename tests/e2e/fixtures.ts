import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { readClusterState } from '../cluster/state';
import { esoStoreServer } from '../kit/eso-store-server';
import { startHarness, type Harness } from '../harness/server';
import { installKeyboardDriver, type InputMode } from './keyboard-driver';

export const fixturesDir = path.resolve(import.meta.dirname, '../fixtures');

export interface E2eOptions {
  /** kubeconfig files the bridge loads (override per test with test.use). */
  kubeconfig: string[];
  /**
   * How the specs' clicks, checks and fills are done: `pointer` as Playwright does them,
   * `keyboard` with Tab, arrows, Enter and Space only (tests/e2e/keyboard-driver.ts).
   */
  input: InputMode;
}

interface Fixtures {
  harness: Harness;
}

export const test = base.extend<Fixtures & E2eOptions>({
  kubeconfig: [[path.join(fixturesDir, 'kubeconfig-two.yaml')], { option: true }],
  input: ['pointer', { option: true }],
  page: async ({ page, input }, use) => {
    // PULLKEY_E2E_CPU_THROTTLE=N runs the page N times slower (Chromium's CPU throttling): timing
    // defects (a check that reads a state before the user could see it) show at once.
    const throttle = Number(process.env.PULLKEY_E2E_CPU_THROTTLE ?? 1);
    if (throttle > 1) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    }
    if (input !== 'keyboard') return use(page);
    const driver = await installKeyboardDriver(page);
    try {
      await use(page);
    } finally {
      driver.uninstall();
    }
  },
  harness: async ({ kubeconfig }, use) => {
    if (process.env.PULLKEY_PRIVATE_KEYRING !== '1') {
      throw new Error('e2e must run inside tests/harness/private-keyring.sh (npm run test:e2e)');
    }
    // On the test cluster, its out-of-cluster ESO's stores name the API server (issue 22).
    const state = kubeconfig.includes(clusterKubeconfig()) ? readClusterState() : null;
    const harness = await startHarness({
      kubeconfig,
      ...(state ? { inClusterStoreServer: esoStoreServer(state) } : {}),
    });
    await use(harness);
    await harness.close();
  },
});

export { expect };

/** The test cluster's kubeconfig, or '' when the cluster is not up. */
function clusterKubeconfig(): string {
  try {
    return readClusterState().kubeconfig;
  } catch {
    return '';
  }
}

/**
 * A describe block whose tests run against the test cluster (its kubeconfig), each with a time
 * limit of `timeoutMs` when given (the cluster is slow on a shared machine).
 */
export function clusterSpec(title: string, timeoutMs: number | null, body: () => void) {
  test.describe(title, () => {
    test.use({ kubeconfig: [readClusterState().kubeconfig] });
    if (timeoutMs !== null) test.setTimeout(timeoutMs);
    body();
  });
}

/** Opens one view of the app (`#/<view>`) and waits until the selected context is shown. */
export async function openView(
  page: Page,
  harness: Pick<Harness, 'url'>,
  view: string,
  context = 'alpha-admin',
) {
  await page.goto(harness.url.replace('#/clusters', `#/${view}`));
  await expect(page.getByTestId('current-context')).toContainText(context);
}
