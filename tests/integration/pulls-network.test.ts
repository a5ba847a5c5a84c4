/**
 * The Pull doctor's node-side diagnoses (5–8) on the real test cluster, workloads made with
 * kubectl: an image index without the arm64 node's platform, a registry answering 429, a CA the
 * node does not trust, an http-only registry, and a name the node's DNS does not resolve while
 * this computer does. Also the deploy preflight's predicted platform mismatch.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core';
import type { PullFailure, PullsView } from '../../electron/core/api/contract';
import type { ClusterState } from '../cluster/state';
import { clusterState, invoke, tempDir } from './cluster-core';
import { kubectlAsync } from '../kit/kubectl';
import { deploymentManifest, onPlatformNode } from '../kit/manifests';
import { requirePrivateKeyring } from './require-private-keyring';

let state: ClusterState;
let app: Core;
const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const suffix = Date.now().toString(36);
const made: string[] = [];
let kubectl: ReturnType<typeof kubectlAsync>;

/** A kubectl Deployment; `arm` lands it on the tainted arm64 node. */
async function deployment(name: string, image: string, arm = false) {
  const podSpec = arm ? onPlatformNode(state.pullFaults) : {};
  await kubectl(
    ['apply', '-f', '-'],
    JSON.stringify(deploymentManifest(NAMESPACE, name, image, { podSpec })),
  );
  made.push(name);
}

async function failingUntil(name: string): Promise<PullFailure> {
  const deadline = Date.now() + 60_000;
  let last: PullsView | null = null;
  while (Date.now() < deadline) {
    last = await invoke(app, 'pulls:open', { context: CONTEXT });
    const item = last.failing.find((candidate) => candidate.name === name);
    if (item && item.diagnosis.kind !== 'unknown') return item;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${name} not failing: ${JSON.stringify(last?.failing).slice(0, 1500)}`);
}

const detailOf = (name: string) =>
  invoke(app, 'pulls:detail', { context: CONTEXT, namespace: NAMESPACE, kind: 'Deployment', name });

/** The deploy preflight of a new Deployment `<prefix>-<suffix>` of `image` (no pull secret). */
const preflightOf = (prefix: string, image: string) =>
  invoke(app, 'deploy:preflight', {
    context: CONTEXT,
    workload: {
      kind: 'Deployment',
      name: `${prefix}-${suffix}`,
      namespace: NAMESPACE,
      image,
      pullSecrets: [],
      imagePullPolicy: 'Always',
    },
    update: false,
  });

/**
 * Deployment `<prefix>-<suffix>` of `image`, once the Pull doctor lists it failing with diagnosis
 * `kind`: its failing row and its detail.
 */
async function failingWith(prefix: string, image: string, kind: PullFailure['diagnosis']['kind']) {
  const name = `${prefix}-${suffix}`;
  await deployment(name, image);
  const item = await failingUntil(name);
  expect(item.diagnosis.kind).toBe(kind);
  return { item, detail: await detailOf(name) };
}

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  kubectl = kubectlAsync(state, { context: CONTEXT });
  if (!state.pullFaults)
    throw new Error(
      'cluster.json has no pullFaults: restart the test cluster (cluster:down, cluster:up)',
    );
  // This computer trusts the laptop-only CA for the TLS endpoints, as a user who gave it would.
  const settingsDir = await tempDir('pk-settings-');
  const ca = await readFile(state.pullFaults.untrustedTls.caFile!, 'utf8');
  const registryTls: Record<string, { ca: string }> = {
    [state.pullFaults.untrustedTls.host]: { ca },
  };
  if (state.pullFaults.nodeDns) registryTls[state.pullFaults.nodeDns.host] = { ca };
  await writeFile(path.join(settingsDir, 'settings.json'), JSON.stringify({ registryTls }));
  app = createCore({
    host: { name: 'PullKey', version: 'test' },
    settingsDir,
    kubeconfig: [state.kubeconfig],
    watchKubeconfig: false,
  });
});

afterAll(async () => {
  for (const name of made)
    await kubectl([
      'delete',
      '--ignore-not-found',
      '--wait=false',
      '-n',
      NAMESPACE,
      'deployment',
      name,
    ]).catch(() => undefined);
  await app?.close();
});

describe('Pull doctor: node-side diagnoses', () => {
  it('5: platform mismatch lists the image platforms and the nodes platforms', async () => {
    const name = `platform-${suffix}`;
    const multi = state.pullFaults.multiPlatformImages.find((item) => item.image.endsWith(':1.0'))!;
    await deployment(name, multi.image, true);
    const item = await failingUntil(name);
    expect(item.diagnosis.kind).toBe('platform-mismatch');
    expect(item.containers[0]!.message).toContain('no match for platform in manifest');
    const detail = await detailOf(name);
    expect(detail.network?.platforms).toEqual({
      image: [...multi.platforms].sort(),
      nodes: ['linux/amd64', 'linux/arm64'],
      missing: ['linux/arm64'],
    });
    expect(detail.report).toContain('Nodes without a matching image: linux/arm64');
  });

  it('5 (predicted): the deploy preflight refuses an image no schedulable node can run', async () => {
    const noFit = state.pullFaults.multiPlatformImages.find((item) =>
      item.image.endsWith(':s390x'),
    )!;
    const preflight = await preflightOf('nofit', noFit.image);
    const check = preflight.checks.find((item) => item.id === 'platform');
    expect(check).toMatchObject({ status: 'fail' });
    expect(check?.message).toContain('linux/ppc64le, linux/s390x');
    expect(check?.message).toContain('the nodes are linux/amd64');
    expect(preflight.ok).toBe(false);
    const fits = await preflightOf('fits', `${state.registries.public.host}/public/hello:1.0`);
    expect(fits.checks.map((item) => item.id)).not.toContain('platform');
  });

  it('6: 429 toomanyrequests shows the remaining pulls from a laptop HEAD', async () => {
    const { detail } = await failingWith(
      'ratelimit',
      state.pullFaults.rateLimited.image,
      'rate-limited',
    );
    expect(detail.network?.rateLimit).toEqual({
      limit: state.pullFaults.rateLimited.ratelimitLimit,
      remaining: state.pullFaults.rateLimited.ratelimitRemaining,
      summary: '0 of 100 pulls left per 6 h for the address and account that asked',
    });
  });

  it('7: a CA the node does not trust gives the hosts.toml with ca', async () => {
    const { host, image } = state.pullFaults.untrustedTls;
    const { item, detail } = await failingWith('untrusted', image, 'node-tls');
    expect(item.diagnosis.message).toContain('x509: certificate signed by unknown authority');
    expect(detail.network?.hostsToml).toMatchObject({
      path: `/etc/containerd/certs.d/${host}/hosts.toml`,
      content: `server = "https://${host}"\n\n[host."https://${host}"]\n  capabilities = ["pull", "resolve"]\n  ca = "/etc/containerd/certs.d/${host}/ca.crt"\n`,
    });
  });

  it('7: an http-only registry gives the hosts.toml with an http server', async () => {
    const { host, image } = state.pullFaults.httpOnly;
    const { item, detail } = await failingWith('httponly', image, 'node-tls');
    expect(item.diagnosis.message).toContain('http: server gave HTTP response to HTTPS client');
    expect(detail.network?.hostsToml?.content).toBe(
      `server = "http://${host}"\n\n[host."http://${host}"]\n  capabilities = ["pull", "resolve"]\n`,
    );
  });

  it('8: a name the node cannot resolve but this computer reaches: the node side fails', async () => {
    const nodeDns = state.pullFaults.nodeDns;
    if (!nodeDns)
      throw new Error(
        `no node-DNS endpoint in this cluster: ${state.pullFaults.nodeDnsUnavailable}`,
      );
    const { item, detail } = await failingWith('nodedns', nodeDns.image, 'unreachable');
    const hostname = nodeDns.host.split(':')[0]!;
    expect(item.diagnosis.message).toContain(`lookup ${hostname} on 127.0.0.53:53: no such host`);
    expect(detail.network?.reachability).toMatchObject({
      node: `the node's DNS does not resolve ${hostname}`,
      laptop: 'reachable from this computer',
    });
    expect(detail.network?.reachability?.verdict).toContain(
      "answers from this computer but not from the cluster's node",
    );
  });
});
