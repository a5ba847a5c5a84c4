/**
 * Issue 13 in the registries area, in Chromium at 1280×800 against the test cluster: dialog
 * actions always in view, required fields, the server note, the filter's placeholder, kubectl one
 * flag per line, "n/m in sync" explained by keyboard, forbidden namespaces left out, and an edit
 * conflict kept open with "Reload and re-apply my change".
 */
import type { Locator, Page } from '@playwright/test';
import { readClusterState } from '../cluster/state';
import type { Harness } from '../harness/server';
import { clusterSpec, expect, openView, test } from './fixtures';
import { confirmRegistryWrite, submitRegistryForm } from './registry-form';
import { kubectlSync } from '../kit/kubectl';
import { registryUser } from '../kit/manifests';

const state = readClusterState();
const basic = state.registries.basic;
const alice = registryUser(basic);

const kubectl = kubectlSync(state, { context: 'alpha-admin' });

/** Fully inside the window: not cut off below the fold or at a side. */
async function expectInWindow(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  expect(box, 'element has a box').not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
  expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
}

async function openRegistries(page: Page, url: string) {
  await page.goto(url.replace('#/clusters', '#/registries'));
  await expect(page.getByTestId('current-context')).toContainText('alpha-admin');
}

async function createProjectRegistry(harness: Harness) {
  const name = `ui-${Date.now().toString(36)}`;
  const made = await harness.core.router.handle('registries:create', {
    context: 'alpha-admin',
    operationId: `op-${name}`,
    name,
    scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
    host: basic.host,
    username: 'alice',
    password: alice.password,
    skipVerify: true,
  });
  expect(made.ok).toBe(true);
  return name;
}

clusterSpec('registries UI at 1280×800 (issue 13)', 180_000, () => {
  // Each test loads a live cluster view and writes; the machine is shared.

  test('New registry: after a failed Verify the error and every action stay in view; required fields say so', async ({
    page,
    harness,
  }) => {
    await openRegistries(page, harness.url);
    await page.getByRole('button', { name: 'New registry' }).click();
    const form = page.getByRole('dialog', { name: 'New registry' });

    // Required: said at the field once left empty.
    const name = form.getByLabel('Name', { exact: true });
    await name.focus();
    await name.blur();
    await expect(form.getByText('Name is required')).toBeVisible();
    await form.getByLabel('Host', { exact: true }).focus();
    await form.getByLabel('Username', { exact: true }).focus();
    await expect(form.getByText('Host is required')).toBeVisible();

    // The server note: a trailing "/" is dropped, and the form says so.
    await form.getByLabel('Host', { exact: true }).fill('https://127.0.0.1:1/');
    await expect(form.getByText('Will be saved as https://127.0.0.1:1')).toBeVisible();

    await name.fill('layout-check');
    await form.getByLabel('Username', { exact: true }).fill('alice');
    await form.getByLabel('Password or token', { exact: true }).fill('secret');
    await form.getByText('TLS for a self-hosted registry').click();
    await form.getByRole('button', { name: 'Verify' }).click();
    const status = form.getByRole('status').filter({ hasText: 'REGISTRY_UNREACHABLE' });
    await expect(status).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('new-registry-after-verify.png') });
    await expectInWindow(page, status);
    for (const label of ['Verify', 'Save without verifying', 'Create registry']) {
      await expectInWindow(page, form.getByRole('button', { name: label, exact: true }));
    }

    // The password field is as wide as the others, its eye icon inside it.
    const host = await form.getByLabel('Host', { exact: true }).boundingBox();
    const password = await form.getByLabel('Password or token', { exact: true }).boundingBox();
    const field = await form.locator('.p-password').boundingBox();
    const eye = await form.locator('.p-password svg, .p-password i').first().boundingBox();
    expect(Math.abs(field!.width - host!.width)).toBeLessThanOrEqual(2);
    expect(Math.abs(password!.width - host!.width)).toBeLessThanOrEqual(2);
    expect(eye!.x).toBeGreaterThan(password!.x);
    expect(eye!.x + eye!.width).toBeLessThanOrEqual(password!.x + password!.width);
  });

  test('the filter shows its whole placeholder', async ({ page, harness }) => {
    await openRegistries(page, harness.url);
    const filter = page.getByRole('textbox', { name: 'Filter registries' });
    const { text, inner } = await filter.evaluate((element) => {
      const input = element as HTMLInputElement;
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      return {
        text: context.measureText(input.placeholder).width,
        inner: input.clientWidth - padding,
      };
    });
    expect(text).toBeGreaterThan(0);
    expect(text).toBeLessThanOrEqual(inner);
  });

  test('a project registry: "1/2 in sync" says why by keyboard; kubectl shows one flag per line', async ({
    page,
    harness,
  }) => {
    const name = await createProjectRegistry(harness);
    kubectl(['delete', 'secret', name, '-n', 'team1-staging']);
    await openRegistries(page, harness.url);
    await page.getByRole('textbox', { name: 'Filter registries' }).fill(name);
    const row = page
      .getByRole('table', { name: 'Registries' })
      .getByRole('row', { name: new RegExp(name) });
    const badge = row.getByRole('button', { name: '1/2 in sync' });
    await expect(badge).toHaveAttribute('aria-expanded', 'false');
    await badge.focus();
    await page.keyboard.press('Enter');
    await expect(badge).toHaveAttribute('aria-expanded', 'true');
    await expect(row).toContainText('missing in team1-staging');
    await expect(page.getByRole('dialog', { name: `Registry ${name}` })).toHaveCount(0);

    await row.getByRole('button', { name: `Details of ${name}` }).click();
    const drawer = page.getByRole('dialog', { name: `Registry ${name}` });
    await drawer.getByRole('tab', { name: 'kubectl' }).click();
    const command = drawer.getByLabel('Equivalent kubectl command');
    const lines = (await command.innerText()).split('\n');
    expect(lines[0]).toBe(`kubectl --context alpha-admin create secret docker-registry ${name} \\`);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}--[a-z-]+[= ]\S/);
    expect(lines.slice(0, -1).every((line) => line.endsWith(' \\'))).toBe(true);
    expect(lines.some((line) => line.startsWith(`  --docker-server=${basic.host}`))).toBe(true);
    // Drawn as written: one line per flag, no wrapping inside a flag.
    const height = await command.evaluate((element) => {
      const style = getComputedStyle(element);
      return { lines: element.clientHeight, lineHeight: parseFloat(style.lineHeight) || 0 };
    });
    if (height.lineHeight)
      expect(height.lines).toBeLessThan((lines.length + 2) * height.lineHeight);
    const copied = await harness.copyOf(() =>
      drawer.getByRole('button', { name: 'Copy kubectl command' }).click(),
    );
    expect(copied).toBe(lines.join('\n'));
  });

  test('an edit that meets a change made elsewhere stays open and re-applies the change', async ({
    page,
    harness,
  }) => {
    const name = await createProjectRegistry(harness);
    await openRegistries(page, harness.url);
    await page.getByRole('textbox', { name: 'Filter registries' }).fill(name);
    const row = page
      .getByRole('table', { name: 'Registries' })
      .getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name: `Details of ${name}` }).click();
    const drawer = page.getByRole('dialog', { name: `Registry ${name}` });
    await drawer.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: `Edit registry ${name}` });
    await edit.getByLabel('Username', { exact: true }).fill('bob');
    const bob = basic.users.find((user) => user.username === 'bob')!;
    await edit.getByLabel('Password or token', { exact: true }).fill(bob.password);
    // Someone else changes one copy meanwhile.
    kubectl(['label', 'secret', name, '-n', 'team1-staging', 'changed-by=someone-else']);
    await submitRegistryForm(edit, 'Save changes');

    await expect(edit.getByRole('list', { name: 'Changed elsewhere' })).toContainText(
      'team1-staging: labels or annotations changed; the logins are the same',
    );
    await expect(edit.getByLabel('Username', { exact: true })).toHaveValue('bob');
    await edit.getByRole('button', { name: 'Reload and re-apply my change' }).click();
    await confirmRegistryWrite(edit);
    await expect(edit).toBeHidden();
    await expect(row).toContainText('bob');
    const user = kubectl([
      'get',
      'secret',
      name,
      '-n',
      'team1-staging',
      '-o',
      'jsonpath={.data.\\.dockerconfigjson}',
    ]);
    expect(Buffer.from(user, 'base64').toString('utf8')).toContain('"username":"bob"');
  });

  test('alpha-dev: namespaces without write access are left out, and picking one is stopped before any call', async ({
    page,
    harness,
  }) => {
    // Every create or verify the page sends (none may go out for a forbidden namespace).
    let writes = 0;
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        if (/registries:(create|verify)/.test(String(payload))) writes += 1;
      }),
    );
    // alpha-dev may not list namespaces: it adds team2-app by name, as a user does on Namespaces
    // (its access is then checked with SelfSubjectAccessReview: no secrets there).
    const remembered = await harness.core.router.handle('namespaces:remember', {
      context: 'alpha-dev',
      namespace: 'team2-app',
    });
    expect(remembered.ok).toBe(true);
    await page.goto(harness.url);
    await page.getByRole('button', { name: 'Use context alpha-dev' }).click();
    await expect(page.getByTestId('current-context')).toContainText('alpha-dev');
    await openView(page, harness, 'registries', 'alpha-dev');
    await page.getByRole('button', { name: 'New registry' }).click();
    const form = page.getByRole('dialog', { name: 'New registry' });
    await form.getByLabel('Namespace', { exact: true }).click();
    const options = page.getByRole('option');
    await expect(options.first()).toBeVisible();
    const offered = await options.allInnerTexts();
    expect(offered.some((text) => text.includes('no write access'))).toBe(false);
    expect(offered).toContain('team1-dev');
    expect(offered).not.toContain('team2-app');
    await page.keyboard.press('Escape');

    await form.getByLabel('Show namespaces where you may not create secrets').check();
    await form.getByLabel('Namespace', { exact: true }).click();
    const forbidden = page.getByRole('option', { name: /\(no write access\)/ }).first();
    await expect(
      forbidden,
      'the test cluster has a namespace alpha-dev may not write',
    ).toBeVisible();
    const forbiddenName = (await forbidden.innerText()).replace(' (no write access)', '').trim();
    await forbidden.click();
    await expect(form.getByRole('alert')).toContainText(
      `You may not create secrets in ${forbiddenName}`,
    );

    await form.getByLabel('Name', { exact: true }).fill('never-written');
    await form.getByLabel('Host', { exact: true }).fill(basic.host);
    await form.getByLabel('Username', { exact: true }).fill('alice');
    await form.getByLabel('Password or token', { exact: true }).fill(alice.password);
    await form.getByRole('button', { name: 'Create registry' }).click();
    await expect(form.getByText('You may not create secrets there')).toBeVisible();
    await expect(form).toBeVisible();
    expect(writes).toBe(0);
  });
});
