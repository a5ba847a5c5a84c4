/**
 * "Keep fresh in the cluster" by IRSA (issue 21) with the REAL External Secrets Operator: the
 * ECRAuthorizationToken's `auth.jwt.serviceAccountRef` makes ESO ask the API server for a
 * ServiceAccount token (TokenRequest, audience sts.amazonaws.com) and call AssumeRoleWithWebIdentity
 * on the test cluster's FAKE STS (tests/cluster/fake-sts.ts, ESO's AWS_STS_ENDPOINT, loopback), which
 * checks the token's signature against the cluster's ServiceAccount key, its issuer, audience and
 * subject (the role's trust) and answers temporary credentials; the fake ECR then verifies the
 * GetAuthorizationToken's SigV4 signature with them and their X-Amz-Security-Token. The source and
 * the project's copies get tokens; a ServiceAccount the role does not trust is a diagnosis naming
 * STS's AccessDenied. Without ESO and the fake STS on the test cluster this file FAILS and says why.
 */
import { describe, expect, it } from 'vitest';
import { startCore } from './cluster-core';
import { esoTokenKit, sleep } from './eso-token-kit';

const kit = esoTokenKit('irsa');
const role = `arn:aws:iam::123456789012:role/pullkey-ecr-puller-${Date.now().toString(36)}`;

/** A ServiceAccount annotated for IRSA with `role` (as EKS wants it) in PullKey's namespace. */
const serviceAccount = (name: string) =>
  kit.apply({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name,
      namespace: kit.pullkeyNamespace,
      annotations: { 'eks.amazonaws.com/role-arn': role },
    },
  });
const subject = (name: string) => `system:serviceaccount:${kit.pullkeyNamespace}:${name}`;

function sts(): string {
  const url = kit.fake().sts;
  if (!url)
    throw new Error(
      'the fake ECR has no fake STS (cluster.json from an older up.ts: run cluster:down and cluster:up)',
    );
  return url;
}

describe('Keep fresh in the cluster by IRSA: ESO, a ServiceAccount token, the fake STS and the fake ECR', () => {
  it('the source and every copy get tokens the fake ECR issued to temporary credentials', async () => {
    await serviceAccount('ecr-puller');
    const trusted = await fetch(
      `${sts()}/_fake/trust?role=${encodeURIComponent(role)}&subject=${encodeURIComponent(subject('ecr-puller'))}`,
      { method: 'POST' },
    );
    expect(trusted.status).toBe(200);
    const before = await kit.stats();
    const core = await startCore([kit.state.kubeconfig]);
    try {
      const written = await kit.keepFreshFromEcr(core, 'irsa-source', {
        kind: 'irsa',
        serviceAccount: 'ecr-puller',
      });
      expect(written.written).toBe(true);
      await kit.fanOut('irsa-source');
      // two tokens in every copy: the first write and a refresh (every 8 s), both through STS
      const seen = new Map<string, Set<string>>();
      const everywhere = () => [...seen.values()].filter((ns) => ns.size === kit.members.length);
      for (let i = 0; i < 300 && everywhere().length < 2; i++) {
        for (const [ns, config] of await kit.copies()) {
          const password = kit.passwordOf(config);
          seen.set(password, (seen.get(password) ?? new Set()).add(ns));
        }
        await sleep(100);
      }
      const after = await kit.stats();
      console.log(
        `eso-token-irsa: ${everywhere().length} tokens in all ${kit.members.length} copies; ` +
          `STS answers ${after.sts!.assumed - before.sts!.assumed}, ECR calls with temporary credentials ` +
          `${after.temporaryCalls! - before.temporaryCalls!}`,
      );
      expect(everywhere().length).toBeGreaterThanOrEqual(2);
      for (const password of seen.keys()) {
        expect(after.tokens.some((t) => password.endsWith(t.fingerprint))).toBe(true);
      }
      expect(after.sts!.assumed).toBeGreaterThan(before.sts!.assumed);
      expect(after.sts!.subjects).toContain(subject('ecr-puller'));
      expect(after.temporaryCalls!).toBeGreaterThanOrEqual(before.temporaryCalls! + 2);
      const source = JSON.parse(
        await kit.kubectl([
          'get',
          'secret',
          'irsa-source',
          '-n',
          kit.pullkeyNamespace,
          '-o',
          'json',
        ]),
      ) as { data: Record<string, string> };
      const config = Buffer.from(source.data['.dockerconfigjson']!, 'base64').toString();
      expect(after.tokens.some((t) => kit.passwordOf(config).endsWith(t.fingerprint))).toBe(true);
      const { state } = await kit.readState(core, 'irsa-source');
      expect(state).toMatchObject({ phase: 'ready', diagnosis: null });
    } finally {
      await core.close();
    }
  }, 120_000);

  it("a ServiceAccount the role does not trust: STS's AccessDenied is the diagnosis", async () => {
    await serviceAccount('not-trusted');
    const refusedBefore = (await kit.stats()).sts!.refused;
    const core = await startCore([kit.state.kubeconfig]);
    try {
      await kit.keepFreshFromEcr(core, 'untrusted-source', {
        kind: 'irsa',
        serviceAccount: 'not-trusted',
      });
      const read = await kit.failingFromEvents(core, 'untrusted-source');
      console.log(`eso-token-irsa: untrusted ServiceAccount → ${read?.diagnosis}`);
      expect(read?.phase).toBe('failing');
      expect(read?.diagnosis).toMatch(
        /^The ECRAuthorizationToken generator "untrusted-source-token" cannot make a new token: .*AssumeRoleWithWebIdentity.*AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity/,
      );
      const stats = await kit.stats();
      expect(stats.sts!.refused).toBeGreaterThan(refusedBefore);
      expect(stats.sts!.lastRefusal).toBe(
        'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity',
      );
    } finally {
      await core.close();
    }
  }, 60_000);
});
