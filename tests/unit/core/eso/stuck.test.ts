/** Namespaces stuck Terminating on ESO's ces-* finalizer. */
import { describe, expect, it } from 'vitest';
import { stuckOnEso } from '@core/eso/stuck';

describe('stuckOnEso', () => {
  it('a terminating namespace held by a ces-* finalizer', () => {
    const stuck = stuckOnEso({
      name: 'team1-dev',
      deletionTimestamp: '2026-12-07T02:00:00Z',
      finalizers: ['other/x', 'externalsecrets.external-secrets.io/ces-regcred-pullkey-team1'],
    });
    expect(stuck).toMatchObject({
      engine: 'external-secrets',
      finalizers: ['externalsecrets.external-secrets.io/ces-regcred-pullkey-team1'],
      clusterExternalSecrets: ['regcred-pullkey-team1'],
    });
    expect(stuck!.message).toContain('/metadata/finalizers/1');
  });

  it('near misses: not terminating, or another finalizer', () => {
    expect(
      stuckOnEso({
        name: 'a',
        finalizers: ['externalsecrets.external-secrets.io/ces-x'],
      }),
    ).toBeNull();
    expect(
      stuckOnEso({
        name: 'a',
        deletionTimestamp: '2026-12-07T02:00:00Z',
        finalizers: ['externalsecrets.external-secrets.io/clusterexternalsecret-cleanup'],
      }),
    ).toBeNull();
  });
});
