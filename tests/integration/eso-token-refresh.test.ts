/**
 * "Keep fresh in the cluster" (issue 21) with the REAL External Secrets Operator, kubectl as the
 * checker. The core writes an ECRAuthorizationToken generator and the ExternalSecret whose template
 * writes the project's source secret; ESO's ECR generator talks to the test cluster's FAKE ECR
 * (tests/cluster/fake-ecr.ts, loopback, ESO started with AWS_ECR_ENDPOINT pointing at it), which
 * hands out a new short-lived token each call. The project fan-out (issue 22's ClusterExternalSecret,
 * written here with kubectl as eso-cluster.test.ts does) copies the source on. With PullKey's core
 * CLOSED: every refresh changes every copy, each copy is byte for byte kubectl's docker config, and
 * a pod pulling from the fake ECR's registry with the refreshed copy runs (the test kubelet pulls).
 * The state is read back (Ready, next refresh). eso-token-generators.test.ts: a failing generator,
 * the Pull doctor, GCR/ACR dry runs. Without ESO on the test cluster this file FAILS and says why.
 */
import { describe, expect, it } from 'vitest';
import type { KeepFreshAnswer } from '../../electron/core/api/contract';
import { startCore } from './cluster-core';
import { accessKey, esoTokenKit, sleep } from './eso-token-kit';

const kit = esoTokenKit('ecr');
const source = 'ecr-source';
/** the first token the copies showed (test 1), refused once expired (test 3) */
let firstPassword = '';
const { members, copyName } = kit;

describe('Keep fresh in the cluster: the ECR generator against the fake ECR', () => {
  it('previews with a server-side dry run, writes, and the copies change on every refresh with the core closed', async () => {
    const core = await startCore([kit.state.kubeconfig]);
    let written: KeepFreshAnswer;
    try {
      const input = {
        source,
        registry: kit.fake().host,
        tokenSource: { provider: 'ecr', region: kit.fake().region, auth: accessKey },
        refreshInterval: 8,
      };
      const preview = await kit.keepFresh(core, { ...input, dryRun: true });
      expect(preview).toMatchObject({
        written: false,
        resourceVersion: null,
        generator: { kind: 'ECRAuthorizationToken', name: `${source}-token` },
        refreshIntervalSeconds: 8,
      });
      expect(preview.preview).toContain('"refreshInterval": "8s"');
      expect(preview.warning).toContain(`External Secrets creates the source secret "${source}"`);
      expect(
        await kit.kubectl([
          'get',
          'externalsecrets,ecrauthorizationtokens',
          '-n',
          kit.pullkeyNamespace,
          '-o',
          'name',
        ]),
      ).toBe('');
      written = await kit.keepFresh(core, { ...input, dryRun: false });
      expect(written.written).toBe(true);
      expect(written.resourceVersion).toMatch(/^\d+$/);
    } finally {
      await core.close();
    }
    // The project fan-out, as issue 22 writes it (here with kubectl; copies refreshed every 2 s).
    await kit.fanOut(source);

    // PullKey's core is closed: only ESO, the fake ECR and the fan-out work now.
    const seen = new Map<string, { at: number; namespaces: Set<string> }>();
    const started = Date.now();
    while (Date.now() - started < 60_000) {
      const now = Date.now();
      for (const [ns, config] of await kit.copies()) {
        const password = kit.passwordOf(config);
        const entry = seen.get(password) ?? { at: now, namespaces: new Set<string>() };
        entry.namespaces.add(ns);
        seen.set(password, entry);
      }
      const everywhere = [...seen.values()].filter((e) => e.namespaces.size === members.length);
      if (everywhere.length >= 4) break;
      await sleep(100);
    }
    const tokens = (await kit.stats()).tokens;
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
        `fake ECR calls ${(await kit.stats()).calls}, generator intervals ${intervals.slice(1).join(', ')} ms`,
    );
  }, 120_000);

  it('each copy is byte for byte kubectl create secret docker-registry, and a pod pulling with it runs', async () => {
    const [ns] = members as [string];
    const copy = JSON.parse(
      await kit.kubectl(['get', 'secret', copyName, '-n', ns, '-o', 'json']),
    ) as {
      type: string;
      data: Record<string, string>;
    };
    expect(copy.type).toBe('kubernetes.io/dockerconfigjson');
    const config = Buffer.from(copy.data['.dockerconfigjson']!, 'base64').toString();
    const expected = JSON.parse(
      await kit.kubectl([
        'create',
        'secret',
        'docker-registry',
        'x',
        '-n',
        ns,
        `--docker-server=${kit.fake().host}`,
        '--docker-username=AWS',
        `--docker-password=${kit.passwordOf(config)}`,
        '--dry-run=client',
        '-o',
        'json',
      ]),
    ) as { data: Record<string, string> };
    expect(config).toBe(Buffer.from(expected.data['.dockerconfigjson']!, 'base64').toString());

    const pullsBefore = (await kit.stats()).pulls;
    await kit.applyEcrPod('pulls-from-ecr', ns, copyName, true);
    const started = Date.now();
    await kit.kubectl([
      'wait',
      '--for=condition=Ready',
      'pod/pulls-from-ecr',
      '-n',
      ns,
      '--timeout=60s',
    ]);
    console.log(`eso-token-refresh: pod Ready ${Date.now() - started} ms after creation`);
    expect((await kit.stats()).pulls).toBeGreaterThan(pullsBefore);
  }, 120_000);

  it('a copy frozen at an expired token is refused by the fake ECR registry: that pod does not pull', async () => {
    const [, ns] = members as [string, string];
    const first = (await kit.stats()).tokens.find((t) => firstPassword.endsWith(t.fingerprint));
    expect(first, 'the first token the copies showed').toBeDefined();
    await sleep(Math.max(0, Date.parse(first!.expiresAt) - Date.now() + 500));
    // The first token the copies held, written by kubectl into a secret nothing refreshes.
    await kit.kubectl([
      'create',
      'secret',
      'docker-registry',
      'frozen',
      '-n',
      ns,
      `--docker-server=${kit.fake().host}`,
      '--docker-username=AWS',
      `--docker-password=${firstPassword}`,
    ]);
    const refused = (await kit.stats()).refusedPulls;
    await kit.applyEcrPod('frozen-token', ns, 'frozen');
    let reason = '';
    for (let i = 0; i < 100 && !/ErrImagePull|ImagePullBackOff/.test(reason); i++) {
      await sleep(200);
      reason = await kit.kubectl([
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
    expect((await kit.stats()).refusedPulls).toBeGreaterThan(refused);
  }, 60_000);

  it('reads the state back: Ready, last and next refresh', async () => {
    const core = await startCore([kit.state.kubeconfig]);
    try {
      const { state: read } = await kit.readState(core, source);
      expect(read).toMatchObject({
        phase: 'ready',
        generator: { kind: 'ECRAuthorizationToken', name: `${source}-token` },
        target: source,
        refreshIntervalSeconds: 8,
        diagnosis: null,
      });
      expect(Date.parse(read!.nextRefresh!) - Date.parse(read!.refreshTime!)).toBe(8000);
      const none = await kit.readState(core, 'no-such-source');
      expect(none.state).toBeNull();
    } finally {
      await core.close();
    }
  }, 60_000);
});
