/**
 * The Pull doctor's writes at the version previewed, against the real test cluster, with kubectl
 * as the other writer and the checker: an attach previewed by the back end and changed with
 * kubectl before the write is a conflict that writes nothing; a CronJob whose template was fixed
 * has its older failing Jobs deleted (only the Jobs it controls, with uid and resourceVersion
 * preconditions), a Job changed since the preview is not deleted; fix 2 (`pulls:attach-registry`)
 * creates nothing when the Deployment changed since its preview, and previewed again creates the
 * registry from the saved login and attaches it at the version previewed.
 */
import { describe, expect, it } from 'vitest';
import { invoke } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { deploymentManifest, dockerRegistrySecretArgs, registryUser } from '../kit/manifests';
import { pullsUntil } from './pulls-view';

const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const suffix = Date.now().toString(36);
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE });
const { kubectl, made, jsonOf } = suite;

/**
 * A Deployment of team/hello:1.0 with no pods (replicas 0), once its controller has finished
 * writing it: nothing else writes it then, so the version read is the one a preview answers with.
 */
async function idleDeployment(name: string, pullSecrets: string[]) {
  const image = `${suite.state.registries.basic.host}/team/hello:1.0`;
  const manifest = deploymentManifest(NAMESPACE, name, image, { pullSecrets });
  await kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({ ...manifest, spec: { ...manifest.spec, replicas: 0 } }),
  );
  made.push(['deployment', name]);
  await kubectl([
    'wait',
    '-n',
    NAMESPACE,
    `deployment/${name}`,
    // The controller's last write of a finished rollout.
    '--for=jsonpath={.status.conditions[?(@.type=="Progressing")].reason}=NewReplicaSetAvailable',
    '--timeout=60s',
  ]);
}

type Versioned = { metadata: { resourceVersion: string } };

describe('Pull doctor writes at the version previewed', () => {
  it('attach: a change made with kubectl after the preview is a conflict and nothing is written', async () => {
    const name = `attach-rv-${suffix}`;
    await idleDeployment(name, ['kept']);
    const input = {
      context: CONTEXT,
      namespace: NAMESPACE,
      kind: 'Deployment' as const,
      name,
      secrets: ['added'],
    };
    const seen = await jsonOf<{ metadata: { resourceVersion: string } }>([
      'get',
      'deployment',
      name,
    ]);
    const preview = await invoke(suite.app, 'workloads:attach-pull-secrets', {
      ...input,
      dryRun: true,
    });
    expect(preview).toMatchObject({
      outcome: 'preview',
      before: ['kept'],
      imagePullSecrets: ['kept', 'added'],
      resourceVersion: seen.metadata.resourceVersion,
    });
    // The preview is the patch the write sends, with the version it was read at.
    const shown = 'preview' in preview ? preview.preview : '';
    expect(JSON.parse(shown.slice(shown.indexOf('\n') + 1))).toEqual({
      metadata: { resourceVersion: seen.metadata.resourceVersion },
      spec: { template: { spec: { imagePullSecrets: [{ name: 'kept' }, { name: 'added' }] } } },
    });

    await kubectl(['annotate', 'deployment', name, '-n', NAMESPACE, `changed-by=someone-else`]);
    const resourceVersion = 'resourceVersion' in preview ? preview.resourceVersion! : '';
    await expect(
      invoke(suite.app, 'workloads:attach-pull-secrets', {
        ...input,
        resourceVersion,
        dryRun: true,
      }),
    ).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
    await expect(
      invoke(suite.app, 'workloads:attach-pull-secrets', { ...input, resourceVersion }),
    ).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
    const after = await kubectl([
      'get',
      'deployment',
      name,
      '-n',
      NAMESPACE,
      '-o',
      'jsonpath={.spec.template.spec.imagePullSecrets[*].name}',
    ]);
    expect(after).toBe('kept');

    // Previewed again, at the new version: written.
    const again = await invoke(suite.app, 'workloads:attach-pull-secrets', {
      ...input,
      dryRun: true,
    });
    const written = await invoke(suite.app, 'workloads:attach-pull-secrets', {
      ...input,
      resourceVersion: again.resourceVersion!,
    });
    // One answer for the dry run and the write (a PreviewedWrite): what was written, at which version.
    expect(written).toEqual({
      outcome: 'updated',
      imagePullSecrets: ['kept', 'added'],
      before: ['kept'],
      preview: again.preview,
      written: true,
      resourceVersion: expect.stringMatching(/^\d+$/),
    });
    expect(written.resourceVersion).not.toBe(again.resourceVersion);
  });

  it('attach to a ServiceAccount: the same precondition', async () => {
    const account = `attach-sa-${suffix}`;
    await kubectl(['create', 'serviceaccount', account, '-n', NAMESPACE]);
    made.push(['serviceaccount', account]);
    const input = {
      context: CONTEXT,
      namespace: NAMESPACE,
      serviceAccount: account,
      secrets: ['x'],
    };
    const preview = await invoke(suite.app, 'workloads:attach-service-account', {
      ...input,
      dryRun: true,
    });
    expect(preview).toMatchObject({ outcome: 'preview', before: [], imagePullSecrets: ['x'] });
    await kubectl(['label', 'serviceaccount', account, '-n', NAMESPACE, 'team=other']);
    await expect(
      invoke(suite.app, 'workloads:attach-service-account', {
        ...input,
        resourceVersion: 'resourceVersion' in preview ? preview.resourceVersion! : '',
      }),
    ).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
    const after = await jsonOf<{ imagePullSecrets?: unknown }>(['get', 'serviceaccount', account]);
    expect(after.imagePullSecrets).toBeUndefined();
  });

  it('a fixed CronJob: its older failing Jobs are deleted, only those it controls', async () => {
    const name = `nightly-${suffix}`;
    const secret = `cron-cred-${suffix}`;
    const registry = suite.state.registries.basic;
    const alice = registryUser(registry);
    await kubectl(dockerRegistrySecretArgs(NAMESPACE, secret, registry.host, alice));
    made.push(['secret', secret]);
    const podTemplate = (image: string) => ({
      spec: {
        restartPolicy: 'Never',
        imagePullSecrets: [{ name: secret }],
        containers: [{ name: 'app', image }],
      },
    });
    const oldImage = `${registry.host}/team/hello:9.9`;
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name, namespace: NAMESPACE },
        spec: {
          schedule: '0 0 1 1 *',
          jobTemplate: { spec: { backoffLimit: 0, template: podTemplate(oldImage) } },
        },
      }),
    );
    made.push(['cronjob', name]);
    // Started by hand from the CronJob (kubectl makes it controlled by the CronJob), and a
    // look-alike Job with the same image and labels that the CronJob does not control.
    const started = `${name}-manual`;
    await kubectl(['create', 'job', started, `--from=cronjob/${name}`, '-n', NAMESPACE]);
    made.push(['job', started]);
    const lookalike = `${name}-lookalike`;
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: lookalike, namespace: NAMESPACE },
        spec: { backoffLimit: 0, template: podTemplate(oldImage) },
      }),
    );
    made.push(['job', lookalike]);
    await pullsUntil(
      suite.app,
      CONTEXT,
      (view) => view.failing.some((item) => item.kind === 'CronJob' && item.name === name),
      'CronJob failing',
    );
    const ref = { context: CONTEXT, namespace: NAMESPACE, kind: 'CronJob' as const, name };
    expect((await invoke(suite.app, 'pulls:detail', ref)).staleJobs).toBeNull();

    // The image is fixed; the Job started before keeps the old template and keeps failing.
    const setImage = { ...ref, container: 'app', image: `${registry.host}/team/hello:1.1` };
    const seen = await invoke(suite.app, 'pulls:set-image', { ...setImage, dryRun: true });
    await invoke(suite.app, 'pulls:set-image', {
      ...setImage,
      resourceVersion: seen.resourceVersion!,
      dryRun: false,
    });
    const detail = await invoke(suite.app, 'pulls:detail', ref);
    expect(detail.staleJobs).toMatchObject({ cronJob: name, jobs: [started] });
    expect(detail.fixes[0]).toBe('stale-jobs');

    const input = { context: CONTEXT, namespace: NAMESPACE, cronJob: name };
    const preview = await invoke(suite.app, 'pulls:delete-stale-jobs', { ...input, dryRun: true });
    expect(preview.jobs.map((job) => job.name)).toEqual([started]);
    expect(preview.preview).toContain(`- Job ${started} (uid ${preview.jobs[0]!.uid}`);

    // Changed with kubectl after the preview: not deleted, and the answer says so for that Job.
    await kubectl(['label', 'job', started, '-n', NAMESPACE, 'seen-by=someone-else']);
    const refused = await invoke(suite.app, 'pulls:delete-stale-jobs', {
      ...input,
      jobs: preview.jobs,
      dryRun: false,
    });
    expect(refused.outcomes).toEqual([{ name: started, result: 'changed' }]);
    expect(refused.written).toBe(false);
    expect(refused.summary).toContain(
      `Nothing was deleted. Job ${started} changed since the preview`,
    );
    expect(await kubectl(['get', 'job', started, '-n', NAMESPACE, '-o', 'name'])).toBe(
      `job.batch/${started}\n`,
    );

    const fresh = await invoke(suite.app, 'pulls:delete-stale-jobs', { ...input, dryRun: true });
    const deleted = await invoke(suite.app, 'pulls:delete-stale-jobs', {
      ...input,
      jobs: fresh.jobs,
      dryRun: false,
    });
    expect(deleted.deleted).toEqual([started]);
    expect(deleted.summary).toBe(`Deleted Job ${started}.`);
    await kubectl(['wait', '--for=delete', `job/${started}`, '-n', NAMESPACE, '--timeout=60s']);
    expect(await kubectl(['get', 'job', lookalike, '-n', NAMESPACE, '-o', 'name'])).toBe(
      `job.batch/${lookalike}\n`,
    );
    expect(await kubectl(['get', 'cronjob', name, '-n', NAMESPACE, '-o', 'name'])).toBe(
      `cronjob.batch/${name}\n`,
    );
  });

  it('fix 2 (create a registry, attach it): changed since the preview, nothing is created', async () => {
    const registry = suite.state.registries.basic;
    const alice = registryUser(registry);
    // The login is saved in the keychain by a create (fix 2 makes its registry from it).
    const saved = `saved-${suffix}`;
    await invoke(suite.app, 'registries:create', {
      context: CONTEXT,
      operationId: `save-${suffix}`,
      name: saved,
      scope: { kind: 'namespace', namespace: NAMESPACE },
      host: registry.host,
      username: alice.username,
      password: alice.password,
    });
    made.push(['secret', saved]);
    const name = `fix2-${suffix}`;
    await idleDeployment(name, []);
    const secret = `fix2-cred-${suffix}`;
    made.push(['secret', secret]);
    const input = {
      context: CONTEXT,
      namespace: NAMESPACE,
      kind: 'Deployment' as const,
      name,
      serviceAccount: 'default',
      host: registry.host,
      username: alice.username,
      secret,
      target: 'workload' as const,
    };
    const seen = await jsonOf<Versioned>(['get', 'deployment', name]);
    const preview = await invoke(suite.app, 'pulls:attach-registry', { ...input, dryRun: true });
    expect(preview).toMatchObject({
      written: false,
      resourceVersion: seen.metadata.resourceVersion,
      imagePullSecrets: [secret],
      recreate: null,
    });
    expect(preview.preview).toContain(`# Creates secret ${secret} in namespace ${NAMESPACE}`);
    expect(preview.preview).not.toContain(alice.password);

    await kubectl(['annotate', 'deployment', name, '-n', NAMESPACE, 'changed-by=someone-else']);
    await expect(
      invoke(suite.app, 'pulls:attach-registry', {
        ...input,
        resourceVersion: preview.resourceVersion!,
        dryRun: false,
      }),
    ).rejects.toMatchObject({
      code: 'KUBE_CONFLICT',
      message: expect.stringMatching(/^Nothing was created or attached: /),
    });
    await expect(jsonOf(['get', 'secret', secret])).rejects.toThrow(/NotFound|not found/);

    const again = await invoke(suite.app, 'pulls:attach-registry', { ...input, dryRun: true });
    const written = await invoke(suite.app, 'pulls:attach-registry', {
      ...input,
      resourceVersion: again.resourceVersion!,
      dryRun: false,
    });
    const after = await jsonOf<
      Versioned & { spec: { template: { spec: { imagePullSecrets?: Array<{ name: string }> } } } }
    >(['get', 'deployment', name]);
    expect(after.spec.template.spec.imagePullSecrets).toEqual([{ name: secret }]);
    // The version it wrote (its controller may have written the status since).
    expect(written).toMatchObject({
      written: true,
      resourceVersion: expect.stringMatching(/^\d+$/),
      imagePullSecrets: [secret],
    });
    expect(written.resourceVersion).not.toBe(again.resourceVersion);
    const created = await jsonOf<{ type: string; metadata: { labels: Record<string, string> } }>([
      'get',
      'secret',
      secret,
    ]);
    expect(created.type).toBe('kubernetes.io/dockerconfigjson');
    expect(created.metadata.labels['app.kubernetes.io/managed-by']).toBe('pullkey');
  });
});
