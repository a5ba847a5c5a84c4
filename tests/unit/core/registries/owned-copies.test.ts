/** Engine-kept copies: refused before any write, named, and never quoting the secret's data. */
import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { RegistriesList } from '@core/api/contract';
import { isAppError } from '@core/api/errors';
import {
  keptResult,
  providedOrClash,
  refuseOwned,
  sameCredentials,
} from '@core/registries/owned-copies';
import { toCopy } from '@core/registries/model';

const PASSWORD = 'owned-copy-password-7f3a';
const config = (password: string) => ({
  auths: { 'registry.example.com': { username: 'alice', password } },
});
const encoded = (password: string) =>
  Buffer.from(JSON.stringify(config(password))).toString('base64');

function secret(namespace: string, annotations: Record<string, string> = {}): V1Secret {
  return {
    metadata: {
      name: 'pull',
      namespace,
      annotations,
      uid: `uid-${namespace}`,
      resourceVersion: '7',
    },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': encoded(PASSWORD) },
  };
}
const reflected = (namespace: string) =>
  secret(namespace, { 'reflector.v1.k8s.emberstack.com/reflects': 'registry/pull' });
const where = { context: 'kind', namespace: 'team1', name: 'pull' };

/** The live list of a context, as the registries service answers it. */
const listOf = (secrets: V1Secret[]) => (context: string) =>
  Promise.resolve({
    context,
    groups: secrets.map((item) => ({ copies: [toCopy(item)] })),
    partial: false,
    note: null,
  } as unknown as RegistriesList);

describe('refuseOwned', () => {
  it('throws OWNED_BY_ENGINE naming the engine and source, before any write', async () => {
    const error = await refuseOwned(
      'edit',
      ['team1', 'team2'].map((namespace) => ({ context: 'kind', namespace, name: 'pull' })),
      listOf([secret('team1'), reflected('team2')]),
    ).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe('OWNED_BY_ENGINE');
    const message = (error as Error).message;
    expect(message).toContain('team2/pull is kept by Reflector (Reflector source registry/pull)');
    expect(message).toContain('Nothing was changed');
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
    expect((error as { details: unknown }).details).toEqual({
      owned: [
        {
          context: 'kind',
          namespace: 'team2',
          name: 'pull',
          engine: 'reflector',
          engineName: 'Reflector',
          source: 'Reflector source registry/pull',
        },
      ],
    });
  });

  it('lets unowned and unlisted targets through (the write re-checks what it reads)', async () => {
    await expect(
      refuseOwned(
        'delete',
        ['team1', 'gone'].map((namespace) => ({ context: 'kind', namespace, name: 'pull' })),
        listOf([secret('team1')]),
      ),
    ).resolves.toBeUndefined();
  });
});

describe('keptResult (the guard of a write under way)', () => {
  it('reports an engine copy as a clash, naming it', () => {
    expect(keptResult(reflected('team1'), where)).toEqual({
      ...where,
      outcome: 'clash',
      message: 'kept by Reflector (Reflector source registry/pull): not written; change its source',
    });
    expect(keptResult(secret('team1'), where)).toBeNull();
  });
});

describe('providedOrClash (create and sync meet a same-named engine copy)', () => {
  it('same credentials: provided by the engine', () => {
    expect(providedOrClash(reflected('team1'), config(PASSWORD), where)).toEqual({
      ...where,
      outcome: 'unchanged',
      message: 'provided by Reflector (Reflector source registry/pull)',
    });
  });

  it('other credentials: a named clash, never the password', () => {
    const result = providedOrClash(reflected('team1'), config('another-password'), where);
    expect(result).toMatchObject({ outcome: 'clash' });
    expect(result?.message).toContain('kept by Reflector');
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it('not owned: null (the usual clash rules apply)', () => {
    expect(providedOrClash(secret('team1'), config(PASSWORD), where)).toBeNull();
  });

  it('compares logins, not bytes: an extra registry in the copy still provides', () => {
    const wider = {
      auths: { ...config(PASSWORD).auths, 'other.example.com': { username: 'bob', password: 'x' } },
    };
    expect(sameCredentials(wider, config(PASSWORD))).toBe(true);
    expect(sameCredentials(config(PASSWORD), wider)).toBe(false);
  });
});

describe('toCopy', () => {
  it('carries the owner of a listed copy', () => {
    expect(toCopy(reflected('team1')).owner).toMatchObject({
      engine: 'reflector',
      badge: 'Copy of registry/pull (Reflector)',
    });
    expect(toCopy(secret('team1')).owner).toBeNull();
  });
});
