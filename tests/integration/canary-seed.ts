/**
 * Canary secrets for the credential-safety sweep (issue 9): dockerconfigjson secrets whose
 * passwords, tokens and `auth` values are unique canary strings, in every shape users have.
 * Shared by tests/integration/canary.test.ts and tests/e2e/canary.spec.ts.
 */
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterState } from '../cluster/state';
import { applyWith, kubectlSync } from '../kit/kubectl';
import { dockerLogin } from '../kit/manifests';

export interface CanarySecret {
  name: string;
  /** How it was made, for the report. */
  shape: string;
  /** Kept by an in-cluster engine: PullKey refuses to write it. */
  owned?: boolean;
}

export interface CanarySeed {
  namespace: string;
  context: string;
  /** Every canary value (passwords, tokens, auth strings, header values, unknown fields). */
  canaries: string[];
  secrets: CanarySecret[];
  /** The PullKey-made secret: created through the router by the caller (needs the core). */
  pullkeyMade: { name: string; host: string; username: string; password: string };
  /** Patterns that reveal a canary: the value itself and its base64 forms at every alignment. */
  patterns: string[];
  cleanup(): void;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * The canary as it appears inside any base64 text: three alignments, with the edge characters
 * that depend on the neighbours dropped.
 */
export function base64Forms(value: string): string[] {
  const forms: string[] = [];
  for (const pad of ['', 'x', 'xx']) {
    const encoded = b64(pad + value);
    // The first base64 group made only of canary bytes: group 0 when aligned, else group 1.
    const start = pad.length ? 4 : 0;
    const end = encoded.length - 4;
    if (end - start >= 12) forms.push(encoded.slice(start, end));
  }
  return forms;
}

const kubectlOf = (state: ClusterState, context: string) => kubectlSync(state, { context });

export function seedCanaries(state: ClusterState, context = 'alpha-admin'): CanarySeed {
  const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const namespace = `canary-${id}`;
  let counter = 0;
  const canaries: string[] = [];
  const canary = () => {
    const value = `CNRY${id}Q${++counter}Z${randomBytes(6).toString('hex')}`;
    canaries.push(value);
    return value;
  };
  const host = state.registries.basic.host;
  const kubectl = kubectlOf(state, context);
  const secrets: CanarySecret[] = [];
  const manifest = (name: string, body: Record<string, unknown>) =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: { name, namespace },
      ...body,
    });
  /** kubectl apply: last-applied-configuration then holds the whole manifest. */
  const apply = (name: string, shape: string, config: unknown, how: 'data' | 'stringData') => {
    const json = JSON.stringify(config);
    kubectl(
      ['apply', '-f', '-'],
      manifest(
        name,
        how === 'data'
          ? { data: { '.dockerconfigjson': b64(json) } }
          : { stringData: { '.dockerconfigjson': json } },
      ),
    );
    secrets.push({ name, shape });
  };
  /** kubectl create -f: no annotation (the size limit leaves no room for one). */
  const create = (name: string, shape: string, config: unknown) => {
    kubectl(
      ['create', '-f', '-'],
      manifest(name, { data: { '.dockerconfigjson': b64(JSON.stringify(config)) } }),
    );
    secrets.push({ name, shape });
  };

  kubectl(['create', 'namespace', namespace]);

  const pullkeyPassword = canary();
  const pullkeyMade = { name: 'c-pullkey', host, username: 'alice', password: pullkeyPassword };
  canaries.push(b64(`alice:${pullkeyPassword}`));
  secrets.push({ name: 'c-pullkey', shape: 'made by PullKey' });

  const kubectlPassword = canary();
  kubectl([
    'create',
    'secret',
    'docker-registry',
    'c-kubectl',
    '-n',
    namespace,
    `--docker-server=${host}`,
    '--docker-username=bob',
    `--docker-password=${kubectlPassword}`,
    '--docker-email=bob@example.com',
  ]);
  canaries.push(b64(`bob:${kubectlPassword}`));
  secrets.push({ name: 'c-kubectl', shape: 'kubectl create secret docker-registry' });

  for (const [name, shape, username, how] of [
    ['c-apply-data', 'kubectl apply -f with data:', 'carol', 'data'],
    ['c-apply-stringdata', 'kubectl apply -f with stringData:', 'dave', 'stringData'],
  ] as const) {
    const password = canary();
    canaries.push(b64(`${username}:${password}`));
    apply(name, shape, { auths: { [host]: dockerLogin(username, password) } }, how);
  }
  apply(
    'c-tokens',
    'identitytoken, registrytoken, HttpHeaders, unknown fields',
    {
      auths: {
        [host]: {
          username: 'erin',
          password: canary(),
          identitytoken: canary(),
          registrytoken: canary(),
          somefield: canary(),
        },
      },
      HttpHeaders: { 'X-Registry-Auth': canary() },
      unknownTop: canary(),
    },
    'data',
  );
  create('c-odd-entries', 'entries that are a string, null, a number', {
    auths: {
      'a.example.com': canary(),
      'b.example.com': null,
      'c.example.com': 42,
      [host]: { username: 'frank', password: canary() },
    },
  });
  create('c-auths-string', 'auths holding a string of truncated JSON', {
    auths: `{"${host}":{"username":"gina","password":"${canary()}`,
  });
  create('c-auth-not-base64', 'auth that is not base64', {
    auths: { [host]: { auth: `${canary()}!!*not-base64*` } },
  });
  const noColon = canary();
  canaries.push(b64(noColon));
  create('c-auth-no-colon', 'auth without ":"', { auths: { [host]: { auth: b64(noColon) } } });
  const legacy = canary();
  canaries.push(b64(`hank:${legacy}`));
  create('c-dockercfg-shape', 'legacy .dockercfg-shaped map (no auths)', {
    [host]: {
      username: 'hank',
      password: legacy,
      auth: b64(`hank:${legacy}`),
      email: 'h@example.com',
    },
  });
  const huge = canary();
  create('c-huge', 'close to the 1 MB size limit', {
    auths: { [host]: { username: 'ivan', password: huge } },
    padding: 'p'.repeat(700_000),
  });

  // Short-lived tokens (issue 21): PullKey reads their expiry and must show nothing else of
  // them — an expired ECR envelope (its payload a canary) and an ACR JWT (its claims canaries).
  const envelope = b64(
    JSON.stringify({
      payload: canary(),
      datakey: canary(),
      version: '2',
      type: 'DATA_KEY',
      expiration: Math.floor(Date.now() / 1000) - 7200,
    }),
  );
  canaries.push(envelope, b64(`AWS:${envelope}`));
  create('c-ecr-token', 'an expired ECR token (the envelope of aws ecr get-login-password)', {
    auths: { [host]: { username: 'AWS', password: envelope, auth: b64(`AWS:${envelope}`) } },
  });
  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const jwt = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ sub: canary(), exp: Math.floor(Date.now() / 1000) + 3600 })}.${canary()}`;
  canaries.push(jwt);
  create('c-jwt-token', 'a JWT (ACR refresh token shape) with exp', {
    auths: {
      [host]: {
        username: '00000000-0000-0000-0000-000000000000',
        password: jwt,
        auth: b64(`00000000-0000-0000-0000-000000000000:${jwt}`),
      },
    },
  });

  // Kept by an engine (External Secrets' markers): its owner is listed, and the refusal of a
  // write names the owner, never a value.
  const kept = canary();
  canaries.push(b64(`judy:${kept}`));
  kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: {
        name: 'c-engine-copy',
        namespace,
        labels: { 'reconcile.external-secrets.io/managed': 'true' },
        annotations: { 'reconcile.external-secrets.io/data-hash': 'c0ffee' },
      },
      data: {
        '.dockerconfigjson': b64(
          JSON.stringify({
            auths: { [host]: { username: 'judy', password: kept, auth: b64(`judy:${kept}`) } },
          }),
        ),
      },
    }),
  );
  secrets.push({ name: 'c-engine-copy', shape: 'kept by External Secrets', owned: true });

  const patterns = [...new Set(canaries.flatMap((value) => [value, ...base64Forms(value)]))];
  return {
    namespace,
    context,
    canaries,
    secrets,
    pullkeyMade,
    patterns,
    cleanup() {
      try {
        kubectl(['delete', 'namespace', namespace, '--wait=false']);
      } catch {
        // best effort
      }
    },
  };
}

/**
 * Workloads pulling with a canary secret, for the fix previews to answer about real objects: a
 * Deployment (no replicas), and a suspended CronJob whose Job, started by hand, keeps an older
 * image that fails to pull (a stale Job once the CronJob's image changed).
 */
export function seedCanaryWorkloads(state: ClusterState, seed: CanarySeed, secret: string) {
  const kubectl = kubectlOf(state, seed.context);
  const apply = applyWith(kubectl);
  const { namespace } = seed;
  const image = (tag: string) => `${seed.pullkeyMade.host}/team/hello:${tag}`;
  const podSpec = (tag: string, restartPolicy: string) => ({
    restartPolicy,
    imagePullSecrets: [{ name: secret }],
    containers: [{ name: 'app', image: image(tag) }],
  });
  const deployment = 'c-deployment';
  apply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: deployment, namespace },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: deployment } },
      template: { metadata: { labels: { app: deployment } }, spec: podSpec('1.0', 'Always') },
    },
  });
  const cronJob = 'c-cronjob';
  apply({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: cronJob, namespace },
    spec: {
      schedule: '0 0 1 1 *',
      suspend: true,
      jobTemplate: { spec: { backoffLimit: 0, template: { spec: podSpec('9.9', 'Never') } } },
    },
  });
  kubectl(['create', 'job', `${cronJob}-manual`, `--from=cronjob/${cronJob}`, '-n', namespace]);
  kubectl(['set', 'image', `cronjob/${cronJob}`, `app=${image('1.1')}`, '-n', namespace]);
  return { deployment, cronJob };
}

/** The places (name → text) that contain a canary pattern. */
export function findLeaks(places: Map<string, string>, patterns: string[]): string[] {
  const leaks: string[] = [];
  for (const [place, text] of places) {
    if (patterns.some((pattern) => text.includes(pattern))) leaks.push(place);
  }
  return leaks;
}

/** Where in a place's text the canaries are: JSON paths when it is JSON, else "text". */
export function leakPaths(text: string, patterns: string[]): string[] {
  const hit = (value: string) => patterns.some((pattern) => value.includes(pattern));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return hit(text) ? ['text'] : [];
  }
  const found: string[] = [];
  const visit = (value: unknown, at: string) => {
    if (typeof value === 'string') {
      if (hit(value)) found.push(at || '(root)');
      // JSON inside a string (a WebSocket frame, an annotation): look inside too.
      if (value.startsWith('{') && hit(value)) {
        try {
          visit(JSON.parse(value), `${at}>`);
        } catch {
          // not JSON
        }
      }
    } else if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${at}[${index}]`));
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, at ? `${at}.${key}` : key);
    }
  };
  visit(parsed, '');
  return found;
}

/** Every file below `dir` (none when it does not exist): where a canary must not be written. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(full)));
    else files.push(full);
  }
  return files;
}
