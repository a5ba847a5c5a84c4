import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHarness, type Harness } from '../harness/server';

export const fixturesDir = path.resolve(import.meta.dirname, '../fixtures');

interface Fixtures {
  /** kubeconfig files the bridge loads (override per test with test.use). */
  kubeconfig: string[];
  harness: Harness;
}

export const test = base.extend<Fixtures>({
  kubeconfig: [[path.join(fixturesDir, 'kubeconfig-two.yaml')], { option: true }],
  harness: async ({ kubeconfig }, use) => {
    if (process.env.PULLKEY_PRIVATE_KEYRING !== '1') {
      throw new Error('e2e must run inside tests/harness/private-keyring.sh (npm run test:e2e)');
    }
    const harness = await startHarness({ kubeconfig });
    await use(harness);
    await harness.close();
  },
});

export { expect };
