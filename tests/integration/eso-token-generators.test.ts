/**
 * "Keep fresh in the cluster" (issue 21) when it goes wrong, and the other generators, with the
 * REAL External Secrets Operator and the test cluster's fake ECR (see eso-token-refresh.test.ts):
 * a generator that cannot make a token is read back as a diagnosis from its Events, and the Pull
 * doctor names that error for a pod failing on the expired copy it left — live in the Pulls list
 * (a workload running on the copy is latent, turns "expired" on time with no cluster change, a new
 * pod fails with the `token-generator-failing` kind) and in the detail from its Events; GCR and ACR generators
 * (each auth) pass the API server's dry run against ESO v0.20.4's CRDs; a cluster without ESO is
 * said clearly. Without ESO and the fake ECR on the test cluster this file FAILS and says why.
 */
import { describe, expect, it } from 'vitest';
import { invoke, startCore } from './cluster-core';
import { esoTokenKit, sleep } from './eso-token-kit';
import { genericSecretArgs } from '../kit/kubectl';
import type { PullsView } from '../../electron/core/api/contract';
import { accessKeyAuth as accessKeyIn } from '../kit/ecr-access-key';
import { pullsUntil } from './pulls-view';
import { gcrWorkloadIdentity } from '../fixtures/token-sources';

// Tokens of 40 s: the running workload is seen latent before its copy's token expires.
const kit = esoTokenKit('ecrgen', 40);
const source = 'ecr-source';

describe('a failing token generator', () => {
  it('a failing generator (its access key secret missing) is a diagnosis from its Events', async () => {
    const core = await startCore([kit.state.kubeconfig]);
    try {
      await kit.keepFreshFromEcr(core, 'broken-source', accessKeyIn('no-such-key', 'id', 's'));
      // Wait for ESO's Warning event (written after Ready=False): it carries the generator's error.
      const read = await kit.failingFromEvents(core, 'broken-source');
      console.log(`eso-token-generators: failing generator → ${read?.diagnosis}`);
      expect(read?.phase).toBe('failing');
      expect(read?.diagnosis).toMatch(
        /^The ECRAuthorizationToken generator "broken-source-token" cannot make a new token: .*unable to create aws session/,
      );
    } finally {
      await core.close();
    }
  }, 60_000);

  it('a wrong secret access key: the fake ECR refuses its SigV4 signature like AWS, and the diagnosis names it', async () => {
    const core = await startCore([kit.state.kubeconfig]);
    try {
      // the right access key id with a wrong secret: ESO signs, the fake ECR recomputes and differs
      await kit.kubectl(
        genericSecretArgs(
          kit.pullkeyNamespace,
          'aws-wrong-secret',
          `--from-literal=access-key-id=${kit.fake().accessKeyId}`,
          '--from-literal=secret-access-key=not-the-secret-the-fake-knows',
        ),
      );
      await kit.keepFreshFromEcr(core, 'wrong-secret-source', accessKeyIn('aws-wrong-secret'));
      const read = await kit.failingFromEvents(core, 'wrong-secret-source');
      console.log(`eso-token-generators: wrong secret → ${read?.diagnosis}`);
      expect(read?.phase).toBe('failing');
      expect(read?.diagnosis).toMatch(
        /^The ECRAuthorizationToken generator "wrong-secret-source-token" cannot make a new token: .*InvalidSignatureException: The request signature we calculated does not match/,
      );
      expect((await kit.stats()).lastRefusal).toMatch(/^InvalidSignatureException: /);
    } finally {
      await core.close();
    }
  }, 60_000);

  it("the live Pulls list names the failing generator: latent, expired on time, then the failing pod's own kind", async () => {
    const core = await startCore([kit.state.kubeconfig]);
    const [ns] = kit.members as [string];
    const context = kit.state.eso!.context;
    const generator =
      /the ECRAuthorizationToken generator "doctor-source-token" cannot make a new token: /;
    try {
      await kit.keepFreshFromEcr(core, 'doctor-source');
      await kit.fanOut('doctor-source');
      let copies = await kit.copies();
      for (let i = 0; i < 150 && copies.size < kit.members.length; i++) {
        await sleep(200);
        copies = await kit.copies();
      }
      expect(copies.size).toBe(kit.members.length);
      // A workload running on the copy while the generator still works.
      await kit.applyEcrPod('before-failure', ns, kit.copyName);
      await kit.kubectl([
        'wait',
        '--for=condition=Ready',
        'pod/before-failure',
        '-n',
        ns,
        '--timeout=60s',
      ]);
      // The generator's credentials go: its next refresh fails, the copies keep their last token.
      await kit.kubectl(['delete', 'secret', 'aws-key', '-n', kit.pullkeyNamespace]);
      let read = (await kit.readState(core, 'doctor-source')).state;
      for (let i = 0; i < 150 && read?.phase !== 'failing'; i++) {
        await sleep(200);
        read = (await kit.readState(core, 'doctor-source')).state;
      }
      expect(read?.phase).toBe('failing');
      const last = kit.passwordOf((await kit.copies()).get(ns)!);
      const token = (await kit.stats()).tokens.find((t) => last.endsWith(t.fingerprint))!;

      // The running workload is latent: its copy is fed by the failing generator (live view).
      const mine = (view: PullsView) =>
        view.latent.find((item) => item.namespace === ns && item.name === 'before-failure');
      const latent = mine(
        await pullsUntil(
          core,
          context,
          (view) => !!mine(view)?.failingGenerators?.length,
          'the latent workload on the failing generator',
        ),
      )!;
      console.log(`eso-token-generators: latent → ${latent.message}`);
      expect(latent.failingGenerators?.[0]).toMatchObject({
        secret: kit.copyName,
        generator: 'ECRAuthorizationToken "doctor-source-token"',
        externalSecret: `${kit.pullkeyNamespace}/doctor-source-token`,
        // The envelope's expiry is in whole seconds.
        expiresAt: new Date(Math.floor(Date.parse(token.expiresAt) / 1000) * 1000).toISOString(),
      });
      const expiresAt = latent.failingGenerators![0]!.expiresAt!;
      expect(latent.message).toMatch(generator);

      // The expiry passes with nothing changing in the cluster: the view says "expired" on time.
      const expired = await pullsUntil(
        core,
        context,
        (view) => !!mine(view)?.message.includes('its token expired at'),
        'the latent workload turning expired',
        Math.max(0, Date.parse(expiresAt) - Date.now()) + 15_000,
      );
      const lag = Date.parse(expired.updatedAt) - Date.parse(expiresAt);
      console.log(`eso-token-generators: "expired" pushed ${lag} ms after the token's expiry`);
      expect(latent.message).toContain('pulls after'); // seen before the expiry
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(5_000);

      // The fake's own expiry has milliseconds (the envelope whole seconds): past it for certain.
      await sleep(Math.max(0, Date.parse(token.expiresAt) - Date.now() + 500));
      // Always pulled: the image is already on the node (the running workload pulled it).
      await kit.applyEcrPod('after-expiry', ns, kit.copyName, true);
      const failingView = await pullsUntil(
        core,
        context,
        // The generator's own error, from its Events (read for the failing generators only).
        (view) =>
          view.failing.some(
            (item) =>
              item.namespace === ns &&
              item.name === 'after-expiry' &&
              /unable to create aws session/.test(item.diagnosis.message),
          ),
        'the pod failing on the expired copy, with the generator error from its Events',
      );
      const failing = failingView.failing.find(
        (item) => item.namespace === ns && item.name === 'after-expiry',
      )!;
      console.log(
        `eso-token-generators: failing → ${failing.diagnosis.kind}: ${failing.diagnosis.message}`,
      );
      expect(failing.diagnosis.kind).toBe('token-generator-failing');
      expect(failing.diagnosis.message).toMatch(generator);

      const detail = await invoke(core, 'pulls:detail', {
        context,
        namespace: ns,
        kind: 'Pod',
        name: 'after-expiry',
      });
      const owned = detail.sources?.ownedSecrets?.find((item) => item.secret === kit.copyName);
      console.log(`eso-token-generators: Pull doctor → ${owned?.evidence}`);
      expect(owned?.evidence).toMatch(
        /The ECRAuthorizationToken generator "doctor-source-token" cannot make a new token: .*unable to create aws session/,
      );
      expect(detail.report).toContain('cannot make a new token');
    } finally {
      await core.close();
    }
  }, 180_000);
});

describe('GCR and ACR generators: the API server dry run against ESO v0.20.4 CRDs', () => {
  const sources = {
    'gcr workload identity': {
      registry: 'europe-docker.pkg.dev',
      tokenSource: gcrWorkloadIdentity,
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
      const core = await startCore([kit.state.kubeconfig]);
      try {
        const answer = await kit.keepFresh(core, {
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
        await kit.kubectl([
          'get',
          'gcraccesstokens,acraccesstokens',
          '-n',
          kit.pullkeyNamespace,
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
      metadata: { name: 'invalid', namespace: kit.pullkeyNamespace },
      spec: { auth: { managedIdentity: {} } },
    };
    await expect(
      kit.kubectl(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(invalid)),
    ).rejects.toThrow(/registry: Required value/);
  }, 30_000);

  it('on the cluster without ESO the channel says so', async () => {
    const core = await startCore([kit.state.kubeconfig]);
    const other = kit.state.eso!.cluster === 'alpha' ? 'beta-admin' : 'alpha-admin';
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
