/**
 * The set-up of the fault-injection tests (faults-apiserver, faults-network, faults-project-write):
 * a core on the test cluster, kubectl on alpha, the API server restarted after every test even
 * when it fails, and the Deployments and pods the tests read. These tests stop cluster alpha's API
 * server; the integration project runs its files one at a time (fileParallelism: false).
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Core } from '../../electron/core';
import { controllersBack, startApiServer } from '../cluster/faults';
import { processAlive, type ClusterState } from '../cluster/state';
import { clusterState, startCore } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';
import { kubectlSync } from '../kit/kubectl';
import { dockerRegistrySecretArgs, uniqueNames } from '../kit/manifests';

export const CONTEXT = 'alpha-admin';
export const NAMESPACE = 'sandbox';
export let state: ClusterState;
export let app: Core;
export const unique = uniqueNames();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const kubectl = kubectlSync(() => state, { context: CONTEXT, timeoutMs: 120_000 });

/** Pull secret `name` in the sandbox: `username` on the basic registry, a password never checked. */
export const createSecret = (name: string, username: string) =>
  kubectl(
    dockerRegistrySecretArgs(NAMESPACE, name, state.registries.basic.host, {
      username,
      password: 'not-a-real-one',
    }),
  );

/** Starts alpha's API server again if a test left it stopped. */
export async function ensureApiServer() {
  const pid = clusterState().pids['kube-apiserver-alpha'];
  if (!pid || !processAlive(pid)) await startApiServer('alpha');
}

/** Collects the payloads of one push event. */
export function collect<T>(event: string, keep: (payload: T) => boolean = () => true) {
  const seen: Array<{ at: number; payload: T }> = [];
  const stop = app.events.listen((name, payload) => {
    if (name === event && keep(payload as T)) seen.push({ at: Date.now(), payload: payload as T });
  });
  return { seen, stop };
}

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  app = await startCore([state.kubeconfig]);
});
afterEach(ensureApiServer, 120_000);
afterAll(async () => {
  await ensureApiServer();
  await app?.close();
  // The next test file must not pay for this one's faults (see controllersBack).
  const { ms } = await controllersBack('alpha');
  console.log(`[faults] controllers act again ${ms} ms after this file's last fault`);
}, 180_000); // measured in CI: 0.2, 29 and 74 s

/** A Deployment made with kubectl, labelled app.kubernetes.io/name=<label>. */
export function deployment(name: string, label: string, image: string, replicas = 1) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE, labels: { 'app.kubernetes.io/name': label } },
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': label, release: name } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': label, release: name } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
}

export function podsOf(release: string): Array<{ name: string; uid: string; waiting: string }> {
  const list = JSON.parse(
    kubectl(['get', 'pods', '-n', NAMESPACE, '-l', `release=${release}`, '-o', 'json']),
  ) as {
    items: Array<{
      metadata: { name: string; uid: string; deletionTimestamp?: string };
      status?: { containerStatuses?: Array<{ state?: { waiting?: { reason?: string } } }> };
    }>;
  };
  return list.items
    .filter((pod) => !pod.metadata.deletionTimestamp)
    .map((pod) => ({
      name: pod.metadata.name,
      uid: pod.metadata.uid,
      waiting: pod.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? '',
    }));
}
