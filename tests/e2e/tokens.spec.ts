/**
 * Short-lived tokens (issue 21) as a user meets them, in Chromium through the test bridge: a
 * kubectl secret holding an expired ECR token (made here in the real envelope format) shows
 * "expired" in the registries list and in the Pull doctor; Refresh now through a fake credential
 * helper on PATH (a test stand-in, `docker-credential-pk-test-fresh`, answering the ECR-shaped
 * login the test registry accepts) writes the new token and the failing pod runs. No token value
 * is ever on the page.
 */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ecrToken } from '../kit/tokens';
import {
  apply,
  basic,
  deployment,
  inNewNamespace,
  kubectl,
  openPulls,
  recreateAndWaitRunning,
  registrySecret,
  unique,
} from './cluster';
import { clusterSpec, expect, openView, test } from './fixtures';
import { seriousViolations } from './page-checks';

const savedPath = process.env.PATH;

clusterSpec('Tokens: an expired ECR token is shown, and Refresh now fixes the pod', 180_000, () => {
  test.beforeAll(async () => {
    const login = basic.ecrLogin;
    if (!login) throw new Error('cluster.json has no ecrLogin: npm run cluster:up again');
    const bin = await mkdtemp(path.join(os.tmpdir(), 'pk-e2e-helpers-'));
    const helper = path.join(bin, 'docker-credential-pk-test-fresh');
    await writeFile(
      helper,
      `#!/bin/sh\n# PullKey test stand-in, not a real credential helper.\nread server\nprintf '{"ServerURL":"%s","Username":"AWS","Secret":"${login.password}"}' "$server"\n`,
    );
    await chmod(helper, 0o755);
    // The core in this process runs helpers with its PATH (the harness shares process.env).
    process.env.PATH = `${bin}:${savedPath}`;
  });
  test.afterAll(() => {
    process.env.PATH = savedPath;
  });

  test('expired in the list and the Pull doctor; Refresh now makes the pod Running', async ({
    page,
    harness,
    input,
  }) => {
    await inNewNamespace('e2e-token', async (namespace) => {
      const secret = unique('ecr');
      const expired = ecrToken(Date.now() - 2 * 3600_000 - 60_000);
      registrySecret(secret, namespace, 'AWS', expired);
      const name = unique('tokened');
      apply(deployment(namespace, name, { pullSecrets: [secret] }));

      await openView(page, harness, 'registries');
      await page.getByRole('textbox', { name: 'Filter registries' }).fill(secret);
      const row = page.getByRole('row').filter({ hasText: secret });
      await expect(row).toContainText('token, expired 2 h ago', { timeout: 30_000 });
      await expect(row.getByRole('note')).toHaveAttribute(
        'aria-label',
        'Amazon ECR token, expired 2 h ago: pods that pull with it fail',
      );

      const failing = await openPulls(page, harness);
      await expect(failing.getByRole('row').filter({ hasText: name })).toContainText(
        `the ECR token in secret "${secret}" expired at`,
        { timeout: 45_000 },
      );

      await openView(page, harness, 'registries');
      await page.getByRole('textbox', { name: 'Filter registries' }).fill(secret);
      await page.getByRole('button', { name: `Details of ${secret}` }).click();
      const drawer = page.getByRole('dialog', { name: `Registry ${secret}` });
      const panel = drawer.getByRole('region', { name: 'Short-lived token' });
      await expect(panel).toContainText('token, expired 2 h ago');
      await panel
        .getByLabel('Refresh source on this computer')
        .selectOption('helper:pk-test-fresh');
      await expect(panel.getByLabel('alpha-admin')).toBeChecked();
      if (input === 'pointer') {
        const axe = await seriousViolations(page);
        expect(axe.problems).toEqual([]);
      }
      await panel.getByRole('button', { name: 'Refresh now' }).click();
      await expect(page.getByText(`Refresh token of ${basic.host}`).first()).toBeVisible({
        timeout: 30_000,
      });
      await expect(panel).toContainText('token, expires in', { timeout: 30_000 });
      await expect(panel).toContainText(`docker-credential-pk-test-fresh get`);

      const written = JSON.parse(
        Buffer.from(
          kubectl(
            'get',
            'secret',
            secret,
            '-n',
            namespace,
            '-o',
            'jsonpath={.data.\\.dockerconfigjson}',
          ),
          'base64',
        ).toString('utf8'),
      ) as { auths: Record<string, { username: string; password: string }> };
      expect(written.auths[basic.host]).toMatchObject({
        username: 'AWS',
        password: basic.ecrLogin!.password,
      });
      await recreateAndWaitRunning(namespace, name);
      // No token value on the page, old or new.
      const html = await page.content();
      expect(html).not.toContain(expired);
      expect(html).not.toContain(basic.ecrLogin!.password.slice(0, 72));
    });
  });
});
