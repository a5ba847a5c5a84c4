/**
 * Fuzz of the IPC boundary: EVERY channel of the contract is driven through the real router with
 * generated payloads (wrong types, unknown nested keys, 1 MB strings, 100k-item arrays,
 * prototype keys). Handlers are real where cheap (clipboard, TLS settings, pending retries) and
 * otherwise guards that fail the test if they are reached with input the schema should refuse.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelNames, channels, MAX_CLIPBOARD_TEXT, type ChannelName } from '@core/api/contract';
import { AppError, errorCodes } from '@core/api/errors';
import { createRouter, type Handlers, type Router } from '@core/api/router';
import { copyText } from '@core/app/clipboard';
import { createPendingOperations } from '@core/registries/pending';
import { createRegistryTls } from '@core/settings/registry-tls';
import { createSettingsStore } from '@core/settings/store';
import { caPem, secretRef, workload, samples } from './ipc-fuzz-samples';
import { prng, BIG_ARRAY, mutate, PROTO } from './ipc-fuzz-mutations';

const PAYLOADS = 10_000;

// ---- the handlers

const reached = new Map<ChannelName, number>();
const refusedByGuard: string[] = [];

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
