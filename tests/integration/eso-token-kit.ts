/**
 * The set-up the "Keep fresh in the cluster" integration files share (issue 21): the fake ECR of the
 * test cluster (tests/cluster/fake-ecr.ts) with short tokens, PullKey's namespace with an AWS
 * access-key secret the fake accepts, the project fan-out's store (issue 22's shape), project
 * namespaces, and helpers: the fake's counters, the copies, the core's keep-fresh channel.
 * Without ESO and the fake ECR on the test cluster the files FAIL and say why.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { Core } from '../../electron/core';
import type { KeepFreshAnswer } from '../../electron/core/api/contract';
import { clusterExternalSecret, esoStoreList } from '../cluster/eso-manifests';
import type { ClusterState, FakeEcrInfo, FakeEcrStats } from '../cluster/state';
import { accessKeyAuth, accessKeySecretArgs } from '../kit/ecr-access-key';
import { kubectlAsync } from '../kit/kubectl';
import { esoTestCleanupArgs } from '../kit/manifests';
import { clusterState, invoke } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The access-key auth of an ECRAuthorizationToken, from the kit's `aws-key` secret. */
export const accessKey = accessKeyAuth();

/** Registers beforeAll/afterAll; `prefix` names everything it makes. */
export function esoTokenKit(prefix: string, tokenTtlSeconds = 20) {
  const id = `${prefix}-${Date.now().toString(36)}`;
  const label = { 'pullkey.dev/project': id };
  const pullkeyNamespace = `${id}-pk`;
  const members = [`${id}-a`, `${id}-b`];
  const store = `${id}-store`;
  const ces = `${id}-ces`;
  const copyName = 'ecr-pull';
  let state: ClusterState | undefined;
  const cluster = () => {
    if (!state) throw new Error('the kit has not started (beforeAll)');
    return state;
  };
  const kubectl = (args: string[], input?: string) =>
    kubectlAsync(cluster(), { context: cluster().eso?.context ?? 'alpha-admin' })(args, input);
  const apply = (object: unknown) => kubectl(['apply', '-f', '-'], JSON.stringify(object));
  const fake = (): FakeEcrInfo => {
    const s = cluster();
    if (!s.eso || !s.fakeEcr)
      throw new Error(
        `External Secrets Operator with the fake ECR is not on the test cluster: ${s.esoUnavailable ?? 'cluster.json has no "fakeEcr" (started by an older up.ts? run cluster:down and cluster:up)'}`,
      );
    return s.fakeEcr;
  };
  const readState = (core: Core, source: string) =>
    invoke(core, 'cluster-refresh:state', {
      context: cluster().eso!.context,
      namespace: pullkeyNamespace,
      source,
    });
  const setTtl = (seconds: number) =>
    fetch(`${fake().api}/_fake/ttl?seconds=${seconds}`, { method: 'POST' });

  beforeAll(async () => {
    requirePrivateKeyring();
    state = clusterState();
    fake();
    await setTtl(tokenTtlSeconds);
    const info = state.clusters[state.eso!.cluster];
    await apply(
      esoStoreList({
        name: store,
        sourceNamespace: pullkeyNamespace,
        server: info.server,
        caPem: readFileSync(info.caFile, 'utf8'),
        namespaceLabels: label,
      }),
    );
    await kubectl(accessKeySecretArgs(fake(), pullkeyNamespace));
    for (const ns of members) {
      await kubectl(['create', 'namespace', ns]);
      await kubectl(['label', 'namespace', ns, `pullkey.dev/project=${id}`]);
    }
  }, 120_000);

  afterAll(async () => {
    if (!state?.fakeEcr) return;
    await setTtl(60).catch(() => undefined);
    const made = [pullkeyNamespace, ...members];
    for (const args of esoTestCleanupArgs(ces, store, made, { waitForNamespaces: false }))
      await kubectl(args);
  }, 120_000);

  return {
    get state() {
      return cluster();
    },
    fake,
    kubectl,
    apply,
    /** A pod `name` in `namespace` pulling the fake ECR's image with pull secret `secret`. */
    applyEcrPod: (name: string, namespace: string, secret: string, pullAlways = false) =>
      apply({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace },
        spec: {
          containers: [
            {
              name: 'hello',
              image: fake().image,
              ...(pullAlways ? { imagePullPolicy: 'Always' } : {}),
            },
          ],
          imagePullSecrets: [{ name: secret }],
        },
      }),
    pullkeyNamespace,
    members,
    copyName,
    async stats(): Promise<FakeEcrStats> {
      return (await (await fetch(fake().stats)).json()) as FakeEcrStats;
    },
    /** The project fan-out of `source` into every member (issue 22's ClusterExternalSecret, by kubectl). */
    fanOut: (source: string, refreshInterval = '2s') =>
      apply(
        clusterExternalSecret({
          name: ces,
          store,
          source,
          target: copyName,
          namespaceLabels: label,
          refreshInterval,
        }),
      ),
    /** Each member's copy: its decoded `.dockerconfigjson` (one kubectl call for all). */
    async copies(): Promise<Map<string, string>> {
      const list = JSON.parse(
        await kubectl([
          'get',
          'secrets',
          '-A',
          '--field-selector',
          `metadata.name=${copyName}`,
          '-o',
          'json',
        ]),
      ) as { items: { metadata: { namespace: string }; data?: Record<string, string> }[] };
      return new Map(
        list.items
          .filter((s) => members.includes(s.metadata.namespace) && s.data?.['.dockerconfigjson'])
          .map((s) => [
            s.metadata.namespace,
            Buffer.from(s.data!['.dockerconfigjson']!, 'base64').toString(),
          ]),
      );
    },
    passwordOf: (config: string) =>
      (JSON.parse(config) as { auths: Record<string, { password: string }> }).auths[fake().host]!
        .password,
    keepFresh: (core: Core, input: Record<string, unknown>): Promise<KeepFreshAnswer> =>
      invoke(core, 'cluster-refresh:keep-fresh', {
        context: cluster().eso!.context,
        namespace: pullkeyNamespace,
        ...input,
      }),
    /** "Keep fresh in the cluster" written for `source` from the fake ECR (refresh every 8 s). */
    keepFreshFromEcr: (core: Core, source: string, auth: object = accessKey) =>
      invoke(core, 'cluster-refresh:keep-fresh', {
        context: cluster().eso!.context,
        namespace: pullkeyNamespace,
        source,
        registry: fake().host,
        tokenSource: { provider: 'ecr', region: fake().region, auth },
        refreshInterval: 8,
        dryRun: false,
      }),
    readState,
    /**
     * The state of a failing generator once its diagnosis comes from ESO's Warning Events: ESO sets
     * Ready=False before its event recorder writes the Warning that carries the generator's own
     * error, and until then the diagnosis gives the Ready message.
     */
    async failingFromEvents(core: Core, source: string) {
      let read: Awaited<ReturnType<typeof readState>>['state'] = null;
      const fromEvents = (state: typeof read) => !!state?.diagnosis && state.events.length > 0;
      for (let i = 0; i < 150 && !fromEvents(read); i++) {
        await sleep(200);
        ({ state: read } = await readState(core, source));
      }
      return read;
    },
  };
}
