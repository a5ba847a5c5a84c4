/**
 * Issue 10, "never damage what users already run": attaching pull secrets to an existing workload
 * of every kind, made with kubectl; kubectl checks the result.
 */
import { describe, expect, it } from 'vitest';
import { invoke, invokeRaw } from './cluster-core';
import * as kit from './safe-writes-kit';

describe('attach pull secrets to an existing workload', () => {
  const kinds = [
    ['Deployment', 'apps/v1'],
    ['StatefulSet', 'apps/v1'],
    ['DaemonSet', 'apps/v1'],
    ['ReplicaSet', 'apps/v1'],
    ['CronJob', 'batch/v1'],
  ] as const;
  for (const [kind, apiVersion] of kinds) {
    it(`${kind}: adds the secret and keeps the pull secrets already there`, async () => {
      const name = kit.unique(kind.toLowerCase());
      const template = kit.podTemplate(name, ['theirs', 'also-theirs']);
      const spec =
        kind === 'CronJob'
          ? {
              schedule: '0 0 1 1 *',
              jobTemplate: {
                spec: {
                  template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } },
                },
              },
            }
          : {
              ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
              ...(kind === 'DaemonSet' ? {} : { replicas: 0 }),
              selector: { matchLabels: { app: name } },
              template,
            };
      kit.apply({ apiVersion, kind, metadata: { name }, spec });
      const result = await invoke(kit.suite.app, 'workloads:attach-pull-secrets', {
        context: kit.CONTEXT,
        namespace: kit.NAMESPACE,
        kind,
        name,
        secrets: ['mine', 'theirs'],
      });
      expect(result).toEqual({
        outcome: 'updated',
        imagePullSecrets: ['theirs', 'also-theirs', 'mine'],
        before: ['theirs', 'also-theirs'],
        preview: expect.stringContaining('JSON merge patch'),
        written: true,
        resourceVersion: expect.stringMatching(/^\d+$/),
      });
      const object = kit.getJson(kind.toLowerCase(), name);
      const podSpec =
        kind === 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec;
      expect(kit.pullSecretNames(podSpec)).toEqual(['theirs', 'also-theirs', 'mine']);
      expect(podSpec.containers.map((c: { name: string }) => c.name)).toEqual(['hello', 'proxy']);
      // Again: nothing to add, nothing written.
      const again = await invoke(kit.suite.app, 'workloads:attach-pull-secrets', {
        context: kit.CONTEXT,
        namespace: kit.NAMESPACE,
        kind,
        name,
        secrets: ['mine'],
      });
      expect(again.outcome).toBe('unchanged');
      // (Controllers keep writing status; the generation counts spec writes only.)
      expect(kit.getJson(kind.toLowerCase(), name).metadata.generation).toBe(
        object.metadata.generation,
      );
    });
  }

  it('Job: its pod template cannot change, so the Job is left as it is and the refusal says why', async () => {
    const name = kit.unique('job');
    const template = kit.podTemplate(name, ['theirs']);
    kit.apply({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: {
        suspend: true,
        template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } },
      },
    });
    const before = kit.getJson('job', name);
    const result = await invokeRaw(kit.suite.app, 'workloads:attach-pull-secrets', {
      context: kit.CONTEXT,
      namespace: kit.NAMESPACE,
      kind: 'Job',
      name,
      secrets: ['mine'],
    });
    expect(result).toMatchObject({ ok: false });
    expect((result as { error: { message: string } }).error.message).toMatch(/Job/);
    const after = kit.getJson('job', name);
    expect(kit.pullSecretNames(after.spec.template.spec)).toEqual(['theirs']);
    expect(after.metadata.generation).toBe(before.metadata.generation);
  });

  it("a Deployment's ReplicaSet is changed through its owner, never directly", async () => {
    const name = kit.unique('owned');
    kit.applyIdleDeployment(name, []);
    const replicaSet = await kit.until(
      () =>
        JSON.parse(kit.kubectl(['get', 'replicasets', '-l', `app=${name}`, '-o', 'json'])) as {
          items: Array<{ metadata: { name: string; resourceVersion: string } }>;
        },
      (list) => list.items.length > 0,
      `the ReplicaSet of ${name}`,
    );
    const rs = replicaSet.items[0]!.metadata.name;
    const result = await invokeRaw(kit.suite.app, 'workloads:attach-pull-secrets', {
      context: kit.CONTEXT,
      namespace: kit.NAMESPACE,
      kind: 'ReplicaSet',
      name: rs,
      secrets: ['mine'],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    expect((result as { error: { message: string } }).error.message).toContain(
      `managed by Deployment "${name}"`,
    );
    expect(kit.pullSecretNames(kit.getJson('replicaset', rs).spec.template.spec)).toEqual([]);
  });

  it('a change made since the version the user saw is a conflict, not a lost entry', async () => {
    const name = kit.unique('seen');
    kit.applyIdleDeployment(name, ['theirs']);
    const seen = kit.getJson('deployment', name).metadata;
    const seenVersion = seen.resourceVersion as string;
    kit.kubectl([
      'patch',
      'deployment',
      name,
      '--type=json',
      '-p',
      '[{"op":"add","path":"/spec/template/spec/imagePullSecrets/-","value":{"name":"added-meanwhile"}}]',
    ]);
    const result = await invokeRaw(kit.suite.app, 'workloads:attach-pull-secrets', {
      context: kit.CONTEXT,
      namespace: kit.NAMESPACE,
      kind: 'Deployment',
      name,
      secrets: ['mine'],
      resourceVersion: seenVersion,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    // The same with the generation the user saw (a spec change since; status writes are fine).
    const byGeneration = await invokeRaw(kit.suite.app, 'workloads:attach-pull-secrets', {
      context: kit.CONTEXT,
      namespace: kit.NAMESPACE,
      kind: 'Deployment',
      name,
      secrets: ['mine'],
      generation: seen.generation,
    });
    expect(byGeneration).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    expect(kit.pullSecretNames(kit.getJson('deployment', name).spec.template.spec)).toEqual([
      'theirs',
      'added-meanwhile',
    ]);
  });
});
