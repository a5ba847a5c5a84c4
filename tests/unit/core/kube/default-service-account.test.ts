import { describe, expect, it } from 'vitest';
import { accountPullSecretNames, togglePullSecret } from '@core/kube/default-service-account';

describe('default ServiceAccount imagePullSecrets (pure)', () => {
  it('adds a secret at the end once, removes it, and leaves the others in order', () => {
    expect(togglePullSecret(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c']);
    expect(togglePullSecret(['a', 'c', 'b'], 'c', true)).toEqual(['a', 'c', 'b']);
    expect(togglePullSecret(['a', 'c', 'b'], 'c', false)).toEqual(['a', 'b']);
    expect(togglePullSecret(['a'], 'c', false)).toEqual(['a']);
  });

  it('reads the names an account lists, none for an unreadable account', () => {
    expect(accountPullSecretNames({ imagePullSecrets: [{ name: 'x' }, { name: 'y' }] })).toEqual([
      'x',
      'y',
    ]);
    expect(accountPullSecretNames(null)).toEqual([]);
  });
});
