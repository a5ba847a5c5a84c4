/**
 * The canary sweep's in-cluster steps (issue 22): a project registry holding a canary password
 * is handed to External Secrets from its detail; the opt-in preview (the source Secret's
 * manifest among them) and the live state are collected like every other view. The answers and
 * `inCluster:changed` events are collected by the sweep's WebSocket listener.
 */
import type { Page } from '@playwright/test';
import type { CanarySeed } from '../integration/canary-seed';
import type { Harness } from '../harness/server';
import { expect } from './fixtures';
import { kubectlOn, openKeptDetail, type SeededProject } from './in-cluster';

/** The project the sweep keeps in the cluster: the canary namespace, as a PullKey project. */
export const canaryKeptProject = (seed: CanarySeed): SeededProject => ({
  context: seed.context,
  // Not the namespace's own name: the Deploy view's namespace picker groups by project.
  project: `kept-${seed.namespace}`,
  registry: 'c-kept',
  namespaces: [seed.namespace],
});

export async function sweepInCluster(
  page: Page,
  harness: Harness,
  seed: CanarySeed,
  places: Map<string, string>,
): Promise<void> {
  const kept = canaryKeptProject(seed);
  const { context, namespace } = seed;
  kubectlOn(context).kubectl(
    'label',
    'namespace',
    namespace,
    `pullkey.dev/project=${kept.project}`,
    '--overwrite',
  );
  const made = await harness.core.router.handle('registries:create', {
    context,
    operationId: 'canary-e2e-kept',
    name: kept.registry,
    scope: { kind: 'project', project: kept.project, projectKind: 'pullkey' },
    host: seed.pullkeyMade.host,
    username: seed.pullkeyMade.username,
    password: seed.pullkeyMade.password,
    skipVerify: true,
  });
  expect(made.ok, JSON.stringify(made)).toBe(true);

  await page.goto(harness.url.replace('#/clusters', '#/registries'));
  const { drawer, section } = await openKeptDetail(page, kept.registry);
  places.set('dom in-cluster offer', await drawer.innerText());
  await section.getByRole('button', { name: 'Keep in the cluster…' }).click();
  await expect(section.getByRole('table', { name: /objects$/ })).toBeVisible();
  places.set('dom in-cluster preview', await drawer.innerText());
  await section.getByRole('button', { name: 'Confirm and keep in the cluster' }).click();
  await expect(section.getByRole('status')).toContainText('1/1', { timeout: 60_000 });
  places.set('dom in-cluster kept', await drawer.innerText());
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  places.set('dom registries with a kept row', await page.locator('body').innerText());
}
