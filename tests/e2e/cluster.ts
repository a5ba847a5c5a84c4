/**
 * The test cluster as the e2e specs use it, through the shared kit (tests/kit): kubectl on context
 * alpha-admin as a user's teammate runs it, the basic registry and its user alice, workloads of
 * team/hello made and checked with kubectl.
 */
import type { Page } from '@playwright/test';
import { readClusterState } from '../cluster/state';
import { applyWith, kubectlAsync as kubectlAsyncOn, kubectlSync } from '../kit/kubectl';
import {
  deploymentManifest,
  dockerRegistrySecretArgs,
  unique,
  registryUser,
} from '../kit/manifests';
import type { Harness } from '../harness/server';
import { expect } from './fixtures';

export { unique } from '../kit/manifests';

export const state = readClusterState();
export const basic = state.registries.basic;
export const alice = registryUser(basic);

const alpha = { context: 'alpha-admin' };
const run = kubectlSync(state, alpha);
const runAsync = kubectlAsyncOn(state, alpha);
export const kubectl = (...args: string[]) => run(args);
/** For waits while the page is served from this process (a sync call would block it). */
export const kubectlAsync = (...args: string[]) => runAsync(args);
export const apply = applyWith(run);

/** `kubectl create secret docker-registry` for the basic registry. */
export function registrySecret(
  name: string,
  namespace: string,
  username: string,
  password: string,
) {
  run(dockerRegistrySecretArgs(namespace, name, basic.host, { username, password }));
}

/** A pull secret (named `cred-…`) with alice's valid login, in `namespace`; returns its name. */
export function aliceSecret(namespace: string): string {
  const secret = unique('cred');
  registrySecret(secret, namespace, 'alice', alice.password);
  return secret;
}

/** A Deployment of team/hello on the basic registry, as `kubectl apply` users write it. */
export function deployment(
  namespace: string,
  name: string,
  options: { pullSecrets?: string[]; tag?: string; serviceAccount?: string } = {},
) {
  return deploymentManifest(namespace, name, `${basic.host}/team/hello:${options.tag ?? '1.0'}`, {
    pullSecrets: options.pullSecrets,
    podSpec: options.serviceAccount ? { serviceAccountName: options.serviceAccount } : {},
    labels: { team: 'e2e' },
    env: [{ name: 'MODE', value: 'e2e' }],
  });
}

export const deploymentSpec = (namespace: string, name: string) =>
  (
    JSON.parse(kubectl('get', 'deployment', name, '-n', namespace, '-o', 'json')) as {
      spec: { template: { spec: { containers: Array<{ image: string }> } } };
    }
  ).spec;

/** Fresh pods pull at once (the kubelet's own retry waits for its back-off); then Running. */
export async function recreateAndWaitRunning(namespace: string, name: string) {
  await kubectlAsync('delete', 'pods', '-n', namespace, '-l', `app=${name}`, '--wait=false');
  await waitRunning(namespace, name);
}

export async function waitRunning(namespace: string, name: string) {
  await kubectlAsync('rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=90s');
  const pods = JSON.parse(
    kubectl('get', 'pods', '-n', namespace, '-l', `app=${name}`, '-o', 'json'),
  ) as { items: Array<{ status: { phase: string } }> };
  expect(pods.items.some((pod) => pod.status.phase === 'Running')).toBe(true);
}

/** A namespace of its own for `body`, made with kubectl before and deleted after (not waited for). */
export async function inNewNamespace(prefix: string, body: (namespace: string) => Promise<void>) {
  const namespace = unique(prefix);
  kubectl('create', 'namespace', namespace);
  try {
    await body(namespace);
  } finally {
    kubectl('delete', 'namespace', namespace, '--wait=false');
  }
}

/** Opens the Pulls view; resolves with its table of failing pulls. */
export async function openPulls(page: Page, harness: { url: string }) {
  await page.goto(harness.url.replace('#/clusters', '#/pulls'));
  return page.getByRole('table', { name: 'Failing pulls' });
}

/** alice's login on the basic registry, saved in the keychain (as "Import from Docker" would). */
export const saveAliceLogin = (harness: Pick<Harness, 'core'>) =>
  harness.core.vault.set({ host: basic.host, username: 'alice', password: alice.password });

/**
 * Opens the Pulls view, waits until the workload's failing row shows `problem`, opens its
 * Details; resolves with the detail drawer.
 */
export async function openPullDetails(
  page: Page,
  harness: { url: string },
  workload: { kind: string; name: string },
  problem: string,
) {
  const failing = await openPulls(page, harness);
  const row = failing.getByRole('row').filter({ hasText: workload.name });
  await expect(row).toContainText(problem, { timeout: 45_000 });
  await page.getByRole('button', { name: `Details of ${workload.kind} ${workload.name}` }).click();
  return page.getByRole('dialog');
}

/** Opens the Details of a workload failing for no credentials; the drawer offers alice's login. */
export async function openNoCredentialsDetails(
  page: Page,
  harness: { url: string },
  workload: { kind: string; name: string },
) {
  const drawer = await openPullDetails(page, harness, workload, `no credentials for ${basic.host}`);
  await expect(drawer.getByRole('combobox', { name: 'Saved login' })).toContainText('alice');
  return drawer;
}

/** The pod template's imagePullSecrets of a Deployment as kubectl reads them (`jsonpath=…`). */
export const templatePullSecrets = (namespace: string, name: string, jsonpath: string) =>
  kubectl('get', 'deployment', name, '-n', namespace, '-o', jsonpath);

/** Opens the Details of a workload failing on tag 9.9 and picks tag 1.1 from the registry's tags. */
export async function pickTagOneOne(
  page: Page,
  harness: { url: string },
  workload: { kind: string; name: string },
) {
  const drawer = await openPullDetails(page, harness, workload, 'tag 9.9 not found');
  await drawer.getByRole('combobox', { name: `Tags of ${basic.host}/team/hello` }).click();
  await page.getByRole('option', { name: '1.1', exact: true }).click();
  return drawer;
}
