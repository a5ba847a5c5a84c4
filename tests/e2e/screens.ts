/**
 * Every view and dialog a check visits (axe, viewport), as steps on one page: reached by the
 * sidebar and the view's own buttons, like a user. `area: 'registries'` marks the screens the
 * registries work owns (their findings are reported separately).
 */
import type { Page } from '@playwright/test';
import type { Harness } from '../harness/server';
import { expect } from './fixtures';
import { settled } from './page-checks';
import { apply, basic, deployment, kubectl } from './cluster';
import { registryUser } from '../kit/manifests';
import { inClusterScreens, seedInClusterScreens } from './screens-in-cluster';
import { confirmButton } from './registry-form';

export interface Screen {
  name: string;
  area: 'shell' | 'registries';
  /** A known defect of this screen for a check ('axe' or 'viewport'): that check is fixme. */
  known?: Partial<Record<'axe' | 'viewport', string>>;
  /** Shows the screen; returns a function that closes it (dialogs) or nothing (views). */
  open(page: Page, baseUrl: string): Promise<(() => Promise<void>) | void>;
}

const view = (path: string, heading: string | RegExp) => async (page: Page, baseUrl: string) => {
  await page.goto(baseUrl.replace('#/clusters', `#/${path}`));
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await settled(page); // the view's first answers (tables, statuses)
};

const dialog =
  (path: string, heading: string, button: string, title: string | RegExp) =>
  async (page: Page, baseUrl: string) => {
    await view(path, heading)(page, baseUrl);
    await page.getByRole('button', { name: button, exact: true }).click();
    const shown = page.getByRole('dialog', { name: title });
    await expect(shown).toBeVisible();
    return async () => {
      await page.keyboard.press('Escape');
      await expect(shown).toBeHidden();
    };
  };

/**
 * What the screens below need on context alpha-admin, made as a teammate would (kubectl, and a
 * project registry through PullKey's core): a workload that cannot pull, and a project registry
 * with one copy deleted (out of sync). Idempotent: the axe and viewport specs both call it.
 */
export const seeded = {
  namespace: 'screens',
  workload: 'screens-no-creds',
  registry: 'screens-team',
  project: 'p-team1',
  droppedCopy: 'team1-staging',
} as const;

export async function seedScreens(harness: Harness) {
  apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: seeded.namespace } });
  apply(deployment(seeded.namespace, seeded.workload));
  const copies = kubectl(
    'get',
    'secrets',
    '-A',
    '--field-selector',
    `metadata.name=${seeded.registry}`,
    '-o',
    'name',
  );
  if (!copies.trim()) {
    const made = await harness.core.router.handle('registries:create', {
      context: 'alpha-admin',
      operationId: `seed-${seeded.registry}-${Date.now()}`,
      name: seeded.registry,
      scope: { kind: 'project', project: seeded.project, projectKind: 'rancher' },
      host: basic.host,
      username: 'alice',
      password: registryUser(basic).password,
      skipVerify: true,
    });
    expect(made.ok, JSON.stringify(made)).toBe(true);
  }
  kubectl('delete', 'secret', seeded.registry, '-n', seeded.droppedCopy, '--ignore-not-found');
  await seedInClusterScreens(harness);
}

/** Closes whatever dialogs are open, innermost first. */
async function closeDialogs(page: Page) {
  const dialogs = page.getByRole('dialog');
  for (let open = await dialogs.count(); open > 0; open--) {
    await page.keyboard.press('Escape');
    await expect(dialogs).toHaveCount(open - 1);
  }
}

/** The seeded project registry's detail drawer. */
async function registryDetail(page: Page, baseUrl: string) {
  await view('registries', 'Registries')(page, baseUrl);
  await page.getByRole('textbox', { name: 'Filter registries' }).fill(seeded.registry);
  await page.getByRole('button', { name: `Details of ${seeded.registry}` }).click();
  const drawer = page.getByRole('dialog', { name: `Registry ${seeded.registry}` });
  await expect(drawer).toBeVisible();
  return drawer;
}

const inRegistryDetail =
  (button: string, title: string | RegExp) => async (page: Page, baseUrl: string) => {
    const drawer = await registryDetail(page, baseUrl);
    await drawer.getByRole('button', { name: button, exact: true }).click();
    await expect(page.getByRole('dialog', { name: title })).toBeVisible();
    return () => closeDialogs(page);
  };

/** The seeded registry's detail drawer on its tab `tab`. */
const registryDetailTab = (tab: string) => async (page: Page, baseUrl: string) => {
  const drawer = await registryDetail(page, baseUrl);
  await drawer.getByRole('tab', { name: tab }).click();
  return () => closeDialogs(page);
};

export const screens: Screen[] = [
  { name: 'Clusters view', area: 'shell', open: view('clusters', 'Clusters') },
  {
    name: 'Context switcher (Ctrl+K)',
    area: 'shell',
    open: async (page, baseUrl) => {
      await view('clusters', 'Clusters')(page, baseUrl);
      await page.keyboard.press('Control+k');
      await expect(page.getByPlaceholder('Search contexts')).toBeFocused();
      return async () => void (await page.keyboard.press('Escape'));
    },
  },
  { name: 'Namespaces view', area: 'shell', open: view('namespaces', 'Namespaces and projects') },
  {
    name: 'New project dialog',
    area: 'shell',
    open: dialog('namespaces', 'Namespaces and projects', 'New project', /project/i),
  },
  { name: 'Deploy view', area: 'shell', open: view('deploy', 'Deploy') },
  {
    name: 'Pulls view',
    area: 'shell',
    open: view('pulls', /Pull/),
  },
  {
    name: 'Rollout view',
    area: 'shell',
    open: async (page, baseUrl) => {
      const query = 'context=alpha-admin&namespace=sandbox&kind=Deployment&name=no-such-app';
      await page.goto(baseUrl.replace('#/clusters', `#/rollout?${query}`));
      await expect(page.getByRole('heading', { level: 1, name: /Rollout of/ })).toBeVisible();
      await expect(page.getByRole('status', { name: /Rollout state/ })).toBeVisible();
    },
  },
  { name: 'Registries view', area: 'registries', open: view('registries', 'Registries') },
  {
    name: 'New registry dialog',
    area: 'registries',
    open: dialog('registries', 'Registries', 'New registry', /registry/i),
  },
  {
    name: 'Update password everywhere dialog',
    area: 'registries',
    open: dialog(
      'registries',
      'Registries',
      'Update password everywhere',
      'Update password everywhere',
    ),
  },
  {
    name: 'Import from Docker dialog',
    area: 'registries',
    open: dialog('registries', 'Registries', 'Import from Docker', 'Import logins from Docker'),
  },
  {
    name: 'Pull detail',
    area: 'shell',
    open: async (page, baseUrl) => {
      await view('pulls', /Pull/)(page, baseUrl);
      await page.getByLabel('Filter pulls').fill(seeded.workload);
      await page
        .getByRole('button', { name: `Details of Deployment ${seeded.workload}` })
        .first()
        .click();
      await expect(page.getByRole('dialog')).toBeVisible();
      return () => closeDialogs(page);
    },
  },
  {
    name: 'Rollout view of a failed pull',
    area: 'shell',
    open: async (page, baseUrl) => {
      const query = `context=alpha-admin&namespace=${seeded.namespace}&kind=Deployment&name=${seeded.workload}`;
      await page.goto(baseUrl.replace('#/clusters', `#/rollout?${query}`));
      await expect(page.getByRole('heading', { level: 1, name: /Rollout of/ })).toBeVisible();
      await expect(page.getByRole('status', { name: /Rollout state/ })).toBeVisible();
      await expect(page.getByRole('article', { name: /^Pod / }).first()).toBeVisible();
    },
  },
  {
    name: 'Registry detail: config',
    area: 'registries',
    open: async (page, baseUrl) => {
      await registryDetail(page, baseUrl);
      return () => closeDialogs(page);
    },
  },
  {
    name: 'Registry detail: kubectl',
    area: 'registries',
    open: registryDetailTab('kubectl'),
  },
  {
    name: 'Registry detail: YAML',
    area: 'registries',
    open: registryDetailTab('YAML'),
  },
  {
    name: 'Edit registry dialog',
    area: 'registries',
    open: inRegistryDetail('Edit', `Edit registry ${seeded.registry}`),
  },
  {
    name: 'Edit registry: the dry run before Confirm',
    area: 'registries',
    open: async (page, baseUrl) => {
      await inRegistryDetail('Edit', `Edit registry ${seeded.registry}`)(page, baseUrl);
      const edit = page.getByRole('dialog', { name: `Edit registry ${seeded.registry}` });
      await edit
        .getByLabel('Password or token', { exact: true })
        .fill(registryUser(basic).password);
      await edit.getByRole('button', { name: 'Save changes', exact: true }).click();
      await expect(confirmButton(edit)).toBeEnabled();
      return async () => {
        await page.keyboard.press('Escape'); // back to the form
        await expect(confirmButton(edit)).toHaveCount(0);
        await closeDialogs(page);
      };
    },
  },
  {
    name: 'Delete registry dialog',
    area: 'registries',
    open: inRegistryDetail('Delete', /Delete/),
  },
  {
    name: 'Sync dialog',
    area: 'registries',
    open: inRegistryDetail('Sync', /Sync/),
  },
  ...inClusterScreens,
];
