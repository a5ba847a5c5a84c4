/**
 * Issue 10, "never damage what users already run": every object here is made with kubectl (what
 * users have), then PullKey writes through its router, and kubectl checks the result.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ChannelInput, RegistryCopy } from '../../electron/core/api/contract';
import { invoke, invokeRaw } from './cluster-core';
import { clusterSuite } from './cluster-suite';

const CONTEXT = 'alpha-admin';
// A namespace of its own: the secrets made here do not crowd the other tests' namespaces.
const NAMESPACE = `safe-writes-${Date.now().toString(36)}`;
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE, ownNamespace: true });
let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${++seq}`;
const op = () => unique('op');
const basic = () => suite.state.registries.basic;
const alice = () => basic().users.find((user) => user.username === 'alice')!;

function kubectl(args: string[], input?: string): string {
  return execFileSync(
    suite.state.kubectl,
    ['--kubeconfig', suite.state.kubeconfig, '--context', CONTEXT, '-n', NAMESPACE, ...args],
    { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] },
  );
}
const apply = (manifest: object) => kubectl(['apply', '-f', '-'], JSON.stringify(manifest));
// kubectl's JSON, read loosely as the tests compare whole parts of it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const getJson = <T = Record<string, any>>(kind: string, name: string): T =>
  JSON.parse(kubectl(['get', kind, name, '-o', 'json'])) as T;
const exists = (kind: string, name: string) => {
  try {
    kubectl(['get', kind, name, '-o', 'name']);
    return true;
  } catch {
    return false;
  }
};
const pullSecretNames = (spec: { imagePullSecrets?: Array<{ name: string }> } | undefined) =>
  (spec?.imagePullSecrets ?? []).map((ref) => ref.name);

/** A registry secret made with kubectl create secret docker-registry. */
function dockerSecret(name: string, username: string, password: string) {
  kubectl([
    'create',
    'secret',
    'docker-registry',
    name,
    `--docker-server=${basic().host}`,
    `--docker-username=${username}`,
    `--docker-password=${password}`,
  ]);
}
function secretConfig(name: string): { auths: Record<string, Record<string, string>> } {
  const encoded = kubectl(['get', 'secret', name, '-o', 'jsonpath={.data.\\.dockerconfigjson}']);
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as {
    auths: Record<string, Record<string, string>>;
  };
}
/** The copy as the registries list shows it (once the namespace watch knows the namespace). */
async function listedCopy(name: string): Promise<RegistryCopy> {
  const copy = await until(
    async () =>
      (await invoke(suite.app, 'registries:list', { context: CONTEXT, refresh: true })).groups
        .flatMap((group) => group.copies)
        .find((candidate) => candidate.namespace === NAMESPACE && candidate.name === name),
    (found) => found !== undefined,
    `${name} in the registries list`,
  );
  return copy!;
}

/** Waits for a condition read from the cluster (no fixed sleeps). */
async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 60_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // not there yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)?.slice(0, 500)}`);
}

type Workload = ChannelInput<'deploy:preflight'>['workload'];
type Seen = NonNullable<ChannelInput<'deploy:apply'>['seen']>;
/** The form's "Update it" preview, then the update with what the preview saw. */
const previewUpdate = (workload: Workload) =>
  invoke(suite.app, 'deploy:preflight', { context: CONTEXT, workload, update: true });
const applyUpdateRaw = (workload: Workload, seen: Seen) =>
  invokeRaw(suite.app, 'deploy:apply', { context: CONTEXT, workload, update: true, seen });
const applyUpdate = (workload: Workload, seen: Seen) =>
  invoke(suite.app, 'deploy:apply', { context: CONTEXT, workload, update: true, seen });

const image = (tag = '1.0') => `${basic().host}/team/hello:${tag}`;
const podTemplate = (name: string, pullSecrets: string[]) => ({
  metadata: { labels: { app: name }, annotations: { 'team.example/owner': 'ops' } },
  spec: {
    serviceAccountName: 'default',
    imagePullSecrets: pullSecrets.map((secret) => ({ name: secret })),
    volumes: [{ name: 'cache', emptyDir: {} }],
    containers: [
      {
        name: 'hello',
        image: image(),
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
        readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 30 },
        volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
        env: [{ name: 'KEEP_ME', value: 'yes' }],
      },
      { name: 'proxy', image: `${basic().host}/team/hello:1.1`, args: ['--sidecar'] },
    ],
  },
});
/** A bare Pod made with kubectl, as a user would have it (sidecar, volume, annotations). */
function applyBarePod(name: string, pullSecrets: string[]) {
  const template = podTemplate(name, pullSecrets);
  apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...template.metadata },
    spec: template.spec,
  });
}
/** The deploy form's input that updates a Pod to image 1.1. */
const podUpdate = (name: string, pullSecrets: string[]) => ({
  kind: 'Pod' as const,
  name,
  namespace: NAMESPACE,
  image: image('1.1'),
  pullSecrets,
});

beforeAll(async () => {
  // Pods can be created once the namespace's default ServiceAccount exists.
  await until(
    () => kubectl(['get', 'serviceaccount', 'default', '-o', 'name']),
    (out) => out.trim() === 'serviceaccount/default',
    'the default ServiceAccount',
  );
});

describe('updating a workload that already exists', () => {
  it('a kubectl Deployment keeps its sidecar, volume, resources, probe, account, labels and annotations, and gains the pull secret', async () => {
    const name = unique('kept');
    const secret = unique('reg');
    dockerSecret(secret, 'alice', alice().password);
    apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: { team: 'blue' }, annotations: { 'team.example/ticket': 'T-1' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: podTemplate(name, ['theirs']),
      },
    });
    const before = getJson('deployment', name);

    const workload = {
      kind: 'Deployment' as const,
      name,
      namespace: NAMESPACE,
      image: image('1.1'),
      replicas: 2,
      env: [{ name: 'MODE', value: 'prod' }],
      pullSecrets: [secret],
    };
    const suggestion = await invoke(suite.app, 'deploy:suggest', {
      context: CONTEXT,
      namespace: NAMESPACE,
      image: workload.image,
      name,
    });
    expect(suggestion.existing).toMatchObject({
      kind: 'Deployment',
      container: 'hello',
      containers: ['hello', 'proxy'],
      owner: null,
    });
    const preflight = await previewUpdate(workload);
    expect(preflight.update).toMatchObject({ action: 'patch', seen: { container: 'hello' } });
    expect(preflight.update!.patch).toContain('strategic-merge patch');
    // The patch names one container (the form's); the sidecar appears only in the order list.
    const sent = parse(preflight.update!.patch) as {
      spec: { template: { spec: { containers: Array<{ name: string }> } } };
    };
    expect(sent.spec.template.spec.containers.map((c) => c.name)).toEqual(['hello']);

    await applyUpdate(workload, preflight.update!.seen);
    const after = getJson('deployment', name);
    const spec = after.spec.template.spec;
    expect(spec.containers.map((c: { name: string }) => c.name)).toEqual(['hello', 'proxy']);
    expect(spec.containers[0]).toMatchObject({
      image: image('1.1'),
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
    expect(pullSecretNames(spec)).toEqual(['theirs', secret]);
    expect(after.spec.replicas).toBe(2);
    expect(after.spec.selector).toEqual(before.spec.selector);
    expect(after.metadata.labels).toEqual(before.metadata.labels);
    expect(after.metadata.annotations['team.example/ticket']).toBe('T-1');
    expect(after.spec.template.metadata).toEqual(before.spec.template.metadata);
    // PullKey's write is recorded under its own field manager.
    const managers = JSON.parse(
      kubectl(['get', 'deployment', name, '-o', 'json', '--show-managed-fields']),
    ).metadata.managedFields.map((entry: { manager: string }) => entry.manager);
    expect(managers).toContain('pullkey');
  });

  it('a change made after the preview is reported with what changed, never overwritten', async () => {
    const name = unique('raced');
    apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: { selector: { matchLabels: { app: name } }, template: podTemplate(name, []) },
    });
    const workload = {
      kind: 'Deployment' as const,
      name,
      namespace: NAMESPACE,
      image: image('1.1'),
      pullSecrets: [],
    };
    const preflight = await previewUpdate(workload);
    kubectl(['set', 'image', `deployment/${name}`, 'proxy=busybox:9']);
    const result = await applyUpdateRaw(workload, preflight.update!.seen);
    expect(result).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    const message = (result as { error: { message: string } }).error.message;
    expect(message).toContain('spec.template.spec.containers[proxy].image');
    expect(message).toMatch(/kubectl/);
    const after = getJson('deployment', name);
    expect(after.spec.template.spec.containers[0].image).toBe(image());
    expect(after.spec.template.spec.containers[1].image).toBe('busybox:9');
  });

  it("a StatefulSet's pod db-0 is never offered for update; the owner is named", async () => {
    const name = unique('db');
    apply({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name },
      spec: {
        serviceName: name,
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: podTemplate(name, []),
      },
    });
    const pod = `${name}-0`;
    const original = await until(
      () => getJson('pod', pod),
      (value) => !!value.metadata?.uid,
      `pod ${pod}`,
    );
    const suggestion = await invoke(suite.app, 'deploy:suggest', {
      context: CONTEXT,
      namespace: NAMESPACE,
      image: image('1.1'),
      name: pod,
    });
    expect(suggestion.existing).toMatchObject({
      kind: 'Pod',
      owner: { kind: 'StatefulSet', name },
    });
    const workload = podUpdate(pod, []);
    const preflight = await previewUpdate(workload);
    expect(preflight.ok).toBe(false);
    expect(preflight.update ?? null).toBeNull();
    expect(preflight.checks[0]!.message).toContain(`managed by StatefulSet "${name}"`);
    const result = await applyUpdateRaw(workload, {
      uid: original.metadata.uid,
      resourceVersion: original.metadata.resourceVersion,
      container: 'hello',
      fingerprint: 'x',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    const now = getJson('pod', pod);
    expect(now.metadata.uid).toBe(original.metadata.uid);
    expect(now.spec.containers[0].image).toBe(image());
  });

  it('a bare Pod is replaced only after the new one passed a dry run, keeping its sidecar and volume', async () => {
    const name = unique('bare');
    const secret = unique('reg');
    dockerSecret(secret, 'alice', alice().password);
    applyBarePod(name, ['theirs']);
    const original = getJson('pod', name);
    const workload = podUpdate(name, [secret]);
    const preflight = await previewUpdate(workload);
    expect(preflight.update).toMatchObject({ action: 'replace' });
    await applyUpdate(workload, preflight.update!.seen);
    const now = getJson('pod', name);
    expect(now.metadata.uid).not.toBe(original.metadata.uid);
    expect(now.spec.containers.map((c: { name: string }) => c.name)).toEqual(['hello', 'proxy']);
    expect(now.spec.containers[0].image).toBe(image('1.1'));
    expect(now.spec.containers[0].resources).toEqual(original.spec.containers[0].resources);
    expect(now.spec.volumes.map((v: { name: string }) => v.name)).toContain('cache');
    expect(pullSecretNames(now.spec)).toEqual(['theirs', secret]);
    expect(now.metadata.annotations['team.example/owner']).toBe('ops');
  });

  it('a bare Pod whose only change is the image is patched in place (same uid)', async () => {
    const name = unique('inplace');
    applyBarePod(name, ['theirs']);
    const original = getJson('pod', name);
    const workload = podUpdate(name, ['theirs']);
    const preflight = await previewUpdate(workload);
    expect(preflight.update).toMatchObject({ action: 'patch' });
    await applyUpdate(workload, preflight.update!.seen);
    const now = getJson('pod', name);
    expect(now.metadata.uid).toBe(original.metadata.uid);
    expect(now.spec.containers.map((c: { image: string }) => c.image)).toEqual([
      image('1.1'),
      original.spec.containers[1].image,
    ]);
  });

  it('a bare Pod that cannot be replaced is left as it is, and the form says why', async () => {
    const name = unique('stuck');
    const account = unique('sa');
    kubectl(['create', 'serviceaccount', account]);
    const template = podTemplate(name, []);
    apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { ...template.spec, serviceAccountName: account },
    });
    const original = getJson('pod', name);
    // The account is gone: the API server refuses any new Pod that names it.
    kubectl(['delete', 'serviceaccount', account]);
    const workload = {
      kind: 'Pod' as const,
      name,
      namespace: NAMESPACE,
      image: image('1.1'),
      pullSecrets: [],
      env: [{ name: 'NEW', value: '1' }],
    };
    const preflight = await previewUpdate(workload);
    expect(preflight.checks[0]).toMatchObject({ id: 'name', status: 'fail' });
    expect(preflight.checks[0]!.message).toMatch(/cannot be replaced.*left as it is/);
    const result = await applyUpdateRaw(workload, preflight.update!.seen);
    expect(result).toMatchObject({ ok: false });
    expect((result as { error: { message: string } }).error.message).toMatch(
      /cannot be replaced.*left as it is/,
    );
    expect(getJson('pod', name).metadata.uid).toBe(original.metadata.uid);
  });
});

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
      const name = unique(kind.toLowerCase());
      const template = podTemplate(name, ['theirs', 'also-theirs']);
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
      apply({ apiVersion, kind, metadata: { name }, spec });
      const result = await invoke(suite.app, 'workloads:attach-pull-secrets', {
        context: CONTEXT,
        namespace: NAMESPACE,
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
      const object = getJson(kind.toLowerCase(), name);
      const podSpec =
        kind === 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec;
      expect(pullSecretNames(podSpec)).toEqual(['theirs', 'also-theirs', 'mine']);
      expect(podSpec.containers.map((c: { name: string }) => c.name)).toEqual(['hello', 'proxy']);
      // Again: nothing to add, nothing written.
      const again = await invoke(suite.app, 'workloads:attach-pull-secrets', {
        context: CONTEXT,
        namespace: NAMESPACE,
        kind,
        name,
        secrets: ['mine'],
      });
      expect(again.outcome).toBe('unchanged');
      // (Controllers keep writing status; the generation counts spec writes only.)
      expect(getJson(kind.toLowerCase(), name).metadata.generation).toBe(
        object.metadata.generation,
      );
    });
  }

  it('Job: its pod template cannot change, so the Job is left as it is and the refusal says why', async () => {
    const name = unique('job');
    const template = podTemplate(name, ['theirs']);
    apply({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: {
        suspend: true,
        template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } },
      },
    });
    const before = getJson('job', name);
    const result = await invokeRaw(suite.app, 'workloads:attach-pull-secrets', {
      context: CONTEXT,
      namespace: NAMESPACE,
      kind: 'Job',
      name,
      secrets: ['mine'],
    });
    expect(result).toMatchObject({ ok: false });
    expect((result as { error: { message: string } }).error.message).toMatch(/Job/);
    const after = getJson('job', name);
    expect(pullSecretNames(after.spec.template.spec)).toEqual(['theirs']);
    expect(after.metadata.generation).toBe(before.metadata.generation);
  });

  it("a Deployment's ReplicaSet is changed through its owner, never directly", async () => {
    const name = unique('owned');
    apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: name } },
        template: podTemplate(name, []),
      },
    });
    const replicaSet = await until(
      () =>
        JSON.parse(kubectl(['get', 'replicasets', '-l', `app=${name}`, '-o', 'json'])) as {
          items: Array<{ metadata: { name: string; resourceVersion: string } }>;
        },
      (list) => list.items.length > 0,
      `the ReplicaSet of ${name}`,
    );
    const rs = replicaSet.items[0]!.metadata.name;
    const result = await invokeRaw(suite.app, 'workloads:attach-pull-secrets', {
      context: CONTEXT,
      namespace: NAMESPACE,
      kind: 'ReplicaSet',
      name: rs,
      secrets: ['mine'],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    expect((result as { error: { message: string } }).error.message).toContain(
      `managed by Deployment "${name}"`,
    );
    expect(pullSecretNames(getJson('replicaset', rs).spec.template.spec)).toEqual([]);
  });

  it('a change made since the version the user saw is a conflict, not a lost entry', async () => {
    const name = unique('seen');
    apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: name } },
        template: podTemplate(name, ['theirs']),
      },
    });
    const seen = getJson('deployment', name).metadata;
    const seenVersion = seen.resourceVersion as string;
    kubectl([
      'patch',
      'deployment',
      name,
      '--type=json',
      '-p',
      '[{"op":"add","path":"/spec/template/spec/imagePullSecrets/-","value":{"name":"added-meanwhile"}}]',
    ]);
    const result = await invokeRaw(suite.app, 'workloads:attach-pull-secrets', {
      context: CONTEXT,
      namespace: NAMESPACE,
      kind: 'Deployment',
      name,
      secrets: ['mine'],
      resourceVersion: seenVersion,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    // The same with the generation the user saw (a spec change since; status writes are fine).
    const byGeneration = await invokeRaw(suite.app, 'workloads:attach-pull-secrets', {
      context: CONTEXT,
      namespace: NAMESPACE,
      kind: 'Deployment',
      name,
      secrets: ['mine'],
      generation: seen.generation,
    });
    expect(byGeneration).toMatchObject({ ok: false, error: { code: 'KUBE_CONFLICT' } });
    expect(pullSecretNames(getJson('deployment', name).spec.template.spec)).toEqual([
      'theirs',
      'added-meanwhile',
    ]);
  });
});

describe('every registry write has a precondition', () => {
  it('delete of an Opaque secret is refused', async () => {
    const name = unique('opaque');
    kubectl(['create', 'secret', 'generic', name, '--from-literal=password=keep-me']);
    const secret = getJson('secret', name);
    const report = await invoke(suite.app, 'registries:delete', {
      context: CONTEXT,
      operationId: op(),
      copies: [
        {
          namespace: NAMESPACE,
          name,
          uid: secret.metadata.uid,
          resourceVersion: secret.metadata.resourceVersion,
        },
      ],
    });
    expect(report.results).toMatchObject([{ outcome: 'clash' }]);
    expect(report.results[0]!.message).toMatch(/Opaque/);
    expect(exists('secret', name)).toBe(true);
  });

  it('a secret changed after listing is not deleted; as listed, it is', async () => {
    const changed = unique('changed');
    const same = unique('same');
    dockerSecret(changed, 'alice', 'pw');
    dockerSecret(same, 'alice', 'pw');
    const [seenChanged, seenSame] = [await listedCopy(changed), await listedCopy(same)];
    kubectl(['annotate', 'secret', changed, 'team.example/note=edited-after-listing']);
    const report = await invoke(suite.app, 'registries:delete', {
      context: CONTEXT,
      operationId: op(),
      copies: [seenChanged, seenSame].map((copy) => ({
        namespace: copy.namespace,
        name: copy.name,
        uid: copy.uid,
        resourceVersion: copy.resourceVersion,
      })),
    });
    const outcome = (name: string) => report.results.find((result) => result.name === name);
    expect(outcome(changed)).toMatchObject({ outcome: 'conflict' });
    expect(outcome(changed)!.message).toMatch(/changed since you looked/);
    expect(outcome(same)).toMatchObject({ outcome: 'deleted' });
    expect(exists('secret', changed)).toBe(true);
    expect(exists('secret', same)).toBe(false);
  });

  it('rotate with a wrong password writes nothing, not even the keychain', async () => {
    const name = unique('rotwrong');
    dockerSecret(name, 'alice', 'stale-password');
    await listedCopy(name);
    const before = getJson('secret', name);
    const scan = await invoke(suite.app, 'registries:rotate-scan', {
      host: basic().host,
      username: 'alice',
      contexts: [CONTEXT],
    });
    const targets = scan.targets.filter((target) => target.name === name);
    expect(targets).toHaveLength(1);
    const saved = await suite.app.vault.get(basic().host, 'alice').catch(() => null);
    const result = await invokeRaw(suite.app, 'registries:rotate', {
      operationId: op(),
      host: basic().host,
      username: 'alice',
      password: 'not-the-password',
      targets,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'REGISTRY_UNAUTHORIZED' } });
    expect(getJson('secret', name).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(secretConfig(name).auths[basic().host]!.password).toBe('stale-password');
    await expect(suite.app.vault.get(basic().host, 'alice').catch(() => null)).resolves.toBe(saved);
  });

  it('a secret deleted or changed after the rotate scan is not recreated or overwritten', async () => {
    const deleted = unique('rotdel');
    const changed = unique('rotchg');
    const kept = unique('rotok');
    for (const name of [deleted, changed, kept]) dockerSecret(name, 'alice', 'stale-password');
    for (const name of [deleted, changed, kept]) await listedCopy(name);
    const scan = await invoke(suite.app, 'registries:rotate-scan', {
      host: basic().host,
      username: 'alice',
      contexts: [CONTEXT],
    });
    const targets = scan.targets.filter((target) => [deleted, changed, kept].includes(target.name));
    expect(targets).toHaveLength(3);
    kubectl(['delete', 'secret', deleted]);
    // Someone moves the secret to another login meanwhile: the entry for alice is removed.
    const otherConfig = JSON.stringify({
      auths: { 'other.example:5000': { username: 'bob', password: 'x', auth: btoa('bob:x') } },
    });
    kubectl([
      'patch',
      'secret',
      changed,
      '--type=merge',
      '-p',
      JSON.stringify({ data: { '.dockerconfigjson': btoa(otherConfig) } }),
    ]);
    const report = await invoke(suite.app, 'registries:rotate', {
      operationId: op(),
      host: basic().host,
      username: 'alice',
      password: alice().password,
      targets,
    });
    const outcome = (name: string) => report.results.find((result) => result.name === name);
    expect(outcome(deleted)).toMatchObject({ outcome: 'not-found' });
    expect(outcome(changed)).toMatchObject({ outcome: 'conflict' });
    expect(outcome(kept)).toMatchObject({ outcome: 'updated' });
    expect(exists('secret', deleted)).toBe(false);
    expect(Object.keys(secretConfig(changed).auths)).toEqual(['other.example:5000']);
    expect(secretConfig(kept).auths[basic().host]!.password).toBe(alice().password);
    // One write succeeded: the keychain now holds the new password.
    await expect(suite.app.vault.get(basic().host, 'alice')).resolves.toBe(alice().password);
  });

  it('sync copies from the copy the user chose, and only onto copies as the user saw them', async () => {
    const project = unique('proj');
    const name = unique('synced');
    await invoke(suite.app, 'projects:create', {
      context: CONTEXT,
      name: project,
      namespaces: ['sandbox', 'team2-app'],
    });
    try {
      await invoke(suite.app, 'registries:create', {
        context: CONTEXT,
        operationId: op(),
        name,
        scope: { kind: 'project', project, projectKind: 'pullkey' },
        host: basic().host,
        username: 'alice',
        password: 'first-password',
        skipVerify: true,
      });
      // managedFields times have a resolution of one second: let the hand edit be later.
      const createdAt = Math.floor(Date.now() / 1000);
      await until(
        () => Math.floor(Date.now() / 1000),
        (second) => second > createdAt,
        'the next second',
      );
      // A user edits the team2-app copy by hand: the copies now differ.
      const edited = JSON.stringify({
        auths: {
          [basic().host]: {
            username: 'alice',
            password: 'hand-edited',
            auth: btoa('alice:hand-edited'),
          },
        },
      });
      execFileSync(suite.state.kubectl, [
        '--kubeconfig',
        suite.state.kubeconfig,
        '--context',
        CONTEXT,
        '-n',
        'team2-app',
        'patch',
        'secret',
        name,
        '--type=merge',
        '-p',
        JSON.stringify({ data: { '.dockerconfigjson': btoa(edited) } }),
      ]);
      const list = await invoke(suite.app, 'registries:list', { context: CONTEXT, refresh: true });
      const group = list.groups.find(
        (candidate) => candidate.name === name && candidate.scope.kind === 'project',
      )!;
      // The hand edit is the most recent write: it is the default source, so sandbox is stale.
      expect(group.sync!.stale).toEqual(['sandbox']);
      // The user chooses the sandbox copy instead.
      const source = group.copies.find((copy) => copy.namespace === 'sandbox')!;
      const report = await invoke(suite.app, 'registries:sync', {
        context: CONTEXT,
        operationId: op(),
        name,
        project,
        projectKind: 'pullkey',
        source: { namespace: 'sandbox', resourceVersion: source.resourceVersion },
        copies: group.copies.map((copy) => ({
          namespace: copy.namespace,
          name: copy.name,
          uid: copy.uid,
          resourceVersion: copy.resourceVersion,
        })),
      });
      expect(report.results).toMatchObject([{ namespace: 'team2-app', outcome: 'updated' }]);
      const encoded = execFileSync(
        suite.state.kubectl,
        [
          '--kubeconfig',
          suite.state.kubeconfig,
          '--context',
          CONTEXT,
          '-n',
          'team2-app',
          'get',
          'secret',
          name,
          '-o',
          'jsonpath={.data.\\.dockerconfigjson}',
        ],
        { encoding: 'utf8' },
      );
      expect(JSON.parse(atob(encoded)).auths[basic().host].password).toBe('first-password');
    } finally {
      await invoke(suite.app, 'projects:dissolve', { context: CONTEXT, name: project });
      for (const namespace of ['sandbox', 'team2-app'])
        execFileSync(suite.state.kubectl, [
          '--kubeconfig',
          suite.state.kubeconfig,
          '--context',
          CONTEXT,
          '-n',
          namespace,
          'delete',
          'secret',
          name,
          '--ignore-not-found',
        ]);
    }
  });
});
