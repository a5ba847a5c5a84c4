/**
 * Fix 2 in core, one previewed write: the dry run answers the target's patch and version (and
 * what the change means for the pods); the write checks that version again before creating
 * anything, creates the registry, then attaches it at that version; refused part way, it says
 * what was done.
 */
import { describe, expect, it } from 'vitest';
import type { WriteReport } from '@core/api/contract';
import type { KubeSession } from '@core/kube/session';
import { attachRegistry, type AttachRegistryInput } from '@core/pulls/fixes/attach-registry';

interface Fake {
  deployment: { metadata: { resourceVersion: string }; spec: object };
  account: { metadata: { resourceVersion: string }; imagePullSecrets?: Array<{ name: string }> };
}

/** A patch request as the fake API reads it: the version the write was made at. */
type Patch = { body: { metadata: { resourceVersion: string } } };

function fakeCluster(fake: Fake, options: { patchFails?: boolean } = {}) {
  const steps: string[] = [];
  const session = {
    call: <T>(request: () => Promise<T>) => request(),
    kubeConfig: { makeApiClient: () => ({}) },
    apps: {
      readNamespacedDeployment: () => Promise.resolve(structuredClone(fake.deployment)),
      patchNamespacedDeployment: ({ body }: Patch) => {
        steps.push(`patch deployment at ${body.metadata.resourceVersion}`);
        if (options.patchFails)
          return Promise.reject(Object.assign(new Error('conflict'), { code: 409 }));
        fake.deployment.metadata.resourceVersion = '43';
        return Promise.resolve(fake.deployment);
      },
    },
    core: {
      readNamespacedServiceAccount: () => Promise.resolve(structuredClone(fake.account)),
      patchNamespacedServiceAccount: ({ body }: Patch) => {
        steps.push(`patch account at ${body.metadata.resourceVersion}`);
        fake.account.metadata.resourceVersion = '13';
        return Promise.resolve(fake.account);
      },
    },
  } as unknown as KubeSession;
  const create = (outcome: string) => (registry: { name: string; namespace: string }) => {
    steps.push(`create ${registry.namespace}/${registry.name}`);
    return Promise.resolve<WriteReport>({
      operationId: 'o',
      results: [
        {
          context: 'alpha',
          namespace: registry.namespace,
          name: registry.name,
          outcome,
        } as WriteReport['results'][number],
      ],
      warnings: [],
    });
  };
  return { session, steps, create };
}

const deployment = () => ({
  metadata: { resourceVersion: '42' },
  spec: { template: { spec: { containers: [{ name: 'app' }] } } },
});
const input: AttachRegistryInput = {
  namespace: 'shop',
  kind: 'Deployment',
  name: 'web',
  serviceAccount: 'builder',
  host: 'r.example',
  username: 'alice',
  secret: 'r-example',
  target: 'workload',
  dryRun: true,
};

/** The confirmed write of `input`, at the version its preview read. */
const writeAt = (resourceVersion: string) => ({ ...input, resourceVersion, dryRun: false });

describe('pulls:attach-registry: create a registry and attach it, one previewed write', () => {
  it('the dry run answers the patch and version, says what the pods lose, creates nothing', async () => {
    const fake = {
      deployment: deployment(),
      account: { metadata: { resourceVersion: '12' }, imagePullSecrets: [{ name: 'sa-cred' }] },
    };
    const { session, steps, create } = fakeCluster(fake);
    const answer = await attachRegistry(session, create('created'), input);
    expect(answer).toMatchObject({
      written: false,
      resourceVersion: '42',
      target: 'workload',
      secret: 'r-example',
      imagePullSecrets: ['r-example'],
      recreate: null,
    });
    expect(answer.preview).toContain('# Creates secret r-example in namespace shop');
    expect(answer.preview).toContain('spec.template.spec.imagePullSecrets');
    expect(answer.warning).toContain('sa-cred from ServiceAccount builder');
    expect(steps).toEqual([]);
  });

  it('the write checks the version, creates the registry, then attaches at that version', async () => {
    const fake = { deployment: deployment(), account: { metadata: { resourceVersion: '12' } } };
    const { session, steps, create } = fakeCluster(fake);
    const answer = await attachRegistry(session, create('created'), {
      ...input,
      resourceVersion: '42',
      dryRun: false,
    });
    expect(steps).toEqual(['create shop/r-example', 'patch deployment at 42']);
    expect(answer).toMatchObject({ written: true, resourceVersion: '43', recreate: null });
  });

  it('nothing is created when the target changed since the preview', async () => {
    const fake = { deployment: deployment(), account: { metadata: { resourceVersion: '12' } } };
    const { session, steps, create } = fakeCluster(fake);
    await expect(attachRegistry(session, create('created'), writeAt('41'))).rejects.toMatchObject({
      code: 'KUBE_CONFLICT',
      message: expect.stringMatching(/^Nothing was created or attached: Deployment "web" changed/),
    });
    expect(steps).toEqual([]);
  });

  it('a registry that cannot be created (a secret of that name exists): nothing attached', async () => {
    const fake = { deployment: deployment(), account: { metadata: { resourceVersion: '12' } } };
    const { session, steps, create } = fakeCluster(fake);
    await expect(attachRegistry(session, create('clash'), writeAt('42'))).rejects.toMatchObject({
      code: 'KUBE_CONFLICT',
      message: expect.stringContaining('Nothing was attached'),
    });
    expect(steps).toEqual(['create shop/r-example']);
  });

  it('an attach refused after the registry was created says so (partial)', async () => {
    const fake = { deployment: deployment(), account: { metadata: { resourceVersion: '12' } } };
    const { session, create } = fakeCluster(fake, { patchFails: true });
    await expect(attachRegistry(session, create('created'), writeAt('42'))).rejects.toMatchObject({
      message: expect.stringMatching(
        /^Registry r-example was created in namespace shop; attaching it was refused: /,
      ),
      details: { partial: true },
    });
  });

  it('to the ServiceAccount: warns when the pods name their own list; the write says to recreate them', async () => {
    const fake = deployment();
    (fake.spec.template.spec as { imagePullSecrets?: object[] }).imagePullSecrets = [
      { name: 'mine' },
    ];
    const cluster = { deployment: fake, account: { metadata: { resourceVersion: '12' } } };
    const { session, steps, create } = fakeCluster(cluster);
    const target = { ...input, target: 'service-account' as const };
    const preview = await attachRegistry(session, create('created'), target);
    expect(preview).toMatchObject({ resourceVersion: '12', written: false, recreate: null });
    expect(preview.preview).toContain('ServiceAccount builder');
    expect(preview.warning).toMatch(/imagePullSecrets of their own \(mine\)/);
    const written = await attachRegistry(session, create('created'), {
      ...target,
      resourceVersion: '12',
      dryRun: false,
    });
    expect(steps).toEqual(['create shop/r-example', 'patch account at 12']);
    expect(written).toMatchObject({
      written: true,
      resourceVersion: '13',
      imagePullSecrets: ['r-example'],
    });
    expect(written.recreate).toMatch(/recreate them \(their Deployment makes new ones\)/);
  });
});
