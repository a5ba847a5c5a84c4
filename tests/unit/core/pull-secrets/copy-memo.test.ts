import { describe, expect, it } from 'vitest';
import { toCopy } from '@core/pull-secrets/model';

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
