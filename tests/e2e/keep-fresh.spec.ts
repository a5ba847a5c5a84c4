/**
 * "Keep fresh in the cluster" (issue 21) in Chromium: a project registry holding an ECR token,
 * kept in the cluster by External Secrets on alpha, is kept fresh by an ECRAuthorizationToken
 * generator against the test cluster's fake ECR (tests/cluster/fake-ecr.ts): the user fills the
 * access-key form, previews the generator and the ExternalSecret, confirms, sees Ready with a next
 * refresh, and the project's copies change. A generator whose key Secret is missing shows the
 * failing diagnosis. kubectl is the checker.
 */
import { accessKeySecretArgs } from '../kit/ecr-access-key';
import { ecrToken } from '../kit/tokens';
import { state, unique } from './cluster';
import { clusterSpec, expect, openView, test } from './fixtures';
import {
  copiesField,
  dropProject,
  keepSeeded,
  kubectlOn,
  openKeptDetail,
  seedProject,
  type SeededProject,
} from './in-cluster';
import { seriousViolations } from './page-checks';

const CONTEXT = 'alpha-admin';

function fakeEcr() {
  if (!state.fakeEcr)
    throw new Error(
      `cluster.json has no "fakeEcr": ${state.esoUnavailable ?? 'run cluster:down and cluster:up'}`,
    );
  return state.fakeEcr;
}

/** A project `<prefix>-…` of `count` namespaces whose registry holds an ECR token for the fake ECR. */
async function seedEcrProject(harness: Parameters<typeof seedProject>[0], prefix: string) {
  const project = unique(prefix);
  return seedProject(harness, {
    context: CONTEXT,
    project,
    registry: `${project}-pull`,
    count: 2,
    login: {
      host: fakeEcr().host,
      username: 'AWS',
      password: ecrToken(Date.now() + 3_600_000),
    },
  });
}

/** The password of the fake ECR in each member's copy. */
function copyPasswords(seeded: SeededProject): string[] {
  return copiesField(seeded, '{.data.\\.dockerconfigjson}').map((data) => {
    const config = JSON.parse(Buffer.from(data, 'base64').toString() || '{"auths":{}}') as {
      auths: Record<string, { password?: string }>;
    };
    return config.auths[fakeEcr().host]?.password ?? '';
  });
}

/** The generator and ExternalSecret written for `source` (and the key Secret), before the project goes. */
function dropKeepFresh(source: { namespace: string; name: string } | null, keySecret?: string) {
  if (!source) return;
  const { kubectl } = kubectlOn(CONTEXT);
  kubectl(
    'delete',
    'externalsecret,ecrauthorizationtoken',
    `${source.name}-token`,
    '-n',
    source.namespace,
    '--ignore-not-found',
  );
  if (keySecret)
    kubectl('delete', 'secret', keySecret, '-n', source.namespace, '--ignore-not-found');
}

clusterSpec('Keep fresh in the cluster: an ECR project registry', 240_000, () => {
  test('by access key: preview, confirm, Ready with a next refresh, the copies change', async ({
    page,
    harness,
    input,
  }) => {
    const seeded = await seedEcrProject(harness, 'fresh');
    const keySecret = `${seeded.project}-aws`;
    let source: { namespace: string; name: string } | null = null;
    try {
      source = await keepSeeded(harness, seeded);
      kubectlOn(CONTEXT).kubectl(...accessKeySecretArgs(fakeEcr(), source.namespace, keySecret));
      const before = copyPasswords(seeded);

      await openView(page, harness, 'registries');
      const { section } = await openKeptDetail(page, seeded.registry);
      const fresh = section.getByRole('region', { name: 'Keep fresh in the cluster' });
      await expect(fresh.getByRole('radio', { name: 'Amazon ECR' })).toBeChecked();
      await expect(fresh.getByRole('radio', { name: /^Access key/ })).toBeChecked();

      // Preview with nothing filled: each field says what it needs.
      await fresh.getByRole('button', { name: 'Preview keep fresh…' }).click();
      await expect(fresh).toContainText('AWS region is required');
      await expect(fresh.getByLabel('AWS region', { exact: true })).toBeFocused();
      await fresh.getByLabel('AWS region', { exact: true }).fill('us-east');
      await fresh.getByLabel('Access key ID: Secret name', { exact: true }).fill(keySecret);
      await fresh.getByLabel('Secret access key: Secret name', { exact: true }).fill(keySecret);
      await fresh.getByLabel('Refresh every (optional)', { exact: true }).fill('8s');
      await fresh.getByRole('button', { name: 'Preview keep fresh…' }).click();
      await expect(fresh).toContainText('AWS region: expected an AWS region, e.g. eu-west-1');
      await fresh.getByLabel('AWS region', { exact: true }).fill(fakeEcr().region);
      await fresh.getByRole('button', { name: 'Preview keep fresh…' }).click();

      const confirm = fresh.getByRole('group', {
        name: `Keep ${seeded.registry} fresh in the cluster`,
      });
      await expect(confirm).toContainText('ECRAuthorizationToken');
      await expect(confirm).toContainText('a new token every 8s');
      await expect(confirm.getByLabel('Generator and ExternalSecret manifests')).toContainText(
        '"refreshInterval": "8s"',
      );
      await expect(confirm).toContainText(`External Secrets takes over the source secret`);
      if (input === 'pointer') {
        const axe = await seriousViolations(page);
        expect(axe.problems).toEqual([]);
      }
      await confirm.getByRole('button', { name: 'Confirm and keep fresh' }).click();
      await expect(page.getByText('Kept fresh in the cluster').first()).toBeVisible();

      const status = fresh.getByRole('status', { name: `Token refresh of ${seeded.registry}` });
      await expect(status).toContainText('Ready', { timeout: 60_000 });
      const times = fresh.getByRole('list', { name: `Token refresh times of ${seeded.registry}` });
      await expect(times).toContainText(/Next refresh: (in|due)/);
      await expect(times).toContainText('Refreshed every 8s');
      await page.screenshot({ path: test.info().outputPath('keep-fresh-ready.png') });
      if (input === 'pointer') {
        const axe = await seriousViolations(page);
        expect(axe.problems).toEqual([]);
      }

      // The project's copies follow the source: new tokens from the fake ECR, again and again.
      const seen = new Set<string>();
      await expect
        .poll(
          () => {
            const now = copyPasswords(seeded);
            if (now.every((each, index) => each && each !== before[index] && each === now[0]))
              seen.add(now[0]!);
            return seen.size;
          },
          { timeout: 60_000, intervals: [500] },
        )
        .toBeGreaterThanOrEqual(2);
    } finally {
      dropKeepFresh(source, keySecret);
      await dropProject(harness, seeded);
    }
  });

  test('a generator whose key Secret is missing: Failing, the diagnosis and the events', async ({
    page,
    harness,
  }) => {
    const seeded = await seedEcrProject(harness, 'fresh-bad');
    let source: { namespace: string; name: string } | null = null;
    try {
      source = await keepSeeded(harness, seeded);
      await openView(page, harness, 'registries');
      const { section } = await openKeptDetail(page, seeded.registry);
      const fresh = section.getByRole('region', { name: 'Keep fresh in the cluster' });
      await fresh.getByLabel('AWS region', { exact: true }).fill(fakeEcr().region);
      const missing = `${seeded.project}-no-such-key`;
      await fresh.getByLabel('Access key ID: Secret name', { exact: true }).fill(missing);
      await fresh.getByLabel('Secret access key: Secret name', { exact: true }).fill(missing);
      await fresh.getByRole('button', { name: 'Preview keep fresh…' }).click();
      await fresh.getByRole('button', { name: 'Confirm and keep fresh' }).click();

      const status = fresh.getByRole('status', { name: `Token refresh of ${seeded.registry}` });
      await expect(status).toContainText('Failing', { timeout: 60_000 });
      await expect(fresh).toContainText(
        `The ECRAuthorizationToken generator "${seeded.registry}-`,
        { timeout: 60_000 },
      );
      await expect(fresh).toContainText('cannot make a new token');
      await expect(
        fresh.getByRole('list', { name: `Token refresh events of ${seeded.registry}` }),
      ).toContainText('unable to create aws session', { timeout: 60_000 });
      await expect(fresh.getByRole('list', { name: /times of/ })).toContainText(
        'Next refresh: none until the generator works',
      );
      await page.screenshot({ path: test.info().outputPath('keep-fresh-failing.png') });
    } finally {
      dropKeepFresh(source);
      await dropProject(harness, seeded);
    }
  });
});
