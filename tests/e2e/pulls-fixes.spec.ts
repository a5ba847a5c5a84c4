/**
 * The Pull doctor's later fixes as a user drives them, in Chromium through the test bridge:
 * rewrite a malformed pull secret (diagnosis 9), pick one of the repository's tags for "not
 * found", attach a registry to the ServiceAccount and recreate the pods. Workloads are made with
 * kubectl; each fix is checked with kubectl: the pods reach Running, nothing else changed.
 */
import { clusterSpec, expect, test } from './fixtures';
import {
  alice,
  apply,
  basic,
  deployment,
  deploymentSpec,
  kubectl,
  recreateAndWaitRunning,
  unique,
  waitRunning,
  inNewNamespace,
  openPulls,
  pickTagOneOne,
  openNoCredentialsDetails,
  aliceSecret,
  saveAliceLogin,
} from './cluster';

clusterSpec('Pulls: the later fixes', 180_000, () => {
  test('diagnosis 9: a malformed secret is named with its field and rewritten; the pods then run', async ({
    page,
    harness,
  }) => {
    await inNewNamespace('e2e-rewrite', async (namespace) => {
      const secret = unique('handmade');
      apply({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secret, namespace },
        type: 'kubernetes.io/dockerconfigjson',
        stringData: {
          '.dockerconfigjson': JSON.stringify({
            auths: { [basic.host]: { username: 'alice', password: alice.password, auth: 'x!y' } },
          }),
        },
      });
      const name = unique('malformed');
      apply(deployment(namespace, name, { pullSecrets: [secret] }));
      const before = deploymentSpec(namespace, name);

      const row = (await openPulls(page, harness)).getByRole('row').filter({ hasText: name });
      await expect(row).toContainText(`the kubelet rejects secret "${secret}"`, {
        timeout: 45_000,
      });
      await expect(row).toContainText('auth is not valid base64');
      await page.getByRole('button', { name: `Details of Deployment ${name}` }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByRole('button', { name: `Rewrite secret ${secret} with PullKey…` }).click();
      const preview = drawer.getByLabel('New secret (credentials masked)');
      await expect(preview).toContainText('(user alice)');
      await expect(preview).not.toContainText(alice.password);
      await drawer.getByRole('button', { name: 'Confirm and rewrite' }).click();
      await expect(page.getByText('Secret rewritten')).toBeVisible({ timeout: 30_000 });
      // The open detail is read again: the fix just applied is offered no more.
      await expect(
        drawer.getByRole('button', { name: `Rewrite secret ${secret} with PullKey…` }),
      ).toHaveCount(0, { timeout: 30_000 });

      await recreateAndWaitRunning(namespace, name);
      expect(deploymentSpec(namespace, name)).toEqual(before);
    });
  });

  test("tag not found: the repository's tags are listed; picking one sets that image only", async ({
    page,
    harness,
  }) => {
    await inNewNamespace('e2e-tags', async (namespace) => {
      const secret = aliceSecret(namespace);
      const name = unique('badtag');
      apply(deployment(namespace, name, { pullSecrets: [secret], tag: '9.9' }));
      const before = deploymentSpec(namespace, name);

      const drawer = await pickTagOneOne(page, harness, { kind: 'Deployment', name });
      await expect(drawer.getByLabel('New image for container app')).toHaveValue(
        `${basic.host}/team/hello:1.1`,
      );
      await drawer.getByRole('button', { name: 'Set image…' }).click();
      const changes = drawer.getByRole('table', { name: 'Changes' });
      await expect(changes.getByRole('row', { name: /container app: image/ })).toContainText(
        `${basic.host}/team/hello:9.9`,
      );
      await expect(changes.getByRole('row', { name: /container app: image/ })).toContainText(
        `${basic.host}/team/hello:1.1`,
      );
      const raw = drawer.getByRole('button', { name: 'Raw patch' });
      await expect(raw).toHaveAttribute('aria-expanded', 'false');
      await raw.click();
      await expect(raw).toHaveAttribute('aria-expanded', 'true');
      await expect(drawer.getByLabel('Patch', { exact: true })).toContainText(
        '/spec/template/spec/containers/0/image',
      );
      await drawer.getByRole('button', { name: 'Confirm and write' }).click();
      await expect(page.getByText('Written')).toBeVisible({ timeout: 30_000 });

      await waitRunning(namespace, name);
      const after = deploymentSpec(namespace, name);
      expect(after.template.spec.containers[0]!.image).toBe(`${basic.host}/team/hello:1.1`);
      after.template.spec.containers[0]!.image = before.template.spec.containers[0]!.image;
      expect(after).toEqual(before);
    });
  });

  test('attach to the ServiceAccount the pods use, then recreate them: they run, the Deployment is unchanged', async ({
    page,
    harness,
  }) => {
    await inNewNamespace('e2e-sa', async (namespace) => {
      const account = 'builder';
      kubectl('create', 'serviceaccount', account, '-n', namespace);
      const name = unique('viasa');
      apply(deployment(namespace, name, { serviceAccount: account }));
      const before = deploymentSpec(namespace, name);
      await saveAliceLogin(harness);

      const drawer = await openNoCredentialsDetails(page, harness, { kind: 'Deployment', name });
      await drawer.getByLabel(`ServiceAccount ${account} (the one its pods use)`).check();
      await drawer.getByRole('button', { name: 'Create registry and attach…' }).click();
      await expect(drawer.getByLabel('Patch')).toContainText(`ServiceAccount ${account}`);
      await drawer.getByRole('button', { name: 'Confirm and write' }).click();
      await expect(drawer.getByText('recreate them (their Deployment makes new ones)')).toBeVisible(
        {
          timeout: 30_000,
        },
      );
      await drawer.getByRole('button', { name: 'Recreate pods' }).click();
      await expect(page.getByText('Pods recreated')).toBeVisible({ timeout: 30_000 });

      await waitRunning(namespace, name);
      expect(deploymentSpec(namespace, name)).toEqual(before);
      const secrets = kubectl(
        'get',
        'serviceaccount',
        account,
        '-n',
        namespace,
        '-o',
        'jsonpath={.imagePullSecrets[*].name}',
      );
      expect(secrets.trim()).toBe(basic.host.replace(/[^a-z0-9]+/g, '-'));
    });
  });
});
