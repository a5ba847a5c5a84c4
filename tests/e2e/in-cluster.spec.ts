/**
 * Issue 22 in Chromium: a project registry handed to External Secrets Operator from its detail
 * (alpha runs ESO), its live state read back ("12/12 kept"), Sync now, Back to laptop sync and
 * Delete, each previewed; on beta (no ESO) the helm command to copy and laptop sync labelled
 * "needs this computer". kubectl is the checker.
 */
import { clusterSpec, expect, openView, test } from './fixtures';
import { unique } from './cluster';
import {
  copiesField,
  dropProject,
  kubectlOn,
  openKeptDetail,
  seedProject,
  switchContext,
  type SeededProject,
} from './in-cluster';

const COUNT = 12;

/** The owner kind of `name` in every namespace (ExternalSecret once ESO keeps it). */
const owners = (seeded: SeededProject) =>
  copiesField(seeded, '{.metadata.ownerReferences[0].kind}');

/** A new project `<prefix>-…` whose registry `<project>-pull` has `count` copies in `context`. */
function seedNewProject(
  harness: Parameters<typeof seedProject>[0],
  prefix: string,
  context: string,
  count: number,
) {
  const project = unique(prefix);
  return seedProject(harness, { context, project, registry: `${project}-pull`, count });
}

clusterSpec('a project registry kept in the cluster by External Secrets', 240_000, () => {
  test('opt in from the detail, watch 12/12 kept, Sync now, delete with preview', async ({
    page,
    harness,
  }) => {
    const seeded = await seedNewProject(harness, 'eso', 'alpha-admin', COUNT);
    try {
      await openView(page, harness, 'registries');
      const { row, drawer, section } = await openKeptDetail(page, seeded.registry);
      await expect(section).toContainText('needs this computer');

      // Opt in: a short refresh interval, the preview of every object, then Confirm.
      await section.getByLabel('Refresh interval').fill('10s');
      await section.getByRole('button', { name: 'Keep in the cluster…' }).click();
      const objects = section.getByRole('table', { name: /objects$/ });
      await expect(objects).toContainText('ClusterExternalSecret');
      await expect(objects).toContainText('ClusterSecretStore');
      await expect(section).toContainText(`takes over the existing copy in ${COUNT} namespaces`);
      await section.getByRole('button', { name: 'Confirm and keep in the cluster' }).click();

      // The live state read back from ESO: every namespace kept.
      const status = section.getByRole('status', {
        name: `In-cluster state of ${seeded.registry}`,
      });
      await expect(status).toContainText(`${COUNT}/${COUNT}`, { timeout: 60_000 });
      await expect(status).toContainText('Kept by External Secrets');
      await expect(section).not.toContainText('needs this computer');
      // One way to delete a kept registry: the old Delete (of copies ESO owns) is withheld.
      await expect(drawer.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
      await expect(drawer).toContainText(
        'Use "Delete from the cluster…" or "Back to laptop sync…"',
      );
      expect(owners(seeded)).toEqual(seeded.namespaces.map(() => 'ExternalSecret'));
      await page.screenshot({ path: test.info().outputPath('in-cluster-kept.png') });

      // Sync now: the force-sync annotation on the ClusterExternalSecret.
      await section.getByRole('button', { name: 'Sync now' }).click();
      await expect(page.getByText('was asked to refresh every copy').first()).toBeVisible();
      await expect(section).toContainText('Sync now asked');
      const annotations = kubectlOn(seeded.context).kubectl(
        'get',
        'clusterexternalsecrets',
        '-l',
        'app.kubernetes.io/managed-by=pullkey',
        '-o',
        'jsonpath={.items[*].metadata.annotations}',
      );
      expect(annotations).toContain('external-secrets.io/force-sync');

      await page.keyboard.press('Escape');
      await expect(drawer).toBeHidden();
      await expect(row).toContainText(`${COUNT}/${COUNT} kept`);
      // Its source Secret (in pullkey-system) is named as the source, not as a registry.
      await expect(
        page.getByRole('table', { name: 'Registries' }).getByRole('row', {
          name: new RegExp(`^${seeded.registry}-`),
        }),
      ).toContainText(`Source of ${seeded.registry} (project ${seeded.project})`);

      // Delete, previewed: the ESO objects and the copies that go with them.
      await row.getByRole('button', { name: `Details of ${seeded.registry}` }).click();
      await section.getByRole('button', { name: 'Delete from the cluster…' }).click();
      const deleting = section.getByRole('table', { name: /objects$/ });
      await expect(deleting).toContainText('ClusterExternalSecret');
      await expect(deleting).toContainText(`${seeded.namespaces[0]}/${seeded.registry}`);
      await section.getByRole('button', { name: 'Confirm and delete' }).click();
      await expect(
        page.getByText(`${seeded.registry}: its External Secrets objects`),
      ).toBeVisible();
      await expect.poll(() => owners(seeded).filter(Boolean).length, { timeout: 30_000 }).toBe(0);
    } finally {
      await dropProject(harness, seeded);
    }
  });

  test('back to laptop sync, previewed, keeps every copy', async ({ page, harness }) => {
    const seeded = await seedNewProject(harness, 'eso-back', 'alpha-admin', 3);
    try {
      await openView(page, harness, 'registries');
      const { section } = await openKeptDetail(page, seeded.registry);
      await section.getByRole('button', { name: 'Keep in the cluster…' }).click();
      await section.getByRole('button', { name: 'Confirm and keep in the cluster' }).click();
      const status = section.getByRole('status', {
        name: `In-cluster state of ${seeded.registry}`,
      });
      await expect(status).toContainText('3/3', { timeout: 60_000 });

      await section.getByRole('button', { name: 'Back to laptop sync…' }).click();
      const objects = section.getByRole('table', { name: /objects$/ });
      await expect(objects).toContainText('keep (no owner left)');
      await section.getByRole('button', { name: 'Confirm: back to laptop sync' }).click();
      await expect(section).toContainText('needs this computer', { timeout: 30_000 });
      await expect.poll(() => owners(seeded), { timeout: 30_000 }).toEqual(['', '', '']);
      for (const namespace of seeded.namespaces) {
        kubectlOn(seeded.context).kubectl('get', 'secret', seeded.registry, '-n', namespace);
      }
    } finally {
      await dropProject(harness, seeded);
    }
  });

  test('on a cluster without External Secrets: the helm command, Check again, laptop sync needs this computer', async ({
    page,
    harness,
  }) => {
    const seeded = await seedNewProject(harness, 'noeso', 'beta-admin', 2);
    try {
      await openView(page, harness, 'registries');
      await switchContext(page, 'beta-admin');
      const { section } = await openKeptDetail(page, seeded.registry);
      await expect(section).toContainText('not installed');
      await expect(section.getByLabel('Helm command', { exact: true })).toContainText(
        'helm install',
      );
      await expect(section).toContainText('needs this computer');
      await expect(section.getByRole('button', { name: 'Keep in the cluster…' })).toHaveCount(0);
      const command = await harness.copyOf(() =>
        section.getByRole('button', { name: 'Copy helm command' }).click(),
      );
      expect(command).toContain('helm install');
      await section.getByRole('button', { name: 'Check again' }).click();
      await expect(section.getByLabel('Helm command', { exact: true })).toBeVisible();
      await page.screenshot({ path: test.info().outputPath('in-cluster-no-eso.png') });
    } finally {
      await dropProject(harness, seeded);
    }
  });
});
