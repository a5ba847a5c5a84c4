/**
 * "Keep fresh in the cluster" (issue 21) with the REAL External Secrets Operator, kubectl as the
 * checker. The core writes an ECRAuthorizationToken generator and the ExternalSecret whose template
 * writes the project's source secret; ESO's ECR generator talks to the test cluster's FAKE ECR
 * (tests/cluster/fake-ecr.ts, loopback, ESO started with AWS_ECR_ENDPOINT pointing at it), which
 * hands out a new short-lived token each call. The project fan-out (issue 22's ClusterExternalSecret,
 * written here with kubectl as eso-cluster.test.ts does) copies the source on. With PullKey's core
 * CLOSED: every refresh changes every copy, each copy is byte for byte kubectl's docker config, and
 * a pod pulling from the fake ECR's registry with the refreshed copy runs (the test kubelet pulls).
 * A failing generator is read back as a diagnosis; GCR and ACR generators pass the API server's
 * dry run against ESO's real CRDs. Without ESO on the test cluster this file FAILS and says why.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { KeepFreshAnswer } from '../../electron/core/api/contract';
import { clusterExternalSecret, esoStoreList } from '../cluster/eso-manifests';
import type { FakeEcrStats } from '../cluster/fake-ecr';
import type { ClusterState, FakeEcrInfo } from '../cluster/state';
import { kubectlAsync } from '../kit/kubectl';
import { clusterState, invoke, startCore } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';

const id = Date.now().toString(36);
const project = `ecr-${id}`;
const label = { 'pullkey.dev/project': project };
const pullkeyNamespace = `ecr-pk-${id}`;
const members = [`ecr-${id}-a`, `ecr-${id}-b`];
const store = `ecr-store-${id}`;
const ces = `ecr-ces-${id}`;
const source = 'ecr-source';
const copyName = 'ecr-pull';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let state: ClusterState;
/** the first token the copies showed (test 1), refused once expired (test 3) */
let firstPassword = '';
let kubectl: (args: string[], input?: string) => Promise<string>;
const apply = (object: unknown) => kubectl(['apply', '-f', '-'], JSON.stringify(object));

function fake(): FakeEcrInfo {
  if (!state.eso || !state.fakeEcr)
    throw new Error(
      `External Secrets Operator with the fake ECR is not on the test cluster: ${state.esoUnavailable ?? 'cluster.json has no "fakeEcr" (started by an older up.ts? run cluster:down and cluster:up)'}`,
    );
  return state.fakeEcr;
}
async function stats(): Promise<FakeEcrStats> {
  return (await (await fetch(fake().stats)).json()) as FakeEcrStats;
}
const setTtl = (seconds: number) =>
  fetch(`${fake().api}/_fake/ttl?seconds=${seconds}`, { method: 'POST' });

/** Each namespace's copy: its decoded `.dockerconfigjson` (one kubectl call for all). */
async function copies(): Promise<Map<string, string>> {
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
}
const passwordOf = (config: string) =>
  (JSON.parse(config) as { auths: Record<string, { password: string }> }).auths[fake().host]!
    .password;

const keepFresh = (core: Core, input: Record<string, unknown>): Promise<KeepFreshAnswer> =>
  invoke(core, 'cluster-refresh:keep-fresh', {
    context: state.eso!.context,
    namespace: pullkeyNamespace,
    ...input,
  });
const accessKey = {
  kind: 'access-key',
  accessKeyId: { name: 'aws-key', key: 'access-key-id' },
  secretAccessKey: { name: 'aws-key', key: 'secret-access-key' },
};

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  kubectl = kubectlAsync(state, { context: state.eso?.context ?? 'alpha-admin' });
  fake();
  await setTtl(20); // refresh every 8 s, at most half of it
  const cluster = state.clusters[state.eso!.cluster];
  // PullKey's namespace with the project fan-out's store (issue 22's shape).
  await apply(
    esoStoreList({
      name: store,
      sourceNamespace: pullkeyNamespace,
      server: cluster.server,
      caPem: readFileSync(cluster.caFile, 'utf8'),
      namespaceLabels: label,
    }),
  );
  await kubectl([
    'create',
    'secret',
    'generic',
    'aws-key',
    '-n',
    pullkeyNamespace,
    `--from-literal=access-key-id=${fake().accessKeyId}`,
    `--from-literal=secret-access-key=${fake().secretAccessKey}`,
  ]);
  for (const ns of members) {
    await kubectl(['create', 'namespace', ns]);
    await kubectl(['label', 'namespace', ns, `pullkey.dev/project=${project}`]);
  }
}, 120_000);

afterAll(async () => {
  if (!state?.fakeEcr) return;
  await setTtl(60).catch(() => undefined);
  // ESO must still run: it removes its finalizers from the copies' namespaces.
  await kubectl(['delete', 'clusterexternalsecret', ces, '--ignore-not-found', '--wait=true']);
  await kubectl(['delete', 'clustersecretstore', store, '--ignore-not-found']);
  await kubectl([
    'delete',
    'namespace',
    pullkeyNamespace,
    ...members,
    '--ignore-not-found',
    '--wait=false',
  ]);
}, 120_000);

describe('Keep fresh in the cluster: the ECR generator against the fake ECR', () => {
  it('previews with a server-side dry run, writes, and the copies change on every refresh with the core closed', async () => {
    const core = await startCore([state.kubeconfig]);
    let written: KeepFreshAnswer;
    try {
      const input = {
        source,
        registry: fake().host,
        tokenSource: { provider: 'ecr', region: fake().region, auth: accessKey },
        refreshInterval: 8,
      };
      const preview = await keepFresh(core, { ...input, dryRun: true });
      expect(preview).toMatchObject({
        written: false,
        resourceVersion: null,
        generator: { kind: 'ECRAuthorizationToken', name: `${source}-token` },
        refreshIntervalSeconds: 8,
      });
      expect(preview.preview).toContain('"refreshInterval": "8s"');
      expect(preview.warning).toContain(`External Secrets creates the source secret "${source}"`);
      expect(
        await kubectl([
          'get',
          'externalsecrets,ecrauthorizationtokens',
          '-n',
          pullkeyNamespace,
          '-o',
          'name',
        ]),
      ).toBe('');
      written = await keepFresh(core, { ...input, dryRun: false });
      expect(written.written).toBe(true);
      expect(written.resourceVersion).toMatch(/^\d+$/);
    } finally {
      await core.close();
    }
    // The project fan-out, as issue 22 writes it (here with kubectl; copies refreshed every 2 s).
    await apply(
      clusterExternalSecret({
        name: ces,
        store,
        source,
        target: copyName,
        namespaceLabels: label,
        refreshInterval: '2s',
      }),
    );

    // PullKey's core is closed: only ESO, the fake ECR and the fan-out work now.
    const seen = new Map<string, { at: number; namespaces: Set<string> }>();
    const started = Date.now();
    while (Date.now() - started < 60_000) {
      const now = Date.now();
      for (const [ns, config] of await copies()) {
        const password = passwordOf(config);
        const entry = seen.get(password) ?? { at: now, namespaces: new Set<string>() };
        entry.namespaces.add(ns);
        seen.set(password, entry);
      }
      const everywhere = [...seen.values()].filter((e) => e.namespaces.size === members.length);
      if (everywhere.length >= 4) break;
      await sleep(100);
    }
    const tokens = (await stats()).tokens;
    firstPassword = [...seen.keys()][0] ?? '';
    const everywhere = [...seen].filter(([, e]) => e.namespaces.size === members.length);
    expect(
      everywhere.length,
      `tokens seen in every copy: ${everywhere.length}`,
    ).toBeGreaterThanOrEqual(4);
    // Every token seen is one the fake issued; latency = issued → seen in the copies (100 ms polls).
    const latencies = everywhere.map(([password, e]) => {
      const issued = tokens.find((t) => password.endsWith(t.fingerprint));
      expect(issued, 'a token the fake ECR issued').toBeDefined();
      return e.at - Date.parse(issued!.issuedAt);
    });
    const intervals = tokens
      .slice(-4)
      .map((t, i, a) => (i ? Date.parse(t.issuedAt) - Date.parse(a[i - 1]!.issuedAt) : 0));
    console.log(
      `eso-token-refresh: ${everywhere.length} tokens reached all ${members.length} copies; ` +
        `refresh → copy ${latencies.map((ms) => `${ms} ms`).join(', ')}; ` +
        `fake ECR calls ${(await stats()).calls}, generator intervals ${intervals.slice(1).join(', ')} ms`,
    );
  }, 120_000);

  it('each copy is byte for byte kubectl create secret docker-registry, and a pod pulling with it runs', async () => {
    const [ns] = members as [string];
    const copy = JSON.parse(await kubectl(['get', 'secret', copyName, '-n', ns, '-o', 'json'])) as {
      type: string;
      data: Record<string, string>;
    };
    expect(copy.type).toBe('kubernetes.io/dockerconfigjson');
    const config = Buffer.from(copy.data['.dockerconfigjson']!, 'base64').toString();
    const expected = JSON.parse(
      await kubectl([
        'create',
        'secret',
        'docker-registry',
        'x',
        '-n',
        ns,
        `--docker-server=${fake().host}`,
        '--docker-username=AWS',
        `--docker-password=${passwordOf(config)}`,
        '--dry-run=client',
        '-o',
        'json',
      ]),
    ) as { data: Record<string, string> };
    expect(config).toBe(Buffer.from(expected.data['.dockerconfigjson']!, 'base64').toString());

    const pullsBefore = (await stats()).pulls;
    await apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pulls-from-ecr', namespace: ns },
      spec: {
        containers: [{ name: 'hello', image: fake().image, imagePullPolicy: 'Always' }],
        imagePullSecrets: [{ name: copyName }],
      },
    });
    const started = Date.now();
    await kubectl([
      'wait',
      '--for=condition=Ready',
      'pod/pulls-from-ecr',
      '-n',
      ns,
      '--timeout=60s',
    ]);
    console.log(`eso-token-refresh: pod Ready ${Date.now() - started} ms after creation`);
    expect((await stats()).pulls).toBeGreaterThan(pullsBefore);
  }, 120_000);

  it('a copy frozen at an expired token is refused by the fake ECR registry: that pod does not pull', async () => {
    const [, ns] = members as [string, string];
    const first = (await stats()).tokens.find((t) => firstPassword.endsWith(t.fingerprint));
    expect(first, 'the first token the copies showed').toBeDefined();
    await sleep(Math.max(0, Date.parse(first!.expiresAt) - Date.now() + 500));
    // The first token the copies held, written by kubectl into a secret nothing refreshes.
    await kubectl([
      'create',
      'secret',
      'docker-registry',
      'frozen',
      '-n',
      ns,
      `--docker-server=${fake().host}`,
      '--docker-username=AWS',
      `--docker-password=${firstPassword}`,
    ]);
    const refused = (await stats()).refusedPulls;
    await apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'frozen-token', namespace: ns },
      spec: {
        containers: [{ name: 'hello', image: fake().image }],
        imagePullSecrets: [{ name: 'frozen' }],
      },
    });
    let reason = '';
    for (let i = 0; i < 100 && !/ErrImagePull|ImagePullBackOff/.test(reason); i++) {
      await sleep(200);
      reason = await kubectl([
        'get',
        'pod',
        'frozen-token',
        '-n',
        ns,
        '-o',
        'jsonpath={.status.containerStatuses[0].state.waiting.reason}',
      ]);
    }
    expect(reason).toMatch(/ErrImagePull|ImagePullBackOff/);
    expect((await stats()).refusedPulls).toBeGreaterThan(refused);
  }, 60_000);

  it('reads the state back: Ready, last and next refresh', async () => {
    const core = await startCore([state.kubeconfig]);
    try {
      const { state: read } = await invoke(core, 'cluster-refresh:state', {
        context: state.eso!.context,
        namespace: pullkeyNamespace,
        source,
      });
      expect(read).toMatchObject({
        phase: 'ready',
        generator: { kind: 'ECRAuthorizationToken', name: `${source}-token` },
        target: source,
        refreshIntervalSeconds: 8,
        diagnosis: null,
      });
      expect(Date.parse(read!.nextRefresh!) - Date.parse(read!.refreshTime!)).toBe(8000);
      const none = await invoke(core, 'cluster-refresh:state', {
        context: state.eso!.context,
        namespace: pullkeyNamespace,
        source: 'no-such-source',
      });
      expect(none.state).toBeNull();
    } finally {
      await core.close();
    }
  }, 60_000);

  it('a failing generator (its access key secret missing) is a diagnosis from its Events', async () => {
    const core = await startCore([state.kubeconfig]);
    try {
      const missing = {
        ...accessKey,
        accessKeyId: { name: 'no-such-key', key: 'id' },
        secretAccessKey: { name: 'no-such-key', key: 's' },
      };
      await keepFresh(core, {
        source: 'broken-source',
        registry: fake().host,
        tokenSource: { provider: 'ecr', region: fake().region, auth: missing },
        refreshInterval: 8,
        dryRun: false,
      });
      let read: Awaited<ReturnType<typeof invoke<'cluster-refresh:state'>>>['state'] = null;
      for (let i = 0; i < 100 && !read?.diagnosis; i++) {
        await sleep(200);
        ({ state: read } = await invoke(core, 'cluster-refresh:state', {
          context: state.eso!.context,
          namespace: pullkeyNamespace,
          source: 'broken-source',
        }));
      }
      console.log(`eso-token-refresh: failing generator → ${read?.diagnosis}`);
      expect(read?.phase).toBe('failing');
      expect(read?.diagnosis).toMatch(
        /^The ECRAuthorizationToken generator "broken-source-token" cannot make a new token: .*unable to create aws session/,
      );
    } finally {
      await core.close();
    }
  }, 60_000);
});

describe('GCR and ACR generators: the API server dry run against ESO v0.20.4 CRDs', () => {
  const sources = {
    'gcr workload identity': {
      registry: 'europe-docker.pkg.dev',
      tokenSource: {
        provider: 'gcr',
        projectId: 'my-project',
        auth: {
          kind: 'workload-identity',
          serviceAccount: 'puller',
          clusterLocation: 'europe-west1',
          clusterName: 'prod',
        },
      },
    },
    'gcr service-account key': {
      registry: 'gcr.io',
      tokenSource: {
        provider: 'gcr',
        projectId: 'my-project',
        auth: { kind: 'service-account-key', key: { name: 'gcp', key: 'key.json' } },
      },
    },
    'acr workload identity': {
      registry: 'example.azurecr.io',
      tokenSource: {
        provider: 'acr',
        registry: 'example.azurecr.io',
        auth: { kind: 'workload-identity', serviceAccount: 'puller' },
      },
    },
    'acr managed identity': {
      registry: 'example.azurecr.io',
      tokenSource: {
        provider: 'acr',
        registry: 'example.azurecr.io',
        tenantId: 't',
        auth: { kind: 'managed-identity', identityId: 'id' },
      },
    },
    'acr service principal': {
      registry: 'example.azurecr.io',
      tokenSource: {
        provider: 'acr',
        registry: 'example.azurecr.io',
        auth: {
          kind: 'service-principal',
          clientId: { name: 'sp', key: 'id' },
          clientSecret: { name: 'sp', key: 'secret' },
        },
      },
    },
  };

  it.each(Object.entries(sources))(
    '%s: accepted by the dry run, nothing written',
    async (name, input) => {
      const core = await startCore([state.kubeconfig]);
      try {
        const answer = await keepFresh(core, {
          ...input,
          source: `dry-${name.replace(/ /g, '-')}`,
          dryRun: true,
        });
        expect(answer.written).toBe(false);
        expect(answer.refreshIntervalSeconds).toBe(
          input.tokenSource.provider === 'gcr' ? 1800 : 5400,
        );
      } finally {
        await core.close();
      }
      expect(
        await kubectl([
          'get',
          'gcraccesstokens,acraccesstokens',
          '-n',
          pullkeyNamespace,
          '-o',
          'name',
        ]),
      ).toBe('');
    },
    60_000,
  );

  it('the dry run is the real CRD validation: a generator without its required field is refused', async () => {
    const invalid = {
      apiVersion: 'generators.external-secrets.io/v1alpha1',
      kind: 'ACRAccessToken',
      metadata: { name: 'invalid', namespace: pullkeyNamespace },
      spec: { auth: { managedIdentity: {} } },
    };
    await expect(
      kubectl(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(invalid)),
    ).rejects.toThrow(/registry: Required value/);
  }, 30_000);

  it('on the cluster without ESO the channel says so', async () => {
    const core = await startCore([state.kubeconfig]);
    const other = state.eso!.cluster === 'alpha' ? 'beta-admin' : 'alpha-admin';
    try {
      await expect(
        invoke(core, 'cluster-refresh:keep-fresh', {
          context: other,
          namespace: 'default',
          source,
          registry: 'example.azurecr.io',
          tokenSource: sources['acr managed identity'].tokenSource,
          dryRun: true,
        }),
      ).rejects.toMatchObject({
        code: 'KUBE_NOT_FOUND',
        message: expect.stringMatching(/^External Secrets Operator is not installed/),
      });
      await expect(
        invoke(core, 'cluster-refresh:state', { context: other, namespace: 'default', source }),
      ).rejects.toMatchObject({
        code: 'KUBE_NOT_FOUND',
        message: expect.stringMatching(/^External Secrets Operator is not installed/),
      });
    } finally {
      await core.close();
    }
  }, 30_000);
});
