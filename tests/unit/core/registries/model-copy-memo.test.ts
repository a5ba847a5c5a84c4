import { describe, expect, it } from 'vitest';
import type { NamespaceSummary } from '@core/api/contract';
import { groupRegistries, toCopy } from '@core/registries/model';

const secret = (password: string, resourceVersion: string) => ({
  metadata: { namespace: 'team1-dev', name: 'regcred', uid: 'u1', resourceVersion },
  type: 'kubernetes.io/dockerconfigjson',
  data: {
    '.dockerconfigjson': Buffer.from(
      JSON.stringify({ auths: { 'r.example.com': { username: 'alice', password } } }),
    ).toString('base64'),
  },
});

describe('toCopy', () => {
  it('decodes a secret object once; a changed secret (a new object) is decoded again', () => {
    const first = secret('one', '1');
    expect(toCopy(first)).toBe(toCopy(first));
    const changed = secret('two', '2');
    expect(toCopy(changed)).not.toBe(toCopy(first));
    expect(toCopy(changed).resourceVersion).toBe('2');
    expect(toCopy(changed).contentHash).not.toBe(toCopy(first).contentHash);
  });
});

describe('groupRegistries', () => {
  const namespaces: NamespaceSummary[] = [];
  const named = (name: string, password: string, resourceVersion: string) => {
    const made = secret(password, resourceVersion);
    return { ...made, metadata: { ...made.metadata, name, uid: `u-${name}` } };
  };

  it('answers the same objects (a refresh that changed nothing) with the same groups', () => {
    const a = named('a', 'one', '1');
    const b = named('b', 'two', '2');
    const first = groupRegistries([a, b], namespaces);
    expect(groupRegistries([a, b], namespaces)).toBe(first);
    // A changed secret is a new object: grouped again, and the change shows.
    const changed = named('b', 'three', '3');
    const next = groupRegistries([a, changed], namespaces);
    expect(next).not.toBe(first);
    expect(next.find((group) => group.name === 'b')?.copies[0]?.resourceVersion).toBe('3');
    // A deleted secret too.
    expect(groupRegistries([a], namespaces).map((group) => group.name)).toEqual(['a']);
    // Another namespaces list (e.g. a namespace joined a project) is grouped on its own.
    expect(groupRegistries([a, b], [])).not.toBe(first);
    expect(groupRegistries([a, b], [])).toEqual(first);
  });
});
