// @vitest-environment jsdom
/**
 * The deploy store owns the deploy form's calls: debounced suggestions, tags and preflight while
 * the form follows the draft, and the launch. Driven through a fake `window.pullkey`.
 */
import { describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type {
  DeploySuggestion,
  NamespacesList,
  PreflightResult,
  PullkeyBridge,
} from '@core/api/contract';
import { useDeployStore } from '@renderer/features/deploy/store';
import { useNotificationsStore } from '@renderer/stores/notifications';
import { freshStoreEachTest, selectAlpha } from './store-setup';

const namespaces: NamespacesList = {
  context: 'alpha',
  scope: 'cluster',
  note: null,
  projects: [],
  namespaces: ['team1-ro', 'team1-dev'].map((name) => ({
    name,
    phase: 'Active',
    projects: { rancher: null, pullkey: null },
    access: {
      secrets: { list: true, create: true, update: true },
      deployments: { create: name === 'team1-dev', update: name === 'team1-dev' },
    },
  })),
};

const suggestion = (over: Partial<DeploySuggestion> = {}): DeploySuggestion => ({
  image: null,
  imageError: null,
  secrets: [{ name: 'regcred', hosts: ['registry.example.com'] }],
  matches: [],
  preselected: ['regcred'],
  serviceAccountSecrets: [],
  existing: null,
  ...over,
});

let calls: Array<{ channel: string; input: unknown }>;
let answers: Record<string, (input: unknown) => unknown>;

function installBridge() {
  calls = [];
  answers = {
    'namespaces:list': () => namespaces,
    'deploy:suggest': () => suggestion(),
    'deploy:tags': () => ['1.0', '1.1'],
    'deploy:preflight': () => ({ ok: true, checks: [], durationMs: 5 }) satisfies PreflightResult,
    'deploy:recent': () => [],
  };
  const invoke = vi.fn(async (channel: string, input?: unknown) => {
    calls.push({ channel, input });
    const answer = answers[channel];
    if (!answer) return { ok: true, value: null };
    try {
      return { ok: true, value: await answer(input) };
    } catch (error) {
      return { ok: false, error: { code: 'KUBE_CONFLICT', message: (error as Error).message } };
    }
  });
  window.pullkey = {
    invoke: invoke as unknown as PullkeyBridge['invoke'],
    subscribe: () => () => undefined,
  };
}

const callsTo = (channel: string) => calls.filter((call) => call.channel === channel);

/** The form updating workload "web" to `image`, as its preflight's update preview saw it. */
async function updating(image: string) {
  const deploy = useDeployStore();
  const stop = deploy.follow();
  await selectAlpha();
  stop();
  deploy.draft.name = 'web';
  deploy.draft.image = image;
  deploy.draft.update = true;
  deploy.preflight = {
    ok: true,
    checks: [],
    durationMs: 1,
    update: { seen: { uid: 'u1', resourceVersion: '7' } } as PreflightResult['update'],
  };
  return deploy;
}

describe('deploy store', () => {
  freshStoreEachTest(installBridge);

  it('picks a writable namespace and asks for suggestions once the typing pauses', async () => {
    const deploy = useDeployStore();
    const stop = deploy.follow();
    await selectAlpha();
    expect(deploy.draft.namespace).toBe('team1-dev');

    deploy.draft.image = 'registry.example.com/te';
    await nextTick();
    deploy.draft.image = 'registry.example.com/team/app:1.0';
    await nextTick();
    await vi.advanceTimersByTimeAsync(249);
    expect(callsTo('deploy:suggest')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(callsTo('deploy:suggest').map((call) => call.input)).toEqual([
      { context: 'alpha', namespace: 'team1-dev', image: 'registry.example.com/team/app:1.0' },
    ]);
    expect(deploy.suggestion?.preselected).toEqual(['regcred']);
    expect(deploy.draft.pullSecrets).toEqual(['regcred']);
    stop();
  });

  it('keeps pull secrets chosen by hand and clears "update" when nothing exists', async () => {
    const deploy = useDeployStore();
    const stop = deploy.follow();
    await selectAlpha();
    deploy.toggleSecret('other', true);
    deploy.draft.update = true;
    deploy.draft.name = 'web';
    await vi.advanceTimersByTimeAsync(250);
    expect(deploy.draft.pullSecrets).toEqual(['other']);
    expect(deploy.draft.update).toBe(false);
    stop();
  });

  it('lists tags and runs the preflight with the workload, dropping a stale answer', async () => {
    const deploy = useDeployStore();
    const stop = deploy.follow();
    await selectAlpha();
    let release: (value: PreflightResult) => void = () => undefined;
    answers['deploy:preflight'] = () =>
      new Promise<PreflightResult>((resolve) => (release = resolve));
    deploy.draft.name = 'web';
    deploy.draft.image = 'registry.example.com/team/app:1.0';
    // Suggestions (250 ms) preselect a secret: tags and preflight wait for that change too.
    await vi.advanceTimersByTimeAsync(1000);
    expect(callsTo('deploy:tags')).toHaveLength(1);
    expect(callsTo('deploy:preflight')).toHaveLength(1);
    expect(deploy.tags).toEqual(['1.0', '1.1']);
    expect(callsTo('deploy:preflight').at(-1)?.input).toMatchObject({
      context: 'alpha',
      workload: { name: 'web', namespace: 'team1-dev', image: 'registry.example.com/team/app:1.0' },
      update: false,
    });
    expect(deploy.preflighting).toBe(true);
    const first = release;

    deploy.draft.replicas = 2; // a new preflight; the first answer is stale
    await nextTick();
    first({ ok: false, checks: [], durationMs: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(deploy.preflight).toBeNull();
    await vi.advanceTimersByTimeAsync(300);
    release({ ok: true, checks: [], durationMs: 2 });
    await vi.advanceTimersByTimeAsync(0);
    expect(deploy.preflight).toEqual({ ok: true, checks: [], durationMs: 2 });
    expect(deploy.preflighting).toBe(false);
    stop();
  });

  it('stops calling once the form stops following', async () => {
    const deploy = useDeployStore();
    const stop = deploy.follow();
    await selectAlpha();
    await vi.advanceTimersByTimeAsync(250);
    const before = calls.length;
    stop();
    deploy.draft.name = 'web';
    deploy.draft.image = 'registry.example.com/team/app:1.0';
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.slice(before).map((call) => call.channel)).toEqual([]);
  });

  it('launches with the version seen in the preview and reports a failure', async () => {
    const deploy = await updating('registry.example.com/team/app:1.0');
    answers['deploy:apply'] = (input) => ({
      ...(input as { workload: object }).workload,
      context: 'alpha',
      image: 'x',
      at: 'now',
    });
    await expect(deploy.launch()).resolves.toEqual({
      context: 'alpha',
      namespace: 'team1-dev',
      kind: 'Deployment',
      name: 'web',
    });
    expect(callsTo('deploy:apply')[0]?.input).toMatchObject({
      update: true,
      seen: { uid: 'u1', resourceVersion: '7' },
    });
    expect(deploy.launching).toBe(false);

    answers['deploy:apply'] = () => {
      throw new Error('changed elsewhere');
    };
    await expect(deploy.launch()).resolves.toBeNull();
    expect(useNotificationsStore().queue.at(-1)).toMatchObject({
      summary: 'Launching web failed (KUBE_CONFLICT)',
      detail: 'changed elsewhere',
    });
  });

  it("an owned workload's update: the written image is watched for a revert", async () => {
    const deploy = await updating('registry.example.com/team/app:2.0');
    const watch = {
      context: 'alpha',
      namespace: 'team1-dev',
      kind: 'Deployment' as const,
      name: 'web',
      path: '/spec/template/spec/containers/0/image',
      written: 'registry.example.com/team/app:2.0',
      before: 'registry.example.com/team/app:1.0',
      owner: 'Helm release team1-dev/shop',
    };
    answers['deploy:apply'] = (input) => ({
      ...(input as { workload: object }).workload,
      context: 'alpha',
      at: 'now',
      owned: { watch },
    });
    answers['ownership:watch-revert'] = () => ({ id: 'w1', seconds: 300 });
    await deploy.launch();
    await vi.waitFor(() => expect(callsTo('ownership:watch-revert')).toHaveLength(1));
    expect(callsTo('ownership:watch-revert')[0]?.input).toEqual({ target: watch });
    // A plain workload's update answers no `owned`: nothing is watched.
    answers['deploy:apply'] = (input) => ({
      ...(input as { workload: object }).workload,
      context: 'alpha',
      at: 'now',
    });
    await deploy.launch();
    expect(callsTo('ownership:watch-revert')).toHaveLength(1);
  });
});
