/**
 * The canary sweep (issue 9): seeds dockerconfigjson secrets whose passwords, tokens and `auth`
 * values are unique canaries, in every shape users have (tests/integration/canary-seed.ts), on
 * the REAL test cluster; calls EVERY channel of the contract; collects every response, push
 * event, log line, settings.json and every file PullKey wrote; and fails if a canary appears
 * anywhere except in the answer of the explicit Reveal channel.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../electron/core';
import {
  channelNames,
  type ChannelName,
  type RegistriesList,
} from '../../electron/core/api/contract';
import type { ClusterState } from '../cluster/state';
import {
  filesUnder,
  findLeaks,
  leakPaths,
  seedCanaries,
  seedCanaryWorkloads,
  type CanarySeed,
} from './canary-seed';
import { callEngineChannels } from './canary-engines';
import { callProjectChannels } from './canary-projects';
import { callSourceChannels } from './canary-sources';
import { clusterState, tempDir } from './cluster-core';
import { requirePrivateKeyring } from './require-private-keyring';

let state: ClusterState;
let seed: CanarySeed;
let core: Core;
let settingsDir: string;
let helperToken: string;
const places = new Map<string, string>();
const revealed: string[] = [];
/** Channels (with their label) that answered INTERNAL: malformed input must never crash. */
const internals: string[] = [];
const logLines: string[] = [];
let eventCount = 0;
/** The secret whose YAML is being copied (names the clipboard place). */
let copying = '';

function record(place: string, value: unknown) {
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  places.set(place, text ?? '');
}

beforeAll(async () => {
  requirePrivateKeyring();
  state = clusterState();
  seed = seedCanaries(state);
  settingsDir = await tempDir('pk-canary-');
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logLines.push(
        args
          .map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : String(arg)))
          .join(' '),
      );
    });
  }
  // A token refresh source (a test stand-in on PATH) that answers a canary token: the registry
  // rejects it, and no answer, event or log may quote it.
  helperToken = `${seed.canaries[0]}-refreshed`;
  seed.patterns.push(helperToken);
  // Outside settingsDir (the sweep reads every file there: this one holds the canary on purpose).
  const bin = await tempDir('pk-canary-bin-');
  await writeFile(
    path.join(bin, 'docker-credential-pk-canary'),
    `#!/bin/sh\n# PullKey test stand-in.\nread server\nprintf '{"Username":"AWS","Secret":"${helperToken}"}'\n`,
  );
  await chmod(path.join(bin, 'docker-credential-pk-canary'), 0o755);
  core = createCore({
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    host: { name: 'PullKey', version: 'canary' },
    settingsDir,
    kubeconfig: [state.kubeconfig],
    watchKubeconfig: false,
    clipboard: { writeText: (text) => record(`clipboard ${copying}`, text) },
    onUnexpectedError: (channel, error) =>
      logLines.push(
        `[unexpected] ${channel}: ${error instanceof Error ? `${error.message}\n${error.stack}` : String(error)}`,
      ),
  });
  core.events.listen((event, payload) => record(`event ${event} #${++eventCount}`, payload));
}, 180_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await core?.close();
  seed?.cleanup();
});

/** Calls a channel, records its whole envelope as a place (Reveal's answers aside). */
async function call(channel: ChannelName, input?: unknown, label: string = channel) {
  const result = await core.router.handle(channel, input);
  if (channel === 'registries:reveal') revealed.push(JSON.stringify(result));
  else record(`response ${label}`, result);
  if (!result.ok && result.error.code === 'INTERNAL') internals.push(label);
  return result;
}

describe('canary sweep: no password leaves except through Reveal', () => {
  it('calls every channel and collects every answer, event, log line and file', async () => {
    const { context, namespace } = seed;
    const host = seed.pullkeyMade.host;
    const secretNames = seed.secrets.map((secret) => secret.name);
    const workloads = seedCanaryWorkloads(state, seed, 'c-kubectl');
    const called = new Set<ChannelName>();
    const run = async (channel: ChannelName, input?: unknown, label?: string) => {
      called.add(channel);
      return call(channel, input, label ?? channel);
    };

    await run('app:info');
    await run('contexts:list');
    await run('contexts:select', { name: context });
    await run('contexts:make-current', { name: 'no-such-context' });
    await run('cluster:status', { context });
    await run('namespaces:list', { context, refresh: true });
    await run('namespaces:remember', { context, namespace });
    await run('vault:logins');
    await run('docker:logins');
    await run('docker:import', { logins: [{ host: 'no-such-registry.invalid', username: 'x' }] });

    // Made by PullKey (skip the check: the canary is not a real password).
    const created = await run('registries:create', {
      context,
      operationId: 'canary-create',
      name: seed.pullkeyMade.name,
      scope: { kind: 'namespace', namespace },
      host,
      username: seed.pullkeyMade.username,
      password: seed.pullkeyMade.password,
      skipVerify: true,
    });
    expect(created).toMatchObject({ ok: true });
    await run('registries:retry', {
      operationId: 'canary-create',
      retryId: 'canary-retry',
      namespaces: [namespace],
    });
    await run('registries:verify', {
      host,
      username: seed.pullkeyMade.username,
      password: seed.pullkeyMade.password,
    });
    await run('registries:cancel', { operationId: 'canary-retry' });
    await run('registries:tls');
    await run('registries:tls-forget', { host });

    const list = await run('registries:list', { context, refresh: true });
    expect(list.ok).toBe(true);
    for (const name of secretNames) {
      await run('registries:detail', { context, namespace, name }, `registries:detail ${name}`);
      await run('registries:reveal', { context, namespace, name }, `registries:reveal ${name}`);
      await run(
        'serviceaccounts:pull-secret',
        { context, namespace, secret: name, enabled: true },
        `serviceaccounts:pull-secret ${name}`,
      );
    }
    await run('registries:rotate-scan', { host, username: 'alice', contexts: [context] });
    await run('registries:rotate', {
      operationId: 'canary-rotate',
      host,
      username: 'nobody',
      password: 'not-a-canary-rotate',
      targets: [{ context, namespace, name: 'no-such-secret', key: host, resourceVersion: '1' }],
    });
    await run('registries:rotate-retry', {
      operationId: 'canary-rotate',
      retryId: 'canary-rotate-retry',
      secrets: [{ context, namespace, name: 'no-such-secret' }],
    });
    // Tokens, External Secrets, token generators, the revert watch (issues 20-22).
    await callEngineChannels(run, {
      ...{ context, namespace, host, registry: seed.pullkeyMade.name },
      deployment: workloads.deployment,
    });
    const edit = (names: string[], operationId: string) =>
      run(
        'registries:edit',
        {
          context,
          operationId,
          copies: names.map((name) => ({ namespace, name, resourceVersion: '1' })),
          host,
          username: 'nobody',
          password: 'not-a-canary-edit',
          skipVerify: true,
        },
        `registries:edit ${operationId}`,
      );
    const owned = seed.secrets.filter((secret) => secret.owned).map((secret) => secret.name);
    const plain = secretNames.filter((name) => !owned.includes(name));
    await edit(plain, 'canary-edit');
    // A copy an engine keeps: refused, naming the owner (never a value).
    expect(await edit(owned, 'canary-edit-owned')).toMatchObject({
      ok: false,
      error: { code: 'OWNED_BY_ENGINE' },
    });
    await callSourceChannels(run, { context, namespace, host }, owned);
    await callProjectChannels(run, context, namespace);

    // Deploy with every canary secret as a pull secret: suggest, tags, preflight, apply, rollout.
    const image = `${host}/${state.registries.basic.images[0]?.repo ?? 'team/hello'}:${state.registries.basic.images[0]?.tags[0] ?? 'latest'}`;
    const workload = {
      kind: 'Pod' as const,
      name: 'canary-pod',
      namespace,
      image,
      pullSecrets: secretNames,
    };
    await run('deploy:suggest', { context, namespace, image, name: 'canary-pod' });
    await run('deploy:tags', { context, namespace, image, pullSecrets: secretNames });
    await run('deploy:preflight', { context, workload, update: false });
    await run('deploy:apply', { context, workload, update: false });
    await run('deploy:recent');
    const ref = { context, namespace, kind: 'Pod' as const, name: 'canary-pod' };
    const opened = await run('rollout:open', ref);
    expect(opened.ok).toBe(true);
    // Wait until the kubelet tried the pull (events, diagnosis), then look again.
    await expect
      .poll(
        async () => {
          const view = await run('rollout:open', ref, 'rollout:open (again)');
          return view.ok && (view.value as { events: unknown[] }).events.length > 0;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    // The Pull doctor on the same pod (every canary secret as a pull secret): list, summary,
    // detail and its "Copy diagnostics" report.
    await run('pulls:open', { context });
    // The test registries are on this computer's loopback: checking them sweeps the checks' answers.
    await run('pulls:check-settings', { context, automatic: true, localRegistries: true });
    await run('pulls:summary', { include: [context] });
    await expect
      .poll(
        async () => {
          const detail = await run('pulls:detail', ref, 'pulls:detail');
          return detail.ok;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    // Fix previews: copying each canary secret (dry run) shows its metadata, never its data.
    for (const name of secretNames)
      await run(
        'pulls:copy-secret',
        { context, namespace: 'default', name, from: namespace, images: [image], dryRun: true },
        `pulls:copy-secret ${name}`,
      );
    // Rewriting each canary secret (dry run): the preview masks every credential it keeps.
    for (const name of secretNames)
      await run(
        'pulls:rewrite-secret',
        { context, namespace, name, dryRun: true },
        `pulls:rewrite-secret ${name}`,
      );
    await run('pulls:set-image', {
      context,
      namespace,
      kind: 'Deployment',
      name: 'no-such-deployment',
      container: 'app',
      image,
      dryRun: true,
    });
    // Fix previews about real objects pulling with a canary secret: the stale Job of a CronJob
    // (once its pod fails to pull), then its deletion; attaching canary secrets to a Deployment.
    const staleInput = { context, namespace, cronJob: workloads.cronJob };
    let staleJobs: unknown[] = [];
    await expect
      .poll(
        async () => {
          const answer = await run('pulls:delete-stale-jobs', { ...staleInput, dryRun: true });
          staleJobs = answer.ok ? (answer.value as { jobs: unknown[] }).jobs : [];
          return staleJobs.length;
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe(1);
    const deleted = await run(
      'pulls:delete-stale-jobs',
      { ...staleInput, jobs: staleJobs, dryRun: false },
      'pulls:delete-stale-jobs (write)',
    );
    expect(deleted).toMatchObject({
      ok: true,
      value: { deleted: [`${workloads.cronJob}-manual`] },
    });
    const attachPreview = await run('workloads:attach-pull-secrets', {
      context,
      namespace,
      kind: 'Deployment',
      name: workloads.deployment,
      secrets: secretNames.slice(0, 3),
      dryRun: true,
    });
    expect(attachPreview).toMatchObject({ ok: true, value: { outcome: 'preview' } });
    // Fix 2: its preview names the saved login; a write to no workload creates nothing.
    const fix2 = { context, namespace, kind: 'Deployment', serviceAccount: 'default', host };
    const login = { username: seed.pullkeyMade.username, secret: 'c-fix2' };
    const dry = { ...fix2, ...login, name: workloads.deployment, target: 'workload', dryRun: true };
    expect(await run('pulls:attach-registry', dry)).toMatchObject({ ok: true });
    const write = { ...dry, name: 'no-such-deployment', resourceVersion: '1', dryRun: false };
    await run('pulls:attach-registry', write, 'pulls:attach-registry (write)');
    // The credential-check switches answer the view again (every canary secret in the pod).
    await run('pulls:check-settings', { context, automatic: false });
    await run('pulls:close', { context });
    await run('rollout:retry', ref);
    await run('rollout:close', ref);
    await run('workloads:attach-pull-secrets', {
      context,
      namespace,
      kind: 'Deployment',
      name: 'no-such-deployment',
      secrets: secretNames.slice(0, 3),
    });
    await run('workloads:attach-service-account', {
      context,
      namespace,
      serviceAccount: 'no-such-account',
      secrets: secretNames.slice(0, 3),
    });

    // Copy: the masked YAML of every secret goes to the clipboard port.
    for (const name of secretNames) {
      const detail = await core.router.handle('registries:detail', { context, namespace, name });
      copying = name;
      if (detail.ok) {
        await run(
          'clipboard:write',
          { text: (detail.value as { yaml: string }).yaml },
          `clipboard:write ${name}`,
        );
      }
    }

    // Delete last: a copy that does not exist, then the PullKey-made one (as listed).
    const listed = await core.router.handle('registries:list', { context, refresh: true });
    const made = listed.ok
      ? (listed.value as RegistriesList).groups
          .flatMap((group) => group.copies)
          .find((copy) => copy.namespace === namespace && copy.name === seed.pullkeyMade.name)
      : undefined;
    expect(made).toBeDefined();
    await run('registries:delete', {
      context,
      operationId: 'canary-delete',
      copies: [
        { namespace, name: 'no-such-secret', uid: 'no-such-uid', resourceVersion: '1' },
        {
          namespace,
          name: seed.pullkeyMade.name,
          uid: made?.uid ?? '',
          resourceVersion: made?.resourceVersion ?? '',
        },
      ],
    });

    // Every channel of the contract was driven.
    expect(channelNames.filter((name) => !called.has(name))).toEqual([]);

    // Files PullKey wrote (settings.json and anything else in its folder), and the logs.
    for (const file of await filesUnder(settingsDir)) {
      record(`file ${path.relative(settingsDir, file)}`, await readFile(file, 'utf8'));
    }
    logLines.forEach((line, index) => record(`log #${index + 1}`, line));

    // Reveal really reveals (the sweep's patterns do match what they should).
    expect(revealed.join('\n')).toContain(seed.pullkeyMade.password);
  }, 300_000);

  it('finds no canary anywhere outside Reveal, and no INTERNAL answer (goal: 0 leaks)', () => {
    const leaks = findLeaks(places, seed.patterns);
    // stdout directly: console is captured as a place to inspect.
    process.stdout.write(
      `[canary] ${seed.canaries.length} canaries in ${seed.secrets.length} secrets; ` +
        `${places.size} places inspected; ${leaks.length} leaks` +
        (leaks.length
          ? `:\n  ${leaks.map((place) => `${place}: ${leakPaths(places.get(place) ?? '', seed.patterns).join(', ')}`).join('\n  ')}`
          : '') +
        `\n[canary] INTERNAL answers: ${internals.join(', ') || 'none'}\n`,
    );
    expect(places.size).toBeGreaterThan(channelNames.length);
    expect({ leaks, internals }).toEqual({ leaks: [], internals: [] });
  });
});
