/**
 * The canary sweep in Chromium (issue 9): with canary secrets of every shape seeded on the test
 * cluster (tests/integration/canary-seed.ts), drive every view through the bridge as a user
 * would, and collect the page's DOM text at every step, toasts, console messages, every WebSocket
 * frame the page received (answers and push events), what was copied, and every file PullKey
 * wrote. Fails if a canary appears anywhere except in the answer of the explicit Reveal channel.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { readClusterState } from '../cluster/state';
import { filesUnder, findLeaks, seedCanaries, type CanarySeed } from '../integration/canary-seed';
import { expect, test } from './fixtures';
import { canaryKeptProject, sweepInCluster } from './canary-in-cluster';
import { dropProject } from './in-cluster';

const state = readClusterState();

const places = new Map<string, string>();
let seed: CanarySeed;

async function dom(page: Page, place: string) {
  places.set(`dom ${place}`, await page.locator('body').innerText());
}

test.describe.serial('canary sweep in Chromium', () => {
  test.use({ kubeconfig: [state.kubeconfig] });
  test.setTimeout(360_000);

  test('drives every view and collects what the page saw', async ({ page, harness }) => {
    seed = seedCanaries(state);
    let kept = false;
    try {
      const { namespace, context } = seed;
      const made = await harness.core.router.handle('registries:create', {
        context,
        operationId: 'canary-e2e',
        name: seed.pullkeyMade.name,
        scope: { kind: 'namespace', namespace },
        host: seed.pullkeyMade.host,
        username: seed.pullkeyMade.username,
        password: seed.pullkeyMade.password,
        skipVerify: true,
      });
      expect(made.ok).toBe(true);
      // Cancel answers with a flag only (the sweep below reads every answer the page gets).
      const cancelled = await harness.core.router.handle('registries:cancel', {
        operationId: 'canary-e2e',
      });
      places.set('registries:cancel', JSON.stringify(cancelled));

      // Everything the page receives over the bridge, Reveal's answers aside.
      const invoked = new Map<number, string>();
      let frames = 0;
      page.on('websocket', (socket) => {
        socket.on('framesent', ({ payload }) => {
          const message = JSON.parse(String(payload)) as {
            kind?: string;
            id?: number;
            channel?: string;
          };
          if (message.kind === 'invoke' && typeof message.id === 'number') {
            invoked.set(message.id, String(message.channel));
          }
        });
        socket.on('framereceived', ({ payload }) => {
          const text = String(payload);
          const message = JSON.parse(text) as { kind?: string; id?: number; event?: string };
          frames += 1;
          if (message.kind === 'result') {
            const channel = invoked.get(message.id ?? -1) ?? 'unknown';
            if (channel !== 'registries:reveal')
              places.set(`ws answer ${channel} #${frames}`, text);
          } else places.set(`ws event ${message.event} #${frames}`, text);
        });
      });
      page.on('console', (message) => places.set(`console #${places.size}`, message.text()));

      await page.goto(harness.url);
      await expect(page.getByTestId('current-context')).toContainText('alpha-admin');
      await dom(page, 'clusters');
      await page.goto(harness.url.replace('#/clusters', '#/namespaces'));
      await expect(page.getByText(namespace).first()).toBeVisible({ timeout: 30_000 });
      await dom(page, 'namespaces');

      await page.goto(harness.url.replace('#/clusters', '#/registries'));
      await page.getByRole('textbox', { name: 'Filter registries' }).fill(namespace);
      const table = page.getByRole('table', { name: 'Registries' });
      for (const { name } of seed.secrets) {
        await expect(table).toContainText(name, { timeout: 30_000 });
      }
      await dom(page, 'registries list');
      for (const { name } of seed.secrets) {
        await table
          .getByRole('row', { name: new RegExp(`\\b${name}\\b`) })
          .getByRole('button', { name: `Details of ${name}` })
          .click();
        const drawer = page.getByRole('dialog', { name: `Registry ${name}` });
        await expect(drawer).toBeVisible();
        for (const tab of ['Config', 'kubectl', 'YAML', 'Workloads']) {
          await drawer.getByRole('tab', { name: tab }).click();
          await expect(drawer.getByRole('tab', { name: tab })).toHaveAttribute(
            'aria-selected',
            'true',
          );
          places.set(`dom registry ${name} tab ${tab}`, await drawer.innerText());
        }
        await drawer.getByRole('tab', { name: 'YAML' }).click();
        const yaml = await harness.copyOf(() =>
          drawer.getByRole('button', { name: 'Copy YAML' }).click(),
        );
        await expect(page.getByText('copied to the clipboard').first()).toBeVisible();
        places.set(`copied YAML of ${name}`, yaml);
        await page.keyboard.press('Escape');
        await expect(drawer).toBeHidden();
      }
      await dom(page, 'registries with toasts');
      // Issue 22: a project registry handed to External Secrets, its preview and live state.
      kept = true;
      await sweepInCluster(page, harness, seed, places);

      // Deploy with the canary secrets, preflight, launch anyway, watch the rollout.
      const basic = state.registries.basic;
      const image = `${basic.host}/${basic.images[0]?.repo ?? 'team/hello'}:${basic.images[0]?.tags[0] ?? '1.0'}`;
      await page.goto(harness.url.replace('#/clusters', '#/deploy'));
      await page.getByRole('combobox', { name: 'Namespace' }).click();
      await page.getByRole('option', { name: namespace, exact: true }).click();
      await page.getByLabel('Name', { exact: true }).fill('canary-web');
      await page.getByLabel('Image', { exact: true }).fill(image);
      const preflight = page.getByRole('region', { name: 'Preflight' });
      await expect(preflight).toContainText(basic.host, { timeout: 30_000 });
      await dom(page, 'deploy form');
      const launch = page.getByRole('button', { name: 'Launch', exact: true });
      if (await launch.isEnabled()) await launch.click();
      else await page.getByRole('button', { name: 'Launch anyway' }).click();
      await expect(page.getByRole('heading', { name: /Rollout of/ })).toBeVisible();
      await expect(page.getByRole('table', { name: 'Events' })).toContainText(/Pull|pull/, {
        timeout: 60_000,
      });
      await dom(page, 'rollout');

      for (const file of await filesUnder(path.dirname(harness.core.settings.file))) {
        places.set(`file ${path.basename(file)}`, await readFile(file, 'utf8'));
      }
    } finally {
      if (kept) await dropProject(harness, canaryKeptProject(seed));
      seed.cleanup();
    }
  });

  test('finds no canary anywhere outside Reveal (goal: 0 leaks)', () => {
    const leaks = findLeaks(places, seed.patterns);
    console.log(
      `[canary e2e] ${seed.canaries.length} canaries in ${seed.secrets.length} secrets; ` +
        `${places.size} places inspected; ${leaks.length} leaks` +
        (leaks.length ? `:\n  ${leaks.join('\n  ')}` : ''),
    );
    expect(places.size).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
  });
});
