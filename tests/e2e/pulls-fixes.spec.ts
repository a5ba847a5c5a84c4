/**
 * The Pull doctor's later fixes as a user drives them, in Chromium through the test bridge:
 * rewrite a malformed pull secret (diagnosis 9), pick one of the repository's tags for "not
 * found", attach a registry to the ServiceAccount and recreate the pods. Workloads are made with
 * kubectl; each fix is checked with kubectl: the pods reach Running, nothing else changed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readClusterState } from '../cluster/state';
import { expect, test } from './fixtures';

const state = readClusterState();
const basic = state.registries.basic;
const alice = basic.users.find((user) => user.username === 'alice')!;
const base = ['--kubeconfig', state.kubeconfig, '--context', 'alpha-admin'];
const kubectl = (...args: string[]) =>
  execFileSync(state.kubectl, [...base, ...args], { encoding: 'utf8' });
const kubectlAsync = (...args: string[]) => promisify(execFile)(state.kubectl, [...base, ...args]);
const apply = (manifest: unknown) =>
  execFileSync(state.kubectl, [...base, 'apply', '-f', '-'], {
    input: JSON.stringify(manifest),
    encoding: 'utf8',
  });
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}`;

function deployment(
  namespace: string,
  name: string,
  options: { pullSecrets?: string[]; tag?: string; serviceAccount?: string },
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { team: 'e2e' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(options.serviceAccount ? { serviceAccountName: options.serviceAccount } : {}),
          ...(options.pullSecrets
            ? { imagePullSecrets: options.pullSecrets.map((item) => ({ name: item })) }
            : {}),
          containers: [
            {
              name: 'app',
              image: `${basic.host}/team/hello:${options.tag ?? '1.0'}`,
              env: [{ name: 'MODE', value: 'e2e' }],
            },
          ],
        },
      },
    },
  };
}

const specOf = (namespace: string, name: string) =>
  (
    JSON.parse(kubectl('get', 'deployment', name, '-n', namespace, '-o', 'json')) as {
      spec: { template: { spec: { containers: Array<{ image: string }> } } };
    }
  ).spec;

async function running(namespace: string, name: string) {
  await kubectlAsync('rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=90s');
  const pods = JSON.parse(
    kubectl('get', 'pods', '-n', namespace, '-l', `app=${name}`, '-o', 'json'),
  ) as { items: Array<{ status: { phase: string } }> };
  expect(pods.items.some((pod) => pod.status.phase === 'Running')).toBe(true);
}

test.describe('Pulls: the later fixes', () => {
  test.use({ kubeconfig: [state.kubeconfig] });
  test.setTimeout(180_000);

  test('diagnosis 9: a malformed secret is named with its field and rewritten; the pods then run', async ({
    page,
    harness,
  }) => {
    const namespace = unique('e2e-rewrite');
    kubectl('create', 'namespace', namespace);
    try {
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
      const before = specOf(namespace, name);

      await page.goto(harness.url.replace('#/clusters', '#/pulls'));
      const row = page
        .getByRole('table', { name: 'Failing pulls' })
        .getByRole('row')
        .filter({ hasText: name });
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

      await kubectlAsync('delete', 'pods', '-n', namespace, '-l', `app=${name}`, '--wait=false');
      await running(namespace, name);
      expect(specOf(namespace, name)).toEqual(before);
    } finally {
      kubectl('delete', 'namespace', namespace, '--wait=false');
    }
  });

  test("tag not found: the repository's tags are listed; picking one sets that image only", async ({
    page,
    harness,
  }) => {
    const namespace = unique('e2e-tags');
    kubectl('create', 'namespace', namespace);
    try {
      const secret = unique('cred');
      kubectl(
        'create',
        'secret',
        'docker-registry',
        secret,
        '-n',
        namespace,
        `--docker-server=${basic.host}`,
        '--docker-username=alice',
        `--docker-password=${alice.password}`,
      );
      const name = unique('badtag');
      apply(deployment(namespace, name, { pullSecrets: [secret], tag: '9.9' }));
      const before = specOf(namespace, name);

      await page.goto(harness.url.replace('#/clusters', '#/pulls'));
      const row = page
        .getByRole('table', { name: 'Failing pulls' })
        .getByRole('row')
        .filter({ hasText: name });
      await expect(row).toContainText('tag 9.9 not found', { timeout: 45_000 });
      await page.getByRole('button', { name: `Details of Deployment ${name}` }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByRole('combobox', { name: `Tags of ${basic.host}/team/hello` }).click();
      await page.getByRole('option', { name: '1.1', exact: true }).click();
      await expect(drawer.getByLabel('New image for container app')).toHaveValue(
        `${basic.host}/team/hello:1.1`,
      );
      await drawer.getByRole('button', { name: 'Set image…' }).click();
      await expect(drawer.getByLabel('Patch')).toContainText(
        '/spec/template/spec/containers/0/image',
      );
      await drawer.getByRole('button', { name: 'Confirm and write' }).click();
      await expect(page.getByText('Written')).toBeVisible({ timeout: 30_000 });

      await running(namespace, name);
      const after = specOf(namespace, name);
      expect(after.template.spec.containers[0]!.image).toBe(`${basic.host}/team/hello:1.1`);
      after.template.spec.containers[0]!.image = before.template.spec.containers[0]!.image;
      expect(after).toEqual(before);
    } finally {
      kubectl('delete', 'namespace', namespace, '--wait=false');
    }
  });

  test('attach to the ServiceAccount the pods use, then recreate them: they run, the Deployment is unchanged', async ({
    page,
    harness,
  }) => {
    const namespace = unique('e2e-sa');
    kubectl('create', 'namespace', namespace);
    try {
      const account = 'builder';
      kubectl('create', 'serviceaccount', account, '-n', namespace);
      const name = unique('viasa');
      apply(deployment(namespace, name, { serviceAccount: account }));
      const before = specOf(namespace, name);
      await harness.core.vault.set({
        host: basic.host,
        username: 'alice',
        password: alice.password,
      });

      await page.goto(harness.url.replace('#/clusters', '#/pulls'));
      const row = page
        .getByRole('table', { name: 'Failing pulls' })
        .getByRole('row')
        .filter({ hasText: name });
      await expect(row).toContainText(`no credentials for ${basic.host}`, { timeout: 45_000 });
      await page.getByRole('button', { name: `Details of Deployment ${name}` }).click();
      const drawer = page.getByRole('dialog');
      await expect(drawer.getByRole('combobox', { name: 'Saved login' })).toContainText('alice');
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

      await running(namespace, name);
      expect(specOf(namespace, name)).toEqual(before);
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
    } finally {
      kubectl('delete', 'namespace', namespace, '--wait=false');
    }
  });
});
