/**
 * The deploy form's "Update it" as one previewed write, on the test cluster: `deploy:apply` with
 * `dryRun` changes no resourceVersion kubectl reads and lists no recent deployment; the write
 * answers the resourceVersion it wrote: newer than the one before, and kubectl's now or older
 * (the Deployment controller writes the status right after), never a made-up one.
 */
import { describe, expect, it } from 'vitest';
import { invoke } from './cluster-core';
import * as kit from './safe-writes-kit';

const versionOf = (kind: string, name: string) =>
  kit.kubectl(['get', kind, name, '-o', 'jsonpath={.metadata.resourceVersion}']).trim();
/** Written at `answered`: after `before` (if any), and kubectl's version now or before it. */
function expectWrittenAt(answered: string | null, before: string | null, now: string) {
  expect(answered).not.toBeNull();
  if (before !== null) expect(Number(answered)).toBeGreaterThan(Number(before));
  expect(Number(answered)).toBeLessThanOrEqual(Number(now));
}

describe('deploy:apply with dryRun', () => {
  it('an update: the dry run writes nothing; the write answers the version it wrote', async () => {
    const name = kit.unique('dryupd');
    const secret = kit.unique('reg');
    kit.dockerSecret(secret, 'alice', kit.alice().password);
    kit.applyIdleDeployment(name, []);
    const workload = {
      kind: 'Deployment' as const,
      name,
      namespace: kit.NAMESPACE,
      image: kit.image('1.1'),
      pullSecrets: [secret],
    };
    const preflight = await kit.previewUpdate(workload);
    const seen = preflight.update!.seen;
    const before = versionOf('deployment', name);
    const recentBefore = await invoke(kit.suite.app, 'deploy:recent', undefined);

    const dry = await invoke(kit.suite.app, 'deploy:apply', {
      context: kit.CONTEXT,
      workload,
      update: true,
      seen,
      dryRun: true,
    });
    expect(dry).toMatchObject({ written: false, resourceVersion: before, name });
    expect(dry.preview).toBe(preflight.update!.patch);
    expect(versionOf('deployment', name)).toBe(before);
    expect(kit.getJson('deployment', name).spec.template.spec.containers[0].image).not.toBe(
      workload.image,
    );
    expect(await invoke(kit.suite.app, 'deploy:recent', undefined)).toEqual(recentBefore);

    const wrote = await kit.applyUpdate(workload, seen);
    expect(wrote.written).toBe(true);
    expectWrittenAt(wrote.resourceVersion, before, versionOf('deployment', name));
    expect(kit.getJson('deployment', name).spec.template.spec.containers[0].image).toBe(
      workload.image,
    );
  });

  it('a create: the dry run creates nothing; the write answers the version it wrote', async () => {
    const name = kit.unique('drynew');
    const workload = {
      kind: 'Deployment' as const,
      name,
      namespace: kit.NAMESPACE,
      image: kit.image('1.0'),
      replicas: 0,
      pullSecrets: [],
    };
    const apply = (dryRun: boolean) =>
      invoke(kit.suite.app, 'deploy:apply', {
        context: kit.CONTEXT,
        workload,
        update: false,
        dryRun,
      });
    const dry = await apply(true);
    expect(dry).toMatchObject({ written: false, resourceVersion: null });
    expect(dry.preview).toContain('kind: Deployment');
    expect(kit.exists('deployment', name)).toBe(false);
    const wrote = await apply(false);
    expect(wrote.written).toBe(true);
    expectWrittenAt(wrote.resourceVersion, null, versionOf('deployment', name));
  });
});
