/**
 * Fuzz of the IPC boundary: EVERY channel of the contract is driven through the real router with
 * generated payloads (wrong types, unknown nested keys, 1 MB strings, 100k-item arrays,
 * prototype keys). Handlers are real where cheap (clipboard, TLS settings, pending retries) and
 * otherwise guards that fail the test if they are reached with input the schema should refuse.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  channelNames,
  channels,
  MAX_CLIPBOARD_TEXT,
  type ChannelInput,
  type ChannelName,
} from '@core/api/contract';
import { AppError, errorCodes } from '@core/api/errors';
import { createRouter, type Handlers, type Router } from '@core/api/router';
import { copyText } from '@core/app/clipboard';
import { createPendingOperations } from '@core/registries/pending';
import { createRegistryTls } from '@core/settings/registry-tls';
import { createSettingsStore } from '@core/settings/store';

const PAYLOADS = 10_000;
const caPem = readFileSync(
  path.resolve(import.meta.dirname, '../../../fixtures/registry-ca.pem'),
  'utf8',
);

const secretRef = { namespace: 'team1-dev', name: 'regcred' };
const workload = {
  kind: 'Deployment' as const,
  name: 'web',
  namespace: 'team1-dev',
  image: 'registry.example.com:5000/team/web:1.2',
  replicas: 2,
  ports: [{ containerPort: 8080, protocol: 'TCP' as const }],
  env: [{ name: 'MODE', value: 'prod' }],
  pullSecrets: ['regcred'],
  imagePullPolicy: 'IfNotPresent' as const,
};
const workloadRef = { context: 'alpha', namespace: 'team1-dev', kind: 'Pod' as const, name: 'web' };

/** One valid input per channel: the seed every mutation starts from (typed: none missing). */
const samples: { [C in ChannelName]: ChannelInput<C> } = {
  'app:info': undefined,
  'contexts:list': undefined,
  'contexts:select': { name: 'alpha' },
  'contexts:make-current': { name: 'alpha' },
  'cluster:status': { context: 'alpha' },
  'namespaces:list': { context: 'alpha', refresh: true },
  'namespaces:remember': { context: 'alpha', namespace: 'team1-dev' },
  'projects:create': { context: 'alpha', name: 'team1', namespaces: ['team1-dev', 'team1-qa'] },
  'projects:rename': { context: 'alpha', from: 'team1', to: 'team2' },
  'projects:dissolve': { context: 'alpha', name: 'team1' },
  'registries:list': { context: 'alpha', refresh: false },
  'registries:verify': {
    host: 'registry.example.com:5000',
    username: 'alice',
    password: 'pw',
    email: 'a@example.com',
    ca: caPem,
    insecureSkipVerify: false,
  },
  'registries:create': {
    context: 'alpha',
    operationId: 'op-1',
    name: 'regcred',
    scope: { kind: 'project', project: 'p-team1', projectKind: 'rancher' },
    host: 'registry.example.com:5000',
    username: 'alice',
    password: 'pw',
    ca: caPem,
    skipVerify: true,
    onlyNamespaces: ['team1-dev'],
  },
  'registries:retry': { operationId: 'op-1', retryId: 'op-2', namespaces: ['team1-dev'] },
  'registries:cancel': { operationId: 'op-1' },
  'registries:tls': undefined,
  'registries:tls-forget': { host: 'registry.example.com:5000' },
  'registries:detail': { context: 'alpha', ...secretRef },
  'registries:reveal': { context: 'alpha', ...secretRef },
  'registries:edit': {
    context: 'alpha',
    operationId: 'op-3',
    copies: [{ ...secretRef, resourceVersion: '42' }],
    entryKey: 'https://index.docker.io/v1/',
    host: 'docker.io',
    username: 'alice',
    password: 'pw',
    skipVerify: false,
  },
  'registries:delete': {
    context: 'alpha',
    operationId: 'op-4',
    copies: [{ ...secretRef, uid: 'uid-1', resourceVersion: '42' }],
  },
  'registries:sync': {
    context: 'alpha',
    operationId: 'op-5',
    name: 'regcred',
    project: 'team1',
    projectKind: 'pullkey',
    confirmJoined: ['team1-new'],
    source: { namespace: 'team1-dev', resourceVersion: '42' },
    copies: [{ ...secretRef, uid: 'uid-1', resourceVersion: '42' }],
  },
  'registries:rotate-scan': { host: 'docker.io', username: 'alice', contexts: ['alpha', 'beta'] },
  'registries:rotate': {
    operationId: 'op-6',
    host: 'docker.io',
    username: 'alice',
    password: 'pw2',
    targets: [
      { context: 'alpha', ...secretRef, key: 'https://index.docker.io/v1/', resourceVersion: '42' },
    ],
  },
  'registries:rotate-retry': {
    operationId: 'op-6',
    retryId: 'op-7',
    secrets: [{ context: 'alpha', ...secretRef }],
  },
  'serviceaccounts:pull-secret': {
    context: 'alpha',
    namespace: 'team1-dev',
    secret: 'regcred',
    enabled: true,
  },
  'docker:logins': undefined,
  'docker:import': { logins: [{ host: 'ghcr.io', username: 'alice' }] },
  'deploy:suggest': { context: 'alpha', namespace: 'team1-dev', image: 'nginx', name: 'web' },
  'deploy:tags': {
    context: 'alpha',
    namespace: 'team1-dev',
    image: 'ghcr.io/team/web:1',
    pullSecrets: ['regcred'],
  },
  'deploy:preflight': { context: 'alpha', workload, update: false },
  'deploy:apply': { context: 'alpha', workload, update: true },
  'workloads:attach-pull-secrets': {
    context: 'alpha',
    namespace: 'team1-dev',
    kind: 'Deployment',
    name: 'web',
    secrets: ['regcred'],
    resourceVersion: '42',
  },
  'deploy:recent': undefined,
  'rollout:open': workloadRef,
  'rollout:close': workloadRef,
  'rollout:retry': workloadRef,
  'vault:logins': undefined,
  'clipboard:write': { text: 'kubectl get secrets' },
  'pulls:open': { context: 'alpha' },
  'pulls:close': { context: 'alpha' },
  'pulls:check-settings': { context: 'alpha', automatic: false, localRegistries: true },
  'pulls:summary': { include: ['alpha'] },
  'pulls:detail': { context: 'alpha', namespace: 'team1-dev', kind: 'Deployment', name: 'web' },
  'pulls:set-image': {
    context: 'alpha',
    namespace: 'team1-dev',
    kind: 'Deployment',
    name: 'web',
    container: 'web',
    image: 'registry.example.com/team/web:1.1',
    resourceVersion: '42',
    dryRun: true,
  },
  'pulls:copy-secret': {
    context: 'alpha',
    namespace: 'team1-dev',
    name: 'regcred',
    from: 'team1-qa',
    images: ['registry.example.com/team/web:1.1'],
    dryRun: true,
  },
  'pulls:delete-stale-jobs': {
    context: 'alpha',
    namespace: 'team1-dev',
    cronJob: 'nightly',
    jobs: [{ name: 'nightly-1', uid: 'u-1', resourceVersion: '42' }],
    dryRun: false,
  },
  'workloads:attach-service-account': {
    context: 'alpha',
    namespace: 'team1-dev',
    serviceAccount: 'builder',
    secrets: ['regcred'],
    resourceVersion: '42',
  },
  'pulls:rewrite-secret': {
    context: 'alpha',
    namespace: 'team1-dev',
    name: 'regcred',
    resourceVersion: '42',
    dryRun: true,
  },
  'pulls:attach-registry': {
    context: 'alpha',
    namespace: 'team1-dev',
    kind: 'Deployment',
    name: 'web',
    serviceAccount: 'default',
    host: 'registry.example.com',
    username: 'alice',
    secret: 'registry-example-com',
    target: 'workload',
    dryRun: true,
  },
};

// ---- the handlers

const reached = new Map<ChannelName, number>();
const refusedByGuard: string[] = [];
const PROTO = ['__proto__', 'constructor', 'prototype'];

/** A guard fails the test (not the router) when a handler gets input the schema should refuse. */
function guard(name: ChannelName) {
  return (input: unknown) => {
    reached.set(name, (reached.get(name) ?? 0) + 1);
    const again = channels[name].input.safeParse(input);
    if (!again.success) refusedByGuard.push(`${name}: reached with input its schema refuses`);
    if (hasOwnPrototypeKey(input)) refusedByGuard.push(`${name}: reached with a prototype key`);
    if (JSON.stringify(input ?? null).length > 200_000 && name !== 'clipboard:write') {
      refusedByGuard.push(`${name}: reached with an unbounded input`);
    }
    // A domain answer, as the real service gives for a cluster it cannot reach.
    throw new AppError('CLUSTER_UNREACHABLE', 'fuzz: no cluster here');
  };
}

function hasOwnPrototypeKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasOwnPrototypeKey);
  if (value === null || typeof value !== 'object') return false;
  return Object.keys(value).some(
    (key) => PROTO.includes(key) || hasOwnPrototypeKey((value as Record<string, unknown>)[key]),
  );
}

let router: Router;
let lastCopied = '';

beforeAll(async () => {
  const settings = createSettingsStore(await mkdtemp(path.join(os.tmpdir(), 'pk-fuzz-')));
  const tls = createRegistryTls(settings);
  const pending = createPendingOperations<unknown>();
  const all = Object.fromEntries(
    channelNames.map((name) => [name, guard(name)]),
  ) as unknown as Handlers;
  router = createRouter(
    {
      ...all,
      'clipboard:write': (input) => {
        reached.set('clipboard:write', (reached.get('clipboard:write') ?? 0) + 1);
        return copyText({ writeText: (text) => void (lastCopied = text) }, input.text);
      },
      'registries:tls': () => tls.list(),
      'registries:tls-forget': ({ host }) => {
        reached.set('registries:tls-forget', (reached.get('registries:tls-forget') ?? 0) + 1);
        return tls.forget(host);
      },
      'registries:retry': ({ operationId }) => {
        reached.set('registries:retry', (reached.get('registries:retry') ?? 0) + 1);
        pending.get(operationId);
        throw new AppError('OPERATION_EXPIRED', 'fuzz: never kept');
      },
    },
    { onUnexpectedError: (channel, error) => refusedByGuard.push(`${channel}: ${String(error)}`) },
  );
});

// ---- the generator (deterministic)

function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MB_STRING = 'x'.repeat(1_048_576 + 1);
const BIG_ARRAY = Array.from({ length: 100_000 }, (_, i) => `ns-${i}`);
const protoObject = () =>
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');

/** Kinds of mutation whose result MUST be a validation error (the schema refuses it). */
type Refused = 'unknown-key' | 'prototype-key' | 'huge-string' | 'huge-array';
type Mutation = Refused | 'wrong-type' | 'prototype-value' | 'drop' | 'random';

const wrongValues: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  '',
  ' ',
  'a'.repeat(300),
  [],
  [null],
  {},
  { nested: { deep: [1, 2, 3] } },
  '../../etc/passwd',
  '\u0000',
  '😀',
];

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = []): Path[] {
  const found: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => found.push(...paths(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) found.push(...paths(item, [...prefix, key]));
  }
  return found;
}

function objectPaths(value: unknown): Path[] {
  return paths(value).filter((p) => {
    const at = get(value, p);
    return at !== null && typeof at === 'object' && !Array.isArray(at);
  });
}

function get(value: unknown, p: Path): unknown {
  return p.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)?.[key], value);
}

/** A deep copy with the value at `p` replaced (`drop` deletes it). */
function setAt(value: unknown, p: Path, next: unknown, drop = false): unknown {
  if (p.length === 0) return next;
  const copy: unknown = structuredClone(value);
  const parent = get(copy, p.slice(0, -1)) as Record<string | number, unknown>;
  const key = p[p.length - 1]!;
  if (drop) delete parent[key];
  else
    Object.defineProperty(parent, key, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}

function mutate(sample: unknown, random: () => number): { payload: unknown; mutation: Mutation } {
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
  const all = paths(sample);
  const objects = objectPaths(sample);
  const kinds: Mutation[] = ['wrong-type', 'wrong-type', 'prototype-value', 'drop', 'random'];
  // Refused mutations need somewhere to go: objects for keys, any path for big values.
  if (objects.length) kinds.push('unknown-key', 'prototype-key');
  kinds.push('huge-string', 'huge-array');
  const mutation = pick(kinds);
  switch (mutation) {
    case 'unknown-key': {
      const target = pick(objects);
      return {
        payload: setAt(sample, [...target, `extra${Math.floor(random() * 9)}`], 1),
        mutation,
      };
    }
    case 'prototype-key': {
      const target = pick(objects);
      const key = pick(PROTO);
      const value = random() < 0.5 ? protoObject() : { polluted: true };
      return { payload: setAt(sample, [...target, key], value), mutation };
    }
    case 'huge-string': {
      // Only where a value goes (not the root of a channel without input: still refused).
      return { payload: setAt(sample, pick(all), MB_STRING), mutation };
    }
    case 'huge-array':
      return { payload: setAt(sample, pick(all), BIG_ARRAY), mutation };
    case 'wrong-type':
      return { payload: setAt(sample, pick(all), pick(wrongValues)), mutation };
    case 'prototype-value':
      return { payload: setAt(sample, pick(all), pick(PROTO)), mutation };
    case 'drop': {
      const p = pick(all);
      return { payload: p.length ? setAt(sample, p, undefined, true) : undefined, mutation };
    }
    case 'random':
    default:
      return { payload: pick(wrongValues), mutation: 'random' };
  }
}

const domainCodes = new Set<string>(
  errorCodes.filter((code) => !['INTERNAL', 'UNKNOWN_CHANNEL', 'FORBIDDEN_SENDER'].includes(code)),
);

describe('IPC fuzz: every channel, generated payloads', () => {
  it('has a seed sample for every channel, and every sample is accepted', async () => {
    expect(Object.keys(samples).sort()).toEqual([...channelNames].sort());
    for (const name of channelNames) {
      const parsed = channels[name].input.safeParse(samples[name]);
      expect(parsed.success, `${name}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it(`answers ${PAYLOADS} payloads with INVALID_INPUT or a domain error: 0 crashes, 0 INTERNAL`, async () => {
    const random = prng(0x9e3779b9);
    const figures = { payloads: 0, invalid: 0, domain: 0, ok: 0, internal: 0, crashes: 0 };
    const failures: string[] = [];
    const perChannel = Math.ceil(PAYLOADS / channelNames.length);
    const started = Date.now();
    for (const name of channelNames) {
      for (let i = 0; i < perChannel && figures.payloads < PAYLOADS; i += 1) {
        const { payload, mutation } = mutate(samples[name], random);
        figures.payloads += 1;
        let result;
        try {
          result = await router.handle(name, payload);
        } catch (error) {
          figures.crashes += 1;
          failures.push(`${name} (${mutation}): router threw ${String(error)}`);
          continue;
        }
        if (result.ok) {
          figures.ok += 1;
          if (['unknown-key', 'prototype-key', 'huge-string', 'huge-array'].includes(mutation)) {
            failures.push(`${name} (${mutation}): accepted`);
          }
          continue;
        }
        const { code, message, details } = result.error;
        if (code === 'INVALID_INPUT') figures.invalid += 1;
        else if (domainCodes.has(code)) figures.domain += 1;
        else {
          if (code === 'INTERNAL') figures.internal += 1;
          failures.push(`${name} (${mutation}): ${code} ${message.slice(0, 200)}`);
        }
        if (
          ['unknown-key', 'prototype-key', 'huge-string', 'huge-array'].includes(mutation) &&
          code !== 'INVALID_INPUT'
        ) {
          failures.push(`${name} (${mutation}): answered ${code}, not INVALID_INPUT`);
        }
        // Answers are bounded too: a 100k-item array must not come back as 100k issues.
        if (message.length > 8_192 || JSON.stringify(details ?? null).length > 16_384) {
          failures.push(`${name} (${mutation}): unbounded error answer (${message.length} chars)`);
        }
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `[ipc-fuzz] ${figures.payloads} payloads over ${channelNames.length} channels in ${seconds}s: ` +
        `${figures.invalid} INVALID_INPUT, ${figures.domain} domain errors, ${figures.ok} ok, ` +
        `${figures.internal} INTERNAL, ${figures.crashes} crashes`,
    );
    expect(figures.payloads).toBe(PAYLOADS);
    expect([...failures, ...refusedByGuard].slice(0, 20)).toEqual([]);
    expect(figures.internal).toBe(0);
    expect(figures.crashes).toBe(0);
    // Every channel was driven, and the cheap real handlers were really reached.
    expect(reached.get('clipboard:write')).toBeGreaterThan(0);
    expect(reached.get('registries:retry')).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);

  it('refuses prototype names where a record is built from input', async () => {
    const cases: Array<[ChannelName, unknown]> = [
      ['contexts:select', { name: '__proto__' }],
      ['namespaces:list', { context: 'constructor' }],
      ['registries:verify', { host: 'constructor', username: 'a', password: 'p' }],
      ['registries:verify', { host: 'https://__proto__/v1/', username: 'a', password: 'p' }],
      ['registries:tls-forget', { host: 'prototype' }],
      [
        'registries:rotate',
        {
          ...samples['registries:rotate'],
          targets: [{ context: 'alpha', ...secretRef, key: '__proto__' }],
        },
      ],
      ['registries:edit', { ...samples['registries:edit'], entryKey: 'constructor' }],
      ['registries:sync', { ...samples['registries:sync'], project: '__proto__' }],
      ['docker:import', { logins: [{ host: '__proto__', username: 'a' }] }],
    ];
    for (const [name, input] of cases) {
      const result = await router.handle(name, input);
      expect(result, `${name} ${JSON.stringify(input)}`).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
  });

  it('bounds strings, arrays and nested objects that used to be open', async () => {
    const cases: Array<[ChannelName, unknown]> = [
      [
        'deploy:apply',
        {
          ...samples['deploy:apply'],
          workload: { ...workload, ports: [{ containerPort: 80, hostPort: 80 }] },
        },
      ],
      [
        'deploy:apply',
        {
          ...samples['deploy:apply'],
          workload: { ...workload, env: [{ name: 'A', value: '1', valueFrom: {} }] },
        },
      ],
      [
        'deploy:apply',
        {
          ...samples['deploy:apply'],
          workload: { ...workload, env: [{ name: 'A'.repeat(300), value: '1' }] },
        },
      ],
      [
        'registries:edit',
        {
          ...samples['registries:edit'],
          copies: [{ ...secretRef, resourceVersion: '1', uid: 'x' }],
        },
      ],
      [
        'registries:edit',
        {
          ...samples['registries:edit'],
          copies: [{ ...secretRef, resourceVersion: 'x'.repeat(100) }],
        },
      ],
      ['registries:create', { ...samples['registries:create'], onlyNamespaces: BIG_ARRAY }],
      ['registries:create', { ...samples['registries:create'], operationId: 'op 1; rm -rf' }],
      ['registries:create', { ...samples['registries:create'], caFile: '/etc/passwd' }],
      ['registries:create', { ...samples['registries:create'], ca: 'not a certificate' }],
      [
        'registries:create',
        {
          ...samples['registries:create'],
          ca: `${caPem}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`,
        },
      ],
      ['registries:create', { ...samples['registries:create'], ca: caPem.repeat(200) }],
      ['clipboard:write', { text: 'x'.repeat(MAX_CLIPBOARD_TEXT + 1) }],
    ];
    for (const [name, input] of cases) {
      const result = await router.handle(name, input);
      expect(result, `${name}`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('serves Copy with the main-process clipboard port', async () => {
    await expect(router.handle('clipboard:write', { text: 'hello' })).resolves.toEqual({
      ok: true,
      value: { copied: 5 },
    });
    expect(lastCopied).toBe('hello');
  });
});
