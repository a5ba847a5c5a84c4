import { describe, expect, it } from 'vitest';
import type { RolloutView } from '../../electron/core/api/contract';
import { invoke } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { aliceCreate, aliceEdit } from './registry-inputs';
import { uniqueNames } from '../kit/manifests';

const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE });
const unique = uniqueNames();
const { basic, alice } = suite;

/** A registry (pull secret) named `<prefix>-…` in the namespace with alice and `password`; its name. */
async function newRegistry(prefix: string, password: string) {
  const name = unique(prefix);
  await invoke(suite.app, 'registries:create', {
    ...aliceCreate(basic(), {
      context: CONTEXT,
      namespace: NAMESPACE,
      name,
      operationId: unique('op'),
    }),
    password,
    skipVerify: true,
  });
  return name;
}

/** Opens the rollout view and waits until `done(view)` holds, collecting every pushed view. */
async function rolloutUntil(
  ref: { kind: 'Deployment' | 'Pod'; name: string },
  done: (view: RolloutView) => boolean,
  timeoutMs = 40_000,
) {
  const full = { context: CONTEXT, namespace: NAMESPACE, ...ref };
  const views: RolloutView[] = [];
  let resolveDone: (view: RolloutView) => void = () => undefined;
  const finished = new Promise<RolloutView>((resolve) => (resolveDone = resolve));
  const stop = suite.app.events.listen((event, payload) => {
    const view = payload as RolloutView;
    if (event === 'rollout:progress' && view.name === ref.name) {
      views.push(view);
      if (done(view)) resolveDone(view);
    }
  });
  const first = await invoke(suite.app, 'rollout:open', full);
  if (done(first)) resolveDone(first);
  const timer = new Promise<never>((_, reject) =>
    setTimeout(
      () =>
        reject(
          new Error(
            `rollout of ${ref.name} not done after ${timeoutMs} ms: ${JSON.stringify(views.at(-1) ?? first, null, 1).slice(0, 2000)}`,
          ),
        ),
      timeoutMs,
    ),
  );
  try {
    return { view: await Promise.race([finished, timer]), views };
  } finally {
    stop();
  }
}

// Always: the node may already hold the image from an earlier test, and we want a real pull.
const workload = (
  name: string,
  image: string,
  pullSecrets: string[],
  kind: 'Deployment' | 'Pod' = 'Deployment',
) => ({
  kind,
  name,
  namespace: NAMESPACE,
  image,
  pullSecrets,
  imagePullPolicy: 'Always' as const,
});

const closeRollout = (kind: 'Deployment' | 'Pod', name: string) =>
  invoke(suite.app, 'rollout:close', { context: CONTEXT, namespace: NAMESPACE, kind, name });
/** The deploy form's preflight and apply of a new workload. */
const preflightOf = (input: ReturnType<typeof workload>) =>
  invoke(suite.app, 'deploy:preflight', { context: CONTEXT, workload: input, update: false });
const applyNew = (input: ReturnType<typeof workload>) =>
  invoke(suite.app, 'deploy:apply', { context: CONTEXT, workload: input, update: false });

describe('deploy a private image and watch the pull', () => {
  it('pre-selects the matching secret, passes preflight, and reaches Ready: Scheduled, Pulling, Pulled, Created, Started', async () => {
    const secret = await newRegistry('good', alice().password);
    const image = `${basic().host}/team/hello:1.0`;
    const suggestion = await invoke(suite.app, 'deploy:suggest', {
      context: CONTEXT,
      namespace: NAMESPACE,
      image,
      name: 'x',
    });
    expect(suggestion.preselected).toContain(secret);
    expect(suggestion.matches.find((match) => match.secret === secret)?.reason).toMatch(
      /matches host/,
    );

    const name = unique('hello');
    const preflight = await preflightOf(workload(name, image, [secret]));
    console.log(`preflight (good credentials): ${preflight.durationMs} ms`);
    expect(preflight).toMatchObject({ ok: true });
    expect(preflight.checks.map((check) => check.status)).toEqual(['ok', 'ok', 'ok']);

    await applyNew(workload(name, image, [secret]));
    // The kubelet's events can trail the pod's status by a few ms: wait for the full timeline.
    const { view } = await rolloutUntil(
      { kind: 'Deployment', name },
      (v) => v.state === 'ready' && v.pods[0]?.steps.length === 6,
    );
    expect(view).toMatchObject({ ready: 1, desired: 1 });
    expect(view.pods[0]!.steps.map((step) => step.step)).toEqual([
      'Scheduled',
      'Pulling',
      'Pulled',
      'Created',
      'Started',
      'Ready',
    ]);
    expect(view.pods[0]!.steps.find((step) => step.step === 'Pulled')!.detail).toMatch(/bytes/);
    expect(view.events.map((event) => event.reason)).toEqual(
      expect.arrayContaining(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']),
    );
    const recent = await invoke(suite.app, 'deploy:recent');
    expect(recent[0]).toMatchObject({ name, kind: 'Deployment', image });
    await closeRollout('Deployment', name);
  });

  it('wrong password: preflight predicts it, the rollout says which secret, and fixing it reaches Ready', async () => {
    const secret = await newRegistry('bad', 'wrong-password');
    const image = `${basic().host}/team/hello:1.1`;
    const name = unique('wrongpw');
    const preflight = await preflightOf(workload(name, image, [secret]));
    expect(preflight.ok).toBe(false);
    expect(preflight.checks.find((check) => check.id === 'image')!.message).toBe(
      `401 from ${basic().host} with secret ${secret}: password rejected`,
    );

    await applyNew(workload(name, image, [secret]));
    const failing = await rolloutUntil(
      { kind: 'Deployment', name },
      (v) => v.pods[0]?.diagnosis?.kind === 'credentials-rejected',
    );
    expect(failing.view.pods[0]!.diagnosis!.message).toBe(
      `the registry rejected the credentials in secret "${secret}" for ${basic().host}`,
    );
    expect(failing.view.state).toBe('failing');

    // Fix the registry, then "Retry now".
    const { copy } = await invoke(suite.app, 'registries:detail', {
      context: CONTEXT,
      namespace: NAMESPACE,
      name: secret,
    });
    await invoke(
      suite.app,
      'registries:edit',
      aliceEdit(basic(), {
        context: CONTEXT,
        namespace: NAMESPACE,
        name: secret,
        operationId: unique('op'),
        resourceVersion: copy.resourceVersion,
      }),
    );
    const retried = await invoke(suite.app, 'rollout:retry', {
      context: CONTEXT,
      namespace: NAMESPACE,
      kind: 'Deployment',
      name,
    });
    expect(retried.deleted).toHaveLength(1);
    const { view } = await rolloutUntil({ kind: 'Deployment', name }, (v) => v.state === 'ready');
    expect(view.ready).toBe(1);
    await closeRollout('Deployment', name);
  });

  it('missing tag: preflight and rollout both name the tags that exist', async () => {
    const secret = await newRegistry('tagcred', alice().password);
    const image = `${basic().host}/team/hello:9.9`;
    const name = unique('notag');
    const preflight = await preflightOf(workload(name, image, [secret]));
    const check = preflight.checks.find((candidate) => candidate.id === 'image')!;
    // The registry's tags (the harness tests may have pushed more than the seeded 1.0 and 1.1).
    expect(check).toMatchObject({ status: 'fail', tags: expect.arrayContaining(['1.0', '1.1']) });
    expect(check.message).toMatch(
      new RegExp(`^tag 9\\.9 not found in ${basic().host}/team/hello; tags: .*1\\.0`),
    );
    await applyNew(workload(name, image, [secret]));
    const { view } = await rolloutUntil(
      { kind: 'Deployment', name },
      (v) =>
        v.pods[0]?.diagnosis?.kind === 'not-found' && (v.pods[0]?.diagnosis?.tags?.length ?? 0) > 0,
    );
    expect(view.pods[0]!.diagnosis).toMatchObject({
      message: `tag 9.9 not found in ${basic().host}/team/hello`,
      tags: expect.arrayContaining(['1.0', '1.1']),
    });
    await closeRollout('Deployment', name);
  });

  it('no secret: preflight and rollout say there are no credentials for the host', async () => {
    const image = `${basic().host}/private/api:2.0`;
    const name = unique('nocred');
    const preflight = await preflightOf(workload(name, image, []));
    expect(preflight.checks.find((check) => check.id === 'image')!.message).toMatch(
      `no credentials for ${basic().host}`,
    );
    await applyNew(workload(name, image, []));
    const { view } = await rolloutUntil(
      { kind: 'Deployment', name },
      (v) => v.pods[0]?.diagnosis?.kind === 'no-credentials',
    );
    expect(view.pods[0]!.diagnosis!.message).toMatch(`no credentials for ${basic().host}`);
    await closeRollout('Deployment', name);
  });

  it('a bare Pod works like the seed pod.yml, and the name is then reported as taken', async () => {
    const secret = await newRegistry('podcred', alice().password);
    const image = `${basic().host}/team/hello:1.0`;
    const name = unique('pod');
    await applyNew(workload(name, image, [secret], 'Pod'));
    const { view } = await rolloutUntil({ kind: 'Pod', name }, (v) => v.state === 'ready');
    expect(view.pods.map((pod) => pod.name)).toEqual([name]);
    const again = await preflightOf(workload(name, image, [secret], 'Pod'));
    expect(again.checks[0]).toMatchObject({
      id: 'name',
      status: 'fail',
      message: expect.stringContaining('already exists'),
    });
    await closeRollout('Pod', name);
  });
});
