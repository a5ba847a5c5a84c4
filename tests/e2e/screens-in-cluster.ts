/**
 * The screens of issue 22 for the page checks (axe, viewport): a project registry kept by External
 * Secrets on alpha, the opt-in preview of another, and the detail on beta (no ESO: the helm
 * command). Seeded once, idempotently, as a teammate would (kubectl, PullKey's core).
 */
import type { Page } from '@playwright/test';
import type { InClusterView, InClusterWrite } from '../../electron/core/api/contract';
import type { Harness } from '../harness/server';
import { expect } from './fixtures';
import { kubectlOn, openKeptDetail, seedProject, switchContext } from './in-cluster';
import { settled } from './page-checks';
import type { Screen } from './screens';

export const inClusterSeed = {
  project: 'screens-eso',
  kept: 'screens-kept',
  optIn: 'screens-opt-in',
  noEsoProject: 'screens-noeso',
  noEso: 'screens-noeso-pull',
} as const;

const exists = (context: string, namespace: string, name: string) =>
  kubectlOn(context)
    .kubectl('get', 'secret', name, '-n', namespace, '--ignore-not-found', '-o', 'name')
    .trim() !== '';

async function ensureProject(harness: Harness, context: string, project: string, registry: string) {
  if (!exists(context, `${project}-1`, registry))
    await seedProject(harness, { context, project, registry, count: 2 });
}

/** Keeps `registry` of `project` in the cluster through the core, unless it is already. */
async function ensureKept(harness: Harness, project: string, registry: string) {
  const context = 'alpha-admin';
  const opened = await harness.core.router.handle('inCluster:open', { context });
  const kept =
    opened.ok && (opened.value as InClusterView).kept.some((each) => each.name === registry);
  await harness.core.router.handle('inCluster:close', { context });
  if (kept) return;
  const input = { context, project: { kind: 'pullkey' as const, id: project }, name: registry };
  const preview = await harness.core.router.handle('inCluster:keep', { ...input, dryRun: true });
  if (!preview.ok) throw new Error(`Keep ${registry} (preview): ${JSON.stringify(preview)}`);
  const version = (preview.value as InClusterWrite).resourceVersion;
  const written = await harness.core.router.handle('inCluster:keep', {
    ...input,
    ...(version ? { resourceVersion: version } : {}),
    dryRun: false,
  });
  expect(written.ok, JSON.stringify(written)).toBe(true);
}

export async function seedInClusterScreens(harness: Harness) {
  const { project, kept, optIn, noEsoProject, noEso } = inClusterSeed;
  await ensureProject(harness, 'alpha-admin', project, kept);
  await ensureProject(harness, 'alpha-admin', project, optIn);
  await ensureKept(harness, project, kept);
  await ensureProject(harness, 'beta-admin', noEsoProject, noEso);
}

async function registries(page: Page, baseUrl: string) {
  await page.goto(baseUrl.replace('#/clusters', '#/registries'));
  await expect(page.getByRole('heading', { level: 1, name: 'Registries' })).toBeVisible();
  await settled(page);
}

const close = (page: Page) => async () => {
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
};

export const inClusterScreens: Screen[] = [
  {
    name: 'Registry detail: kept in the cluster',
    area: 'registries',
    open: async (page, baseUrl) => {
      await registries(page, baseUrl);
      const { section } = await openKeptDetail(page, inClusterSeed.kept);
      await expect(section.getByRole('status')).toContainText('External Secrets', {
        timeout: 60_000,
      });
      return close(page);
    },
  },
  {
    name: 'Registry detail: keep in the cluster, previewed',
    area: 'registries',
    open: async (page, baseUrl) => {
      await registries(page, baseUrl);
      const { section } = await openKeptDetail(page, inClusterSeed.optIn);
      await section.getByRole('button', { name: 'Keep in the cluster…' }).click();
      await expect(section.getByRole('table', { name: /objects$/ })).toBeVisible();
      return close(page);
    },
  },
  {
    name: 'Registry detail: cluster without External Secrets',
    area: 'registries',
    open: async (page, baseUrl) => {
      await registries(page, baseUrl);
      await switchContext(page, 'beta-admin');
      const { section } = await openKeptDetail(page, inClusterSeed.noEso);
      await expect(section.getByLabel('Helm command', { exact: true })).toBeVisible();
      return close(page);
    },
  },
];
