/**
 * "Update it" on a workload made with kubectl: the form shows the patch it will send, and the
 * sidecar and volume survive; a StatefulSet's pod is never offered for update.
 */
import type { Page } from '@playwright/test';
import { readClusterState } from '../cluster/state';
import { clusterSpec, expect, openView, test } from './fixtures';
import { kubectlSync } from '../kit/kubectl';
import { statefulSetManifest, unique } from '../kit/manifests';

const state = readClusterState();
const basic = state.registries.basic;
// A namespace of its own, without other tests' registry secrets.
const NAMESPACE = `e2e-upd-${Date.now().toString(36)}`;
const kubectl = kubectlSync(state, { context: 'alpha-admin', namespace: NAMESPACE });
const template = (name: string) => ({
  metadata: { labels: { app: name } },
  spec: {
    volumes: [{ name: 'cache', emptyDir: {} }],
    containers: [
      {
        name: 'hello',
        image: `${basic.host}/team/hello:1.0`,
        volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
      },
      { name: 'proxy', image: `${basic.host}/team/hello:1.1` },
    ],
  },
});

async function fill(page: Page, name: string, image: string) {
  await page.getByRole('combobox', { name: 'Namespace' }).click();
  await page.getByRole('option', { name: NAMESPACE, exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Image', { exact: true }).fill(image);
}

clusterSpec('updating a workload that already exists, as a user would', 120_000, () => {
  test.beforeAll(async () => {
    kubectl(['create', 'namespace', NAMESPACE]);
    await expect
      .poll(() => kubectl(['get', 'serviceaccounts', '-o', 'name']), { timeout: 30_000 })
      .toContain('serviceaccount/default');
  });
  test.afterAll(() => {
    kubectl(['delete', 'namespace', NAMESPACE, '--wait=false']);
  });

  test('"Update it" previews the patch and keeps the sidecar and the volume', async ({
    page,
    harness,
  }) => {
    const name = unique('e2e-upd');
    kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name },
        spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: template(name) },
      }),
    );
    await openView(page, harness, 'deploy');
    await fill(page, name, `${basic.host}/team/hello:1.1`);
    await page.getByLabel('Update it').check();
    const patch = page.getByLabel('Update patch');
    await expect(patch).toContainText('strategic-merge patch of Deployment');
    await expect(patch).toContainText('resourceVersion');
    await expect(page.getByRole('heading', { name: 'Patch to be sent' })).toBeVisible();
    const preflight = page.getByRole('region', { name: 'Preflight' });
    await expect(preflight).toContainText(`Deployment "${name}" will be updated`);
    // No registry in this namespace: the image check fails, so the user launches anyway.
    await page.getByRole('button', { name: 'Launch anyway' }).click();
    await expect(
      page.getByRole('heading', { name: `Rollout of Deployment ${name}` }),
    ).toBeVisible();
    const spec = JSON.parse(kubectl(['get', 'deployment', name, '-o', 'json'])).spec.template
      .spec as {
      containers: Array<{ name: string; image: string }>;
      volumes: Array<{ name: string }>;
    };
    expect(spec.containers.map((container) => container.name)).toEqual(['hello', 'proxy']);
    expect(spec.containers[0]!.image).toBe(`${basic.host}/team/hello:1.1`);
    expect(spec.volumes.map((volume) => volume.name)).toEqual(['cache']);
  });

  test("a StatefulSet's pod names its owner and is not offered for update", async ({
    page,
    harness,
  }) => {
    const name = unique('e2e-db');
    kubectl(['apply', '-f', '-'], JSON.stringify(statefulSetManifest(name, template(name))));
    await expect
      .poll(
        () => {
          try {
            return kubectl(['get', 'pod', `${name}-0`, '-o', 'name']).trim();
          } catch {
            return '';
          }
        },
        { timeout: 60_000 },
      )
      .toBe(`pod/${name}-0`);
    await openView(page, harness, 'deploy');
    await page.getByLabel('Pod', { exact: true }).check();
    await fill(page, `${name}-0`, `${basic.host}/team/hello:1.1`);
    await expect(page.getByText(`is managed by StatefulSet ${name}`)).toBeVisible();
    await expect(page.getByLabel('Update it')).toHaveCount(0);
  });
});
