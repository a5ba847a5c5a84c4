/**
 * Project registries kept by External Secrets (issue 22), as the e2e specs set them up: a PullKey
 * project of N namespaces made with kubectl, a project registry made through PullKey's core, and
 * the cleanup (ESO's objects first, while ESO runs, then the namespaces: a namespace deleted with
 * ESO stopped hangs on its ces-* finalizer).
 */
import type { Page } from '@playwright/test';
import type { InClusterView, InClusterWrite } from '../../electron/core/api/contract';
import type { Harness } from '../harness/server';
import { projectNamespacesList } from '../cluster/manifests';
import { applyWith, kubectlSync } from '../kit/kubectl';
import { registryUser } from '../kit/manifests';
import { basic, state } from './cluster';
import { expect } from './fixtures';

export interface SeededProject {
  context: string;
  project: string;
  registry: string;
  namespaces: string[];
}

/** kubectl on `context` (`kubectl(args…)`), and `kubectl apply` of a manifest there. */
export function kubectlOn(context: string) {
  const run = kubectlSync(state, { context });
  return { kubectl: (...args: string[]) => run(args), apply: applyWith(run) };
}

/**
 * `count` namespaces labelled into PullKey project `project`, and the project registry
 * `registry` (the basic registry's alice, or `login`) written into each by PullKey's core.
 */
export async function seedProject(
  harness: Harness,
  options: {
    context: string;
    project: string;
    registry: string;
    count: number;
    login?: { host: string; username: string; password: string };
  },
): Promise<SeededProject> {
  const { context, project, registry, count } = options;
  const login = options.login ?? {
    host: basic.host,
    username: 'alice',
    password: registryUser(basic).password,
  };
  const namespaces = Array.from({ length: count }, (_, index) => `${project}-${index + 1}`);
  kubectlOn(context).apply(projectNamespacesList(project, namespaces));
  const made = await harness.core.router.handle('registries:create', {
    context,
    operationId: `seed-${registry}-${Date.now()}`,
    name: registry,
    scope: { kind: 'project', project, projectKind: 'pullkey' },
    ...login,
    skipVerify: true,
  });
  expect(made.ok, JSON.stringify(made)).toBe(true);
  return { context, project, registry, namespaces };
}

/** The in-cluster objects of a seeded project (deleted through the core if kept), then its namespaces. */
export async function dropProject(harness: Harness, seeded: SeededProject) {
  const opened = await harness.core.router.handle('inCluster:open', { context: seeded.context });
  if (opened.ok) {
    for (const kept of (opened.value as InClusterView).kept.filter(
      (each) => each.name === seeded.registry,
    )) {
      const preview = await harness.core.router.handle('inCluster:delete', {
        context: seeded.context,
        id: kept.id,
        dryRun: true,
      });
      const version = preview.ok ? (preview.value as InClusterWrite).resourceVersion : null;
      if (preview.ok)
        await harness.core.router.handle('inCluster:delete', {
          context: seeded.context,
          id: kept.id,
          ...(version ? { resourceVersion: version } : {}),
          dryRun: false,
        });
    }
    await harness.core.router.handle('inCluster:close', { context: seeded.context });
  }
  kubectlOn(seeded.context).kubectl(
    'delete',
    'namespace',
    ...seeded.namespaces,
    '--ignore-not-found',
    '--wait=false',
  );
}

/** `jsonpath` of the registry's copy in each namespace of the project ('' where there is none). */
export function copiesField(seeded: SeededProject, jsonpath: string): string[] {
  return seeded.namespaces.map((namespace) =>
    kubectlOn(seeded.context).kubectl(
      'get',
      'secret',
      seeded.registry,
      '-n',
      namespace,
      '-o',
      `jsonpath=${jsonpath}`,
      '--ignore-not-found',
    ),
  );
}

/**
 * Keeps the seeded registry in the cluster through the core (preview, then the write at the
 * version read), copies refreshed every `refreshInterval`; resolves with its source Secret.
 */
export async function keepSeeded(harness: Harness, seeded: SeededProject, refreshInterval = '2s') {
  const input = {
    context: seeded.context,
    project: { kind: 'pullkey', id: seeded.project },
    name: seeded.registry,
    refreshInterval,
  };
  const preview = await harness.core.router.handle('inCluster:keep', { ...input, dryRun: true });
  if (!preview.ok) throw new Error(`inCluster:keep preview: ${JSON.stringify(preview.error)}`);
  const version = (preview.value as InClusterWrite).resourceVersion;
  const written = await harness.core.router.handle('inCluster:keep', {
    ...input,
    ...(version ? { resourceVersion: version } : {}),
    dryRun: false,
  });
  if (!written.ok) throw new Error(`inCluster:keep: ${JSON.stringify(written.error)}`);
  const source = (written.value as InClusterWrite).objects.find((each) => each.kind === 'Secret');
  if (!source?.namespace) throw new Error(`no source Secret in ${JSON.stringify(written.value)}`);
  return { namespace: source.namespace, name: source.name };
}

/** Opens the registry's detail drawer on the Registries view; resolves with its sections. */
export async function openKeptDetail(page: Page, registry: string) {
  await page.getByRole('textbox', { name: 'Filter registries' }).fill(registry);
  const row = page
    .getByRole('table', { name: 'Registries' })
    // Not the source Secret's row (<registry>-<project>… in pullkey-system).
    .getByRole('row', { name: new RegExp(`^${registry}(?![-\\w])`) });
  await row.getByRole('button', { name: `Details of ${registry}` }).click();
  const drawer = page.getByRole('dialog', { name: `Registry ${registry}` });
  await expect(drawer).toBeVisible();
  return { row, drawer, section: drawer.getByRole('region', { name: 'Kept in the cluster' }) };
}

/** Switches the app's context with Ctrl+K, as a user does. */
export async function switchContext(page: Page, context: string) {
  await page.keyboard.press('Control+k');
  await expect(page.getByPlaceholder('Search contexts')).toBeFocused();
  await page.keyboard.type(context);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-context')).toContainText(context);
}
