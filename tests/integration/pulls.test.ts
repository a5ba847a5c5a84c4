/**
 * The Pull doctor against the real test cluster: workloads made with kubectl (not PullKey) whose
 * image needs credentials they lack show up with the right diagnosis; a running workload whose
 * pull secret is deleted is listed as a latent problem; a restricted user is served from
 * per-namespace watches; the summary never contacts an exec-plugin context not in use.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { invoke } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { dockerRegistrySecretArgs, pullSecretManifest, registryUser } from '../kit/manifests';
import { failingUntil, pullsUntil, staleRefusedThenWritten } from './pulls-view';

const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const suffix = Date.now().toString(36);
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE });
const { kubectl, made } = suite;

describe('Pull doctor', () => {
  it('lists a kubectl Deployment whose image needs credentials it lacks, with the diagnosis', async () => {
    const name = `nocred-${suffix}`;
    const image = `${suite.state.registries.basic.host}/team/hello:1.0`;
    await kubectl(['create', 'deployment', name, '-n', NAMESPACE, `--image=${image}`]);
    made.push(['deployment', name]);
    const { view, item } = await failingUntil(suite.app, CONTEXT, name, 'failing deployment');
    expect(item).toMatchObject({
      kind: 'Deployment',
      namespace: NAMESPACE,
      containers: [expect.objectContaining({ image })],
      diagnosis: { kind: 'no-credentials', host: suite.state.registries.basic.host },
    });
    expect(item.pods).toHaveLength(1);
    expect(item.pods[0]).toMatch(new RegExp(`^${name}-`));
    expect(view.scope).toBe('cluster');
    expect(view.freshness.state).toBe('live');

    const detail = await invoke(suite.app, 'pulls:detail', {
      context: CONTEXT,
      namespace: NAMESPACE,
      kind: 'Deployment',
      name,
    });
    expect(detail.sources).toMatchObject({ serviceAccount: 'default', imagePullSecrets: [] });
    expect(detail.report).toContain(`Deployment ${NAMESPACE}/${name}`);
    for (const user of suite.state.registries.basic.users)
      expect(detail.report).not.toContain(user.password);
  });

  it('lists a running workload whose pull secret was deleted under latent problems', async () => {
    const name = `latent-${suffix}`;
    const secret = `latent-cred-${suffix}`;
    const registry = suite.state.registries.basic;
    const alice = registryUser(registry);
    await suite.availableWithSecret(name, secret, registry.host, alice);
    const before = await invoke(suite.app, 'pulls:open', { context: CONTEXT });
    expect(before.latent.some((item) => item.name === name)).toBe(false);

    await kubectl(['delete', 'secret', secret, '-n', NAMESPACE]);
    const view = await pullsUntil(
      suite.app,
      CONTEXT,
      (current) => current.latent.some((item) => item.name === name),
      'latent deployment',
    );
    const item = view.latent.find((candidate) => candidate.name === name)!;
    expect(item).toMatchObject({ kind: 'Deployment', missingSecrets: [secret] });
    expect(item.message).toMatch(/^will fail when rescheduled/);
    expect(view.reverifyNote).toContain(suite.state.kubernetesVersion);
    expect(view.failing.some((candidate) => candidate.name === name)).toBe(false);
  });

  it('fix 4: "set image" patches that container\'s image only, refusing a stale version', async () => {
    const name = `badtag-${suffix}`;
    const registry = suite.state.registries.basic;
    const secret = `tagcred-${suffix}`;
    const alice = registryUser(registry);
    await kubectl(dockerRegistrySecretArgs(NAMESPACE, secret, registry.host, alice));
    made.push(['secret', secret]);
    await suite.deployment(name, `${registry.host}/team/hello:9.9`, { pullSecrets: [secret] });
    const { item } = await failingUntil(suite.app, CONTEXT, name, 'tag not found', 'not-found');
    expect(item.diagnosis.message).toContain('tag 9.9 not found');
    const before = JSON.parse(
      await kubectl(['get', 'deployment', name, '-n', NAMESPACE, '-o', 'json']),
    );
    const input = {
      context: CONTEXT,
      namespace: NAMESPACE,
      kind: 'Deployment' as const,
      name,
      container: 'app',
      image: `${registry.host}/team/hello:1.1`,
    };
    const preview = await invoke(suite.app, 'pulls:set-image', { ...input, dryRun: true });
    expect(preview.written).toBe(false);
    expect(preview.preview).toContain('/spec/template/spec/containers/0/image');
    // The image as read, for the preview's before/after.
    expect(preview.patch?.current).toEqual({
      '/spec/template/spec/containers/0/image': before.spec.template.spec.containers[0].image,
    });
    await staleRefusedThenWritten(
      (resourceVersion) =>
        invoke(suite.app, 'pulls:set-image', { ...input, resourceVersion, dryRun: false }),
      preview.resourceVersion!,
    );
    await kubectl(['rollout', 'status', `deployment/${name}`, '-n', NAMESPACE, '--timeout=90s']);
    const after = JSON.parse(
      await kubectl(['get', 'deployment', name, '-n', NAMESPACE, '-o', 'json']),
    );
    expect(after.spec.template.spec.containers[0].image).toBe(input.image);
    after.spec.template.spec.containers[0].image = before.spec.template.spec.containers[0].image;
    expect(after.spec).toEqual(before.spec);
  });

  it('fix 3: copies a missing pull secret from another namespace; the pod then runs', async () => {
    const name = `copy-${suffix}`;
    const secret = `shared-${suffix}`;
    const registry = suite.state.registries.basic;
    const alice = registryUser(registry);
    const from = 'team1-dev';
    // Two entries: the one the kubelet uses for the image, and another registry's that must
    // stay behind.
    const other = { username: 'bob', password: randomBytes(12).toString('hex') };
    const auths = { [registry.host]: alice, 'reg-b.example': other };
    await kubectl(['apply', '-f', '-'], JSON.stringify(pullSecretManifest(from, secret, auths)));
    try {
      await suite.deployment(name, `${registry.host}/team/hello:1.0`, { pullSecrets: [secret] });
      made.push(['secret', secret]);
      await failingUntil(suite.app, CONTEXT, name, 'missing secret');
      const detail = await invoke(suite.app, 'pulls:detail', {
        context: CONTEXT,
        namespace: NAMESPACE,
        kind: 'Deployment',
        name,
      });
      expect(detail.sources?.missingSecrets).toEqual([secret]);
      // Offered because the kubelet would use its entry for the failing image; the hosts and
      // users it holds are named.
      expect(detail.copyCandidates).toEqual([
        {
          secret,
          sources: [
            {
              namespace: from,
              entries: [
                { key: registry.host, username: 'alice', matches: true },
                { key: 'reg-b.example', username: 'bob', matches: false },
              ],
            },
          ],
        },
      ]);
      const image = `${registry.host}/team/hello:1.0`;
      const input = { context: CONTEXT, namespace: NAMESPACE, name: secret, from, images: [image] };
      await expect(
        invoke(suite.app, 'pulls:copy-secret', {
          ...input,
          images: ['other-registry.example.com/team/hello:1.0'],
          dryRun: true,
        }),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      const preview = await invoke(suite.app, 'pulls:copy-secret', { ...input, dryRun: true });
      expect(preview.preview).toContain(`pullkey.dev/copied-from: ${from}/${secret}`);
      expect(preview.preview).toContain(
        'Copies 1 of 2 entries: only those the kubelet uses for the failing image; reg-b.example (user bob) stays behind.',
      );
      expect(preview.preview).toContain(`${registry.host}, user alice`);
      expect(preview.warning).toContain(`read secrets in namespace ${NAMESPACE}`);
      expect(preview.warning).not.toContain('reg-b.example');
      expect(preview.preview).not.toContain(alice.password);
      expect(preview.source?.uid).toBeTruthy();

      // The source changed with kubectl after the preview: nothing is copied.
      await kubectl(['label', 'secret', secret, '-n', from, 'seen-by=someone-else']);
      await expect(
        invoke(suite.app, 'pulls:copy-secret', {
          ...input,
          source: preview.source!,
          dryRun: false,
        }),
      ).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
      expect(
        await kubectl([
          'get',
          'secret',
          secret,
          '-n',
          NAMESPACE,
          '--ignore-not-found',
          '-o',
          'name',
        ]),
      ).toBe('');

      const fresh = await invoke(suite.app, 'pulls:copy-secret', { ...input, dryRun: true });
      await invoke(suite.app, 'pulls:copy-secret', {
        ...input,
        source: fresh.source!,
        dryRun: false,
      });
      // kubectl shows the copy holding only the entry the kubelet uses, in kubectl's form.
      const copy = JSON.parse(
        await kubectl(['get', 'secret', secret, '-n', NAMESPACE, '-o', 'json']),
      ) as {
        type: string;
        metadata: { labels: Record<string, string> };
        data: Record<string, string>;
      };
      expect(copy.type).toBe('kubernetes.io/dockerconfigjson');
      expect(copy.metadata.labels['app.kubernetes.io/managed-by']).toBe('pullkey');
      const config = JSON.parse(
        Buffer.from(copy.data['.dockerconfigjson']!, 'base64').toString('utf8'),
      ) as { auths: Record<string, { username: string }> };
      expect(Object.keys(config.auths)).toEqual([registry.host]);
      expect(config.auths[registry.host]?.username).toBe('alice');
      await expect(
        invoke(suite.app, 'pulls:copy-secret', { ...input, source: fresh.source!, dryRun: false }),
      ).rejects.toMatchObject({
        code: 'KUBE_CONFLICT',
      });
      // The kubelet retries on its back-off: a fresh pod pulls at once.
      await kubectl(['delete', 'pods', '-n', NAMESPACE, '-l', `app=${name}`, '--wait=false']);
      await kubectl(['rollout', 'status', `deployment/${name}`, '-n', NAMESPACE, '--timeout=90s']);
    } finally {
      await kubectl(['delete', 'secret', secret, '-n', from, '--ignore-not-found']);
    }
  });

  it('serves a user who may not list pods cluster-wide from per-namespace watches', async () => {
    const view = await invoke(suite.app, 'pulls:open', { context: 'alpha-dev' });
    expect(view.scope).toBe('namespaces');
    expect(view.namespaces).toBeGreaterThan(0);
    await invoke(suite.app, 'pulls:close', { context: 'alpha-dev' });
  });

  it('summarises every context without contacting the exec-plugin context not in use', async () => {
    const pushed: unknown[] = [];
    const stop = suite.app.events.listen((event, payload) => {
      if (event === 'pulls:summary-entry') pushed.push(payload);
    });
    const summary = await invoke(suite.app, 'pulls:summary', { operationId: 'summary-1' }).finally(
      stop,
    );
    // Each context's line was pushed as it answered, the last with the count complete.
    expect(pushed).toHaveLength(summary.length);
    expect(pushed.at(-1)).toMatchObject({ operationId: 'summary-1', done: summary.length });
    const byName = new Map(summary.map((entry) => [entry.context, entry]));
    expect(byName.get('alpha-exec')).toMatchObject({
      state: 'not-checked',
      failing: null,
      latent: null,
    });
    expect(byName.get(CONTEXT)).toMatchObject({ state: 'checked' });
    expect(byName.get(CONTEXT)!.failing).toBeGreaterThan(0);
    expect(byName.get('beta-admin')).toMatchObject({ state: 'checked' });
  });
});
