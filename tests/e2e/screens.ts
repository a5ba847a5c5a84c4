/**
 * Every view and dialog a check visits (axe, viewport), as steps on one page: reached by the
 * sidebar and the view's own buttons, like a user. `area: 'registries'` marks the screens the
 * registries work owns (their findings are reported separately).
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

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
  await page.waitForTimeout(300); // the view's first answers (tables, statuses)
};

const dialog =
  (path: string, heading: string, button: string, title: string | RegExp) =>
  async (page: Page, baseUrl: string) => {
    await view(path, heading)(page, baseUrl);
    await page.getByRole('button', { name: button, exact: true }).click();
    const shown = page.getByRole('dialog', { name: title });
    await expect(shown).toBeVisible();
    await page.waitForTimeout(400); // the dialog's enter animation
    return async () => {
      await page.keyboard.press('Escape');
      await expect(shown).toBeHidden();
    };
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
];
