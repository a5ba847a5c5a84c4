/**
 * One deeply nested pull secret must not blind a whole context (issue 18, item 2). Real test
 * cluster, real htpasswd registry, the simulated kubelet running the kubelet's own credential
 * code: a 12 KB secret nested 6,000 levels (the kubelet reads up to 10,000, Go's limit) works for
 * a pod and lists like any other; one nested 10,000 levels whose `auth` is broken is unreadable
 * for the kubelet and for PullKey alike, with a reason that quotes nothing; the registry list
 * keeps every other registry and the Pulls view stays correct and live. Deeper than 10,000 the
 * API server itself refuses a dockerconfigjson secret, with Go's reason: PullKey's limit is theirs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from './cluster-core';
import { clusterSuite } from './cluster-suite';
import { availableArgs, dockerRegistrySecretArgs } from '../kit/manifests';
import { failingUntil, pullsUntil } from './pulls-view';

const CONTEXT = 'alpha-admin';
const NAMESPACE = 'sandbox';
const suffix = Date.now().toString(36);
const suite = clusterSuite({ context: CONTEXT, namespace: NAMESPACE });
const { kubectl, made, alice } = suite;

const DEEP = `deep6000-${suffix}`;
const BROKEN = `deep10000-${suffix}`;
const PLAIN = `plain-${suffix}`;
const REASON =
  /^the kubelet rejects this secret: entry "[^"]+": auth is not valid base64 \(at byte \d+\)$/;

/**
 * A config for alice whose entry holds an unknown field nested so that it is `levels` deep;
 * `brokenAuth`: its `auth` is not base64 (the kubelet rejects the secret).
 */
function nestedConfig(levels: number, brokenAuth = false): string {
  const arrays = '['.repeat(levels - 3) + ']'.repeat(levels - 3);
  const { username, password } = alice();
  const auth = brokenAuth
    ? 'not base64!'
    : Buffer.from(`${username}:${password}`).toString('base64');
  return `{"auths":{"${suite.state.registries.basic.host}":{"username":"${username}","password":"${password}","auth":"${auth}","x":${arrays}}}}`;
}

async function applySecret(name: string, config: string) {
  await kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: { name, namespace: NAMESPACE },
      data: { '.dockerconfigjson': Buffer.from(config).toString('base64') },
    }),
  );
  made.push(['secret', name]);
}

async function deploy(name: string, secret: string) {
  const image = `${suite.state.registries.basic.host}/team/hello:1.0`;
  await suite.deployment(name, image, { pullSecrets: [secret] });
}

beforeAll(async () => {
  expect(nestedConfig(6_000).length).toBeLessThan(13_000);
  await applySecret(DEEP, nestedConfig(6_000));
  await applySecret(BROKEN, nestedConfig(10_000, true));
  await kubectl(
    dockerRegistrySecretArgs(NAMESPACE, PLAIN, suite.state.registries.basic.host, alice()),
  );
  made.push(['secret', PLAIN]);
});

describe('a pull secret nested thousands of levels deep', () => {
  it('the API server refuses one nested deeper than Go reads, with the reason PullKey gives', async () => {
    const refused = await applySecret(`deep10001-${suffix}`, nestedConfig(10_001)).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refused).toContain("invalid character '[' exceeded max depth");
  });

  it('registries:list lists every registry of the context; the rejected one is unreadable, quoting nothing', async () => {
    const list = await invoke(suite.app, 'registries:list', { context: CONTEXT, refresh: true });
    const copyOf = (name: string) =>
      list.groups
        .find((group) => group.name === name)
        ?.copies.find((c) => c.namespace === NAMESPACE);
    expect(copyOf(PLAIN)).toMatchObject({ invalid: null });
    expect(copyOf(DEEP)).toMatchObject({
      invalid: null,
      entries: [
        expect.objectContaining({ registry: suite.state.registries.basic.host, username: 'alice' }),
      ],
    });
    expect(copyOf(BROKEN)!.invalid).toMatch(REASON);
    expect(JSON.stringify(list)).not.toContain(alice().password);
    expect(JSON.stringify(list)).not.toContain('not base64!');

    for (const name of [DEEP, BROKEN]) {
      const detail = await invoke(suite.app, 'registries:detail', {
        context: CONTEXT,
        namespace: NAMESPACE,
        name,
      });
      const shown = JSON.stringify(detail);
      expect(shown).not.toContain(alice().password);
      expect(shown).toContain('nested deeper: not shown');
      expect(shown.length).toBeLessThan(20_000);
    }
  });

  it('Pulls: the 6,000-level secret works; the rejected 10,000-level one is named with its reason; the view stays live', async () => {
    const works = `deepok-${suffix}`;
    const fails = `deepbad-${suffix}`;
    await deploy(works, DEEP);
    await deploy(fails, BROKEN);
    // The kubelet (its own credential code) pulls with the 6,000-level secret.
    await kubectl(availableArgs(NAMESPACE, works));
    const { view, item: failing } = await failingUntil(
      suite.app,
      CONTEXT,
      fails,
      'the rejected 10,000-level secret named',
      'secret-rejected',
    );
    expect(failing.diagnosis.secrets).toEqual([BROKEN]);
    expect(failing.diagnosis.message).toMatch(
      new RegExp(`the kubelet rejects secret "${BROKEN}": entry "[^"]+": auth is not valid base64`),
    );
    expect(failing.diagnosis.message).not.toContain(alice().password);
    expect(failing.diagnosis.message).not.toContain('not base64!');
    expect(view.failing.some((item) => item.name === works)).toBe(false);
    expect(view.latent.some((item) => item.name === works)).toBe(false);
    expect(view.freshness.state).toBe('live');

    // Still following the cluster: the failing workload leaves the view once it is deleted.
    await kubectl(['delete', 'deployment', fails, '-n', NAMESPACE, '--wait=false']);
    const after = await pullsUntil(
      suite.app,
      CONTEXT,
      (current) => !current.failing.some((item) => item.name === fails),
      'the deleted workload gone',
    );
    expect(after.freshness.state).toBe('live');
  });
});
