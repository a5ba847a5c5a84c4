/**
 * The Pull doctor's node-side diagnoses as a user sees them, in Chromium through the test bridge:
 * a platform mismatch (image index without the arm64 node's platform) and node TLS trouble (a CA
 * the node does not trust, an http-only registry) with the containerd hosts.toml to copy.
 * Workloads are made with kubectl.
 */
import { clusterSpec, expect, test } from './fixtures';
import { deploymentManifest, onPlatformNode } from '../kit/manifests';
import { apply, inNewNamespace, openPulls, state, unique } from './cluster';

const faults = state.pullFaults;

/** A kubectl Deployment without env; `arm` lands it on the tainted node of the other platform. */
const deployment = (namespace: string, name: string, image: string, arm = false) =>
  deploymentManifest(namespace, name, image, {
    env: [],
    podSpec: arm ? onPlatformNode(faults) : {},
  });

clusterSpec('Pulls: node-side diagnoses', 150_000, () => {
  test('platform mismatch and node TLS trouble show their evidence; hosts.toml can be copied', async ({
    page,
    harness,
  }) => {
    await inNewNamespace('e2e-pullnet', async (namespace) => {
      const multi = faults.multiPlatformImages.find((item) => item.image.endsWith(':1.0'))!;
      const platform = unique('arm');
      const untrusted = unique('untrusted');
      const httpOnly = unique('httponly');
      apply(deployment(namespace, platform, multi.image, true));
      apply(deployment(namespace, untrusted, faults.untrustedTls.image));
      apply(deployment(namespace, httpOnly, faults.httpOnly.image));

      const failing = await openPulls(page, harness);
      const row = (name: string) => failing.getByRole('row').filter({ hasText: name });
      await expect(row(platform)).toContainText("has no variant for the node's platform", {
        timeout: 60_000,
      });
      await expect(row(untrusted)).toContainText('x509: certificate signed by unknown authority', {
        timeout: 60_000,
      });
      await expect(row(httpOnly)).toContainText('http: server gave HTTP response to HTTPS client', {
        timeout: 60_000,
      });

      // 5: the image's platforms and the nodes'.
      await page.getByRole('button', { name: `Details of Deployment ${platform}` }).click();
      let drawer = page.getByRole('dialog');
      const platforms = drawer.getByRole('definition');
      await expect(drawer.getByText('Image platforms')).toBeVisible();
      await expect(platforms.filter({ hasText: 'linux/amd64, linux/s390x' })).toBeVisible();
      await expect(platforms.filter({ hasText: 'linux/amd64, linux/arm64' })).toBeVisible();
      await expect(drawer.getByText('Nodes without a matching image')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(drawer).toBeHidden();

      // 7: a CA the node does not trust → the hosts.toml with ca, copied.
      await page.getByRole('button', { name: `Details of Deployment ${untrusted}` }).click();
      drawer = page.getByRole('dialog');
      const host = faults.untrustedTls.host;
      await expect(drawer).toContainText("PullKey cannot change the cluster's nodes");
      await expect(drawer).toContainText(`/etc/containerd/certs.d/${host}/hosts.toml`);
      await expect(drawer.getByLabel('hosts.toml', { exact: true })).toContainText(
        `[host."https://${host}"]`,
      );
      expect(
        await harness.copyOf(() => drawer.getByRole('button', { name: 'Copy hosts.toml' }).click()),
      ).toBe(
        `server = "https://${host}"\n\n[host."https://${host}"]\n  capabilities = ["pull", "resolve"]\n  ca = "/etc/containerd/certs.d/${host}/ca.crt"\n`,
      );
      await page.keyboard.press('Escape');
      await expect(drawer).toBeHidden();

      // 7: an http-only registry → server = "http://…".
      await page.getByRole('button', { name: `Details of Deployment ${httpOnly}` }).click();
      drawer = page.getByRole('dialog');
      await expect(drawer.getByLabel('hosts.toml', { exact: true })).toContainText(
        `server = "http://${faults.httpOnly.host}"`,
      );
    });
  });
});
