/**
 * Pull secrets PullKey did not write, read the way the kubelet reads them (issue 10): a stale
 * `auth` wins over username/password, and an undecodable secret fails every pull of the pod.
 * Real test cluster, real htpasswd registry, the simulated kubelet running the kubelet's own
 * credential code.
 */
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutView } from '../../electron/core/api/contract';
import { invoke } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { uniqueNames } from '../kit/manifests';

let core: CoreV1Api;
let apps: AppsV1Api;
const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE });
const unique = uniqueNames();
const { basic, alice } = suite;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const created: string[] = [];

/** A dockerconfigjson secret written by hand, as kubectl apply of someone's YAML would. */
async function handWritten(name: string, entry: Record<string, unknown>) {
  await core.createNamespacedSecret({
    namespace: NAMESPACE,
    body: {
      metadata: { name },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { [basic().host]: entry } })) },
    },
  });
  created.push(name);
}

const workload = (name: string, image: string, pullSecrets: string[]) => ({
  kind: 'Deployment' as const,
  name,
  namespace: NAMESPACE,
  image,
  pullSecrets,
  imagePullPolicy: 'Always' as const,
});

async function imageCheck(image: string, pullSecrets: string[]) {
  const preflight = await invoke(suite.app, 'deploy:preflight', {
    context: CONTEXT,
    workload: workload(unique('kubelet'), image, pullSecrets),
    update: false,
  });
  return { ok: preflight.ok, image: preflight.checks.find((check) => check.id === 'image')! };
}

/** Opens the rollout view of Deployment `name` and waits until `done(view)` holds. */
async function rolloutUntil(name: string, done: (view: RolloutView) => boolean) {
  const ref = { context: CONTEXT, namespace: NAMESPACE, kind: 'Deployment' as const, name };
  let last: RolloutView | null = null;
  let stop: () => void = () => undefined;
  const reached = new Promise<RolloutView>((resolve) => {
    stop = suite.app.events.listen((event, payload) => {
      const view = payload as RolloutView;
      if (event !== 'rollout:progress' || view.name !== name) return;
      last = view;
      if (done(view)) resolve(view);
    });
  });
  try {
    const first = await invoke(suite.app, 'rollout:open', ref);
    if (done(first)) return first;
    return await Promise.race([
      reached,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`not reached: ${JSON.stringify(last).slice(0, 1500)}`)),
          40_000,
        ),
      ),
    ]);
  } finally {
    stop();
    await invoke(suite.app, 'rollout:close', ref);
  }
}

beforeAll(async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(suite.state.kubeconfig);
  kc.setCurrentContext(CONTEXT);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
});
afterAll(async () => {
  for (const name of created) {
    await core?.deleteNamespacedSecret({ name, namespace: NAMESPACE }).catch(() => undefined);
  }
});

describe('pull secrets as the kubelet reads them', () => {
  it('a stale auth (other credentials than username/password) is diagnosed before launch with its 401', async () => {
    const secret = unique('stale');
    // The fields hold the right password; auth still encodes an old one. The kubelet uses auth.
    await handWritten(secret, {
      username: 'alice',
      password: alice().password,
      auth: b64('alice:an-old-password'),
    });
    const { ok, image } = await imageCheck(`${basic().host}/team/hello:1.0`, [secret]);
    expect(ok).toBe(false);
    expect(image).toMatchObject({ status: 'fail' });
    expect(image.message).toContain(
      `401 from ${basic().host} with secret ${secret}: password rejected`,
    );
    expect(image.message).toContain('the kubelet uses "auth"');

    // Launched anyway: the rollout says the same.
    const name = unique('stale');
    await invoke(suite.app, 'deploy:apply', {
      context: CONTEXT,
      workload: workload(name, `${basic().host}/team/hello:1.0`, [secret]),
      update: false,
    });
    const view = await rolloutUntil(
      name,
      (v) => v.pods[0]?.diagnosis?.kind === 'credentials-rejected',
    );
    expect(view.pods[0]!.diagnosis!.message).toBe(
      `the registry rejected the credentials in secret "${secret}" for ${basic().host} (the "auth" field of "${secret}" holds other credentials than its username/password, and the kubelet uses "auth")`,
    );
    await apps.deleteNamespacedDeployment({ name, namespace: NAMESPACE });
  });

  it('the other way round: a right auth works even when the fields are wrong', async () => {
    const secret = unique('authok');
    await handWritten(secret, {
      username: 'alice',
      password: 'not-the-password',
      auth: b64(`alice:${alice().password}`),
    });
    const { ok, image } = await imageCheck(`${basic().host}/team/hello:1.0`, [secret]);
    expect(image.message).toContain(`found with secret ${secret}`);
    expect(ok).toBe(true);
  });

  it('a legacy kubernetes.io/dockercfg secret is used, as the kubelet uses it', async () => {
    const secret = unique('legacy');
    await core.createNamespacedSecret({
      namespace: NAMESPACE,
      body: {
        metadata: { name: secret },
        type: 'kubernetes.io/dockercfg',
        data: {
          '.dockercfg': b64(
            JSON.stringify({ [basic().host]: { auth: b64(`alice:${alice().password}`) } }),
          ),
        },
      },
    });
    created.push(secret);
    const { ok, image } = await imageCheck(`${basic().host}/team/hello:1.0`, [secret]);
    expect(image.message).toContain(`found with secret ${secret}`);
    expect(ok).toBe(true);
  });

  it('an undecodable secret: the suggestion and preflight say the kubelet will reject it, and the rollout names it', async () => {
    const good = unique('good');
    const broken = unique('broken');
    await handWritten(good, {
      username: 'alice',
      password: alice().password,
      auth: b64(`alice:${alice().password}`),
    });
    await handWritten(broken, {
      username: 'alice',
      password: alice().password,
      auth: 'not base64!',
    });
    const image = `${basic().host}/team/hello:1.0`;
    const reason = `entry "${basic().host}": auth is not valid base64 (at byte 3)`;

    const suggestion = await invoke(suite.app, 'deploy:suggest', {
      context: CONTEXT,
      namespace: NAMESPACE,
      image,
    });
    expect(suggestion.secrets.find((s) => s.name === broken)?.kubeletRejects).toBe(
      `the kubelet will reject secret ${broken}: ${reason}`,
    );
    expect(suggestion.preselected).toContain(good);
    expect(suggestion.preselected).not.toContain(broken);

    // Alongside a good secret the pull still fails: the kubelet builds no keyring at all.
    const check = await imageCheck(image, [good, broken]);
    expect(check.ok).toBe(false);
    expect(check.image.message).toContain(`the kubelet will reject secret ${broken}: ${reason}`);
    expect(check.image.message).not.toContain('not base64!');

    const name = unique('rejected');
    await invoke(suite.app, 'deploy:apply', {
      context: CONTEXT,
      workload: workload(name, image, [good, broken]),
      update: false,
    });
    // First the kubelet's error alone, then (once the secrets are read) the secret by name.
    const view = await rolloutUntil(
      name,
      (v) =>
        v.pods[0]?.diagnosis?.kind === 'secret-rejected' &&
        v.pods[0].diagnosis.secrets.includes(broken),
    );
    expect(view.pods[0]!.diagnosis).toMatchObject({ kind: 'secret-rejected', secrets: [broken] });
    expect(view.pods[0]!.diagnosis!.message).toContain(
      `the kubelet rejects secret "${broken}": ${reason}`,
    );
    await apps.deleteNamespacedDeployment({ name, namespace: NAMESPACE });
  });
});
