/**
 * Issue 10, "never damage what users already run": updating a workload that already exists. Every
 * object is made with kubectl (what users have), then PullKey writes through its router, and
 * kubectl checks the result.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { statefulSetManifest } from '../kit/manifests';
import { invoke } from './cluster-core';
import * as kit from './safe-writes-kit';

describe('updating a workload that already exists', () => {
  it('a kubectl Deployment keeps its sidecar, volume, resources, probe, account, labels and annotations, and gains the pull secret', async () => {
    const name = kit.unique('kept');
    const secret = kit.unique('reg');
    kit.dockerSecret(secret, 'alice', kit.alice().password);
    kit.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: { team: 'blue' }, annotations: { 'team.example/ticket': 'T-1' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: kit.podTemplate(name, ['theirs']),
      },
    });
    const before = kit.getJson('deployment', name);

    const workload = {
      kind: 'Deployment' as const,
      name,
      namespace: kit.NAMESPACE,
      image: kit.image('1.1'),
      replicas: 2,
      env: [{ name: 'MODE', value: 'prod' }],
      pullSecrets: [secret],
    };
    const suggestion = await invoke(kit.suite.app, 'deploy:suggest', {
      context: kit.CONTEXT,
      namespace: kit.NAMESPACE,
      image: workload.image,
      name,
    });
    expect(suggestion.existing).toMatchObject({
      kind: 'Deployment',
      container: 'hello',
      containers: ['hello', 'proxy'],
      owner: null,
    });
    const preflight = await kit.previewUpdate(workload);
    expect(preflight.update).toMatchObject({ action: 'patch', seen: { container: 'hello' } });
    expect(preflight.update!.patch).toContain('strategic-merge patch');
    // The patch names one container (the form's); the sidecar appears only in the order list.
    const sent = parse(preflight.update!.patch) as {
      spec: { template: { spec: { containers: Array<{ name: string }> } } };
    };
    expect(sent.spec.template.spec.containers.map((c) => c.name)).toEqual(['hello']);

    await kit.applyUpdate(workload, preflight.update!.seen);
    const after = kit.getJson('deployment', name);
    const spec = after.spec.template.spec;
    expect(spec.containers.map((c: { name: string }) => c.name)).toEqual(['hello', 'proxy']);
    expect(spec.containers[0]).toMatchObject({
      image: kit.image('1.1'),
      resources: before.spec.template.spec.containers[0].resources,
      readinessProbe: before.spec.template.spec.containers[0].readinessProbe,
      volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
      // The form's variable is added after the user's own, whose order is kept.
      env: [
        { name: 'KEEP_ME', value: 'yes' },
        { name: 'MODE', value: 'prod' },
      ],
    });
    expect(spec.containers[1]).toEqual(before.spec.template.spec.containers[1]);
    expect(spec.volumes).toEqual(before.spec.template.spec.volumes);
    expect(spec.serviceAccountName).toBe('default');
    expect(kit.pullSecretNames(spec)).toEqual(['theirs', secret]);
    expect(after.spec.replicas).toBe(2);
    expect(after.spec.selector).toEqual(before.spec.selector);
    expect(after.metadata.labels).toEqual(before.metadata.labels);
    expect(after.metadata.annotations['team.example/ticket']).toBe('T-1');
    expect(after.spec.template.metadata).toEqual(before.spec.template.metadata);
    // PullKey's write is recorded under its own field manager.
    const managers = JSON.parse(
      kit.kubectl(['get', 'deployment', name, '-o', 'json', '--show-managed-fields']),
    ).metadata.managedFields.map((entry: { manager: string }) => entry.manager);
    expect(managers).toContain('pullkey');
  });

  it('a change made after the preview is reported with what changed, never overwritten', async () => {
    const name = kit.unique('raced');
    kit.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: { selector: { matchLabels: { app: name } }, template: kit.podTemplate(name, []) },
    });
    const workload = {
      kind: 'Deployment' as const,
      name,
      namespace: kit.NAMESPACE,
      image: kit.image('1.1'),
      pullSecrets: [],
    };
    const preflight = await kit.previewUpdate(workload);
    kit.kubectl(['set', 'image', `deployment/${name}`, 'proxy=busybox:9']);
    const result = await kit.applyUpdateRaw(workload, preflight.update!.seen);
    expect(result).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    const message = (result as { error: { message: string } }).error.message;
    expect(message).toContain('spec.template.spec.containers[proxy].image');
    expect(message).toMatch(/kubectl/);
    const after = kit.getJson('deployment', name);
    expect(after.spec.template.spec.containers[0].image).toBe(kit.image());
    expect(after.spec.template.spec.containers[1].image).toBe('busybox:9');
  });

  it("a StatefulSet's pod db-0 is never offered for update; the owner is named", async () => {
    const name = kit.unique('db');
    kit.apply(statefulSetManifest(name, kit.podTemplate(name, [])));
    const pod = `${name}-0`;
    const original = await kit.until(
      () => kit.getJson('pod', pod),
      (value) => !!value.metadata?.uid,
      `pod ${pod}`,
    );
    const suggestion = await invoke(kit.suite.app, 'deploy:suggest', {
      context: kit.CONTEXT,
      namespace: kit.NAMESPACE,
      image: kit.image('1.1'),
      name: pod,
    });
    expect(suggestion.existing).toMatchObject({
      kind: 'Pod',
      owner: { kind: 'StatefulSet', name },
    });
    const workload = kit.podUpdate(pod, []);
    const preflight = await kit.previewUpdate(workload);
    expect(preflight.ok).toBe(false);
    expect(preflight.update ?? null).toBeNull();
    expect(preflight.checks[0]!.message).toContain(`managed by StatefulSet "${name}"`);
    const result = await kit.applyUpdateRaw(workload, {
      uid: original.metadata.uid,
      resourceVersion: original.metadata.resourceVersion,
      container: 'hello',
      fingerprint: 'x',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    const now = kit.getJson('pod', pod);
    expect(now.metadata.uid).toBe(original.metadata.uid);
    expect(now.spec.containers[0].image).toBe(kit.image());
  });

  it('a bare Pod is replaced only after the new one passed a dry run, keeping its sidecar and volume', async () => {
    const name = kit.unique('bare');
    const secret = kit.unique('reg');
    kit.dockerSecret(secret, 'alice', kit.alice().password);
    kit.applyBarePod(name, ['theirs']);
    const original = kit.getJson('pod', name);
    const workload = kit.podUpdate(name, [secret]);
    const preflight = await kit.previewUpdate(workload);
    expect(preflight.update).toMatchObject({ action: 'replace' });
    await kit.applyUpdate(workload, preflight.update!.seen);
    const now = kit.getJson('pod', name);
    expect(now.metadata.uid).not.toBe(original.metadata.uid);
    expect(now.spec.containers.map((c: { name: string }) => c.name)).toEqual(['hello', 'proxy']);
    expect(now.spec.containers[0].image).toBe(kit.image('1.1'));
    expect(now.spec.containers[0].resources).toEqual(original.spec.containers[0].resources);
    expect(now.spec.volumes.map((v: { name: string }) => v.name)).toContain('cache');
    expect(kit.pullSecretNames(now.spec)).toEqual(['theirs', secret]);
    expect(now.metadata.annotations['team.example/owner']).toBe('ops');
  });

  it('a bare Pod whose only change is the image is patched in place (same uid)', async () => {
    const name = kit.unique('inplace');
    kit.applyBarePod(name, ['theirs']);
    const original = kit.getJson('pod', name);
    const workload = kit.podUpdate(name, ['theirs']);
    const preflight = await kit.previewUpdate(workload);
    expect(preflight.update).toMatchObject({ action: 'patch' });
    await kit.applyUpdate(workload, preflight.update!.seen);
    const now = kit.getJson('pod', name);
    expect(now.metadata.uid).toBe(original.metadata.uid);
    expect(now.spec.containers.map((c: { image: string }) => c.image)).toEqual([
      kit.image('1.1'),
      original.spec.containers[1].image,
    ]);
  });

  it('a bare Pod that cannot be replaced is left as it is, and the form says why', async () => {
    const name = kit.unique('stuck');
    const account = kit.unique('sa');
    kit.kubectl(['create', 'serviceaccount', account]);
    const template = kit.podTemplate(name, []);
    kit.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { ...template.spec, serviceAccountName: account },
    });
    const original = kit.getJson('pod', name);
    // The account is gone: the API server refuses any new Pod that names it.
    kit.kubectl(['delete', 'serviceaccount', account]);
    const workload = {
      kind: 'Pod' as const,
      name,
      namespace: kit.NAMESPACE,
      image: kit.image('1.1'),
      pullSecrets: [],
      env: [{ name: 'NEW', value: '1' }],
    };
    const preflight = await kit.previewUpdate(workload);
    expect(preflight.checks[0]).toMatchObject({ id: 'name', status: 'fail' });
    expect(preflight.checks[0]!.message).toMatch(/cannot be replaced.*left as it is/);
    const result = await kit.applyUpdateRaw(workload, preflight.update!.seen);
    expect(result).toMatchObject({ ok: false });
    expect((result as { error: { message: string } }).error.message).toMatch(
      /cannot be replaced.*left as it is/,
    );
    expect(kit.getJson('pod', name).metadata.uid).toBe(original.metadata.uid);
  });
});
