/**
 * Cancel of a running delete, as a user sees it, against the test cluster with cluster alpha
 * behind the latency proxy (tests/cluster/faults.ts): a 20-namespace project registry is deleted,
 * "Cancel" is pressed while the first namespaces are still on the slow wire, and the results
 * name each namespace — 16 deleted (under way when Cancel came), 4 cancelled (left in place,
 * kubectl agrees).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLatencyProxy, type LatencyProxy } from '../cluster/faults';
import { readClusterState } from '../cluster/state';
import { expect, openView, test } from './fixtures';
import { projectNamespacesList } from '../cluster/manifests';
import { kubectlSync, secretHolders } from '../kit/kubectl';
import { registryUser } from '../kit/manifests';

const state = readClusterState();
const basic = state.registries.basic;
const alice = registryUser(basic);
const id = Date.now().toString(36);
const project = `e2e-cx-${id}`;
const namespaces = Array.from(
  { length: 20 },
  (_, at) => `${project}-${String(at).padStart(2, '0')}`,
);
/** The bridge's kubeconfig: alpha's server is the proxy (written once the proxy listens). */
const kubeconfigFile = path.join(os.tmpdir(), `pk-e2e-cancel-${id}.json`);
let proxy: LatencyProxy;

const kubectl = kubectlSync(state, { context: 'alpha-admin', timeoutMs: 120_000 });
const holders = (name: string) => secretHolders(kubectl, name);

test.describe('Cancel a running delete (registries)', () => {
  test.use({ kubeconfig: [kubeconfigFile] });
  test.setTimeout(180_000);

  test.beforeAll(async () => {
    kubectl(['apply', '-f', '-'], JSON.stringify(projectNamespacesList(project, namespaces)));
    proxy = await startLatencyProxy(state.clusters.alpha.server, 0);
    const kubeconfig = JSON.parse(readFileSync(state.kubeconfig, 'utf8')) as {
      clusters: Array<{ name: string; cluster: { server: string } }>;
    };
    for (const cluster of kubeconfig.clusters)
      if (cluster.name === 'alpha') cluster.cluster.server = proxy.server;
    writeFileSync(kubeconfigFile, JSON.stringify(kubeconfig));
  });

  test.afterAll(async () => {
    await proxy?.close();
    kubectl(['label', 'namespace', '-l', `pullkey.dev/project=${project}`, 'pullkey.dev/project-']);
    kubectl(['delete', 'namespace', ...namespaces, '--wait=false', '--ignore-not-found']);
  });

  test('Cancel stops the namespaces not started; the results say which were deleted and which cancelled', async ({
    page,
    harness,
  }) => {
    const name = `cx-${id}`;
    const made = await harness.core.router.handle('registries:create', {
      context: 'alpha-admin',
      operationId: `op-${name}`,
      name,
      scope: { kind: 'project', project, projectKind: 'pullkey' },
      host: basic.host,
      username: 'alice',
      password: alice.password,
      skipVerify: true,
    });
    expect(made).toMatchObject({ ok: true });
    expect(holders(name)).toEqual(namespaces);

    await openView(page, harness, 'registries');
    await page.getByRole('textbox', { name: 'Filter registries' }).fill(name);
    const row = page
      .getByRole('table', { name: 'Registries' })
      .getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name: `Details of ${name}` }).click();
    await page
      .getByRole('dialog', { name: `Registry ${name}` })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    const confirm = page.getByRole('dialog', { name: `Delete registry ${name}?` });
    await expect(confirm.getByRole('list', { name: 'Secrets to delete' })).toContainText(
      `${namespaces[19]}/${name}`,
    );

    // The network gets slow: each namespace's read + delete now takes seconds.
    proxy.setDelay(400);
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    const results = page.getByRole('region', { name: 'Operation results' });
    await expect(results).toContainText(`Delete registry ${name}`);
    const cancel = results.getByRole('button', { name: 'Cancel' });
    await expect(cancel).toBeVisible();
    await expect(results.getByRole('progressbar', { name: 'Write progress' })).toBeVisible();
    await cancel.click();
    await page.screenshot({ path: test.info().outputPath('delete-cancelling.png') });

    // Done: every namespace has its outcome, and Cancel is gone.
    await expect(results).toContainText('20 of 20 done', { timeout: 90_000 });
    proxy.setDelay(0);
    await expect(cancel).toBeHidden();
    const items = results.getByRole('listitem');
    await expect(items).toHaveCount(20);
    const cancelled = items.filter({ hasText: 'cancelled before it started' });
    await expect(cancelled).toHaveCount(4);
    await expect(items.filter({ hasText: /^\s*deleted/ })).toHaveCount(16);
    await page.screenshot({ path: test.info().outputPath('delete-cancelled.png') });

    // Those reported cancelled still hold the secret; the others do not.
    const left = (await cancelled.allInnerTexts())
      .map((text) => new RegExp(`(${project}-\\d\\d)`).exec(text)?.[1] ?? '')
      .sort();
    expect(left).toHaveLength(4);
    expect(holders(name)).toEqual(left);
    // The list agrees: the registry is still there, in those 4 namespaces.
    await expect(row).toContainText(left[0]!);
  });
});
