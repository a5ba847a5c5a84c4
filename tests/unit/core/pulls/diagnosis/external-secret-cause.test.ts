/**
 * A failing ExternalSecret as a pull-failure cause: a pull secret that is an External Secrets copy
 * (controller ExternalSecret), or missing while an ExternalSecret targets its name, with Ready not
 * True — the diagnosis quotes the reason and message (masked). Near-misses say nothing.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { PullFailure } from '@core/api/contract';
import {
  externalSecretCauses,
  withExternalSecretCause,
} from '@core/pulls/diagnosis/external-secret-cause';
import type { ExternalSecretLike } from '@core/ownership/source';

const failing = {
  type: 'Ready',
  status: 'False',
  reason: 'SecretSyncedError',
  message: 'could not get secret data from provider',
};
const es = (name: string, target?: string, ready = failing): ExternalSecretLike => ({
  metadata: { name, namespace: 'team1' },
  spec: target ? { target: { name: target } } : {},
  status: { conditions: [ready] },
});
const esoCopy = (name: string, owner: string, controller = true): V1Secret => ({
  metadata: {
    name,
    namespace: 'team1',
    ownerReferences: [
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        name: owner,
        uid: 'u',
        controller,
      },
    ],
  },
});

describe('externalSecretCauses', () => {
  it('an ESO copy whose ExternalSecret is not Ready: quoted', () => {
    const [cause] = externalSecretCauses([esoCopy('regcred', 'pull')], [], [es('pull')]);
    expect(cause).toMatchObject({
      secret: 'regcred',
      externalSecret: 'team1/pull',
      reason: 'SecretSyncedError',
    });
    expect(cause!.sentence).toBe(
      'the pull secret regcred is an External Secrets copy whose ExternalSecret team1/pull is failing: SecretSyncedError: could not get secret data from provider',
    );
  });

  it('a Merge copy (ESO’s label, no owner reference): the one ExternalSecret targeting it', () => {
    const merged: V1Secret = {
      metadata: {
        name: 'regcred',
        namespace: 'team1',
        labels: { 'reconcile.external-secrets.io/managed': 'true' },
      },
    };
    const [cause] = externalSecretCauses([merged], [], [es('pull', 'regcred'), es('other')]);
    expect(cause).toMatchObject({ secret: 'regcred', externalSecret: 'team1/pull' });
    // Two ExternalSecrets write the name: not guessed.
    expect(
      externalSecretCauses([merged], [], [es('pull', 'regcred'), es('again', 'regcred')]),
    ).toEqual([]);
  });

  it('a missing pull secret an ExternalSecret targets (target.name, else its own name)', () => {
    expect(externalSecretCauses([], ['regcred'], [es('pull', 'regcred')])).toHaveLength(1);
    expect(externalSecretCauses([], ['pull'], [es('pull')])).toHaveLength(1);
  });

  it.each([
    [
      'Ready True',
      [esoCopy('regcred', 'pull')],
      [],
      [es('pull', undefined, { ...failing, status: 'True' })],
    ],
    ['no ExternalSecret of that name', [esoCopy('regcred', 'pull')], [], [es('other')]],
    ['a non-controller ESO reference', [esoCopy('regcred', 'pull', false)], [], [es('pull')]],
    ['a missing secret no ExternalSecret targets', [], ['regcred'], [es('pull', 'other')]],
    ['a plain secret', [{ metadata: { name: 'pull' } }], [], [es('pull')]],
  ])('near-miss: %s', (_label, found, missing, items) => {
    expect(externalSecretCauses(found as V1Secret[], missing as string[], items)).toEqual([]);
  });

  it('masks a credential quoted in the message', () => {
    const leaky = { ...failing, message: 'auth failed: Authorization: Basic YWxpY2U6aHVudGVyMg==' };
    const [cause] = externalSecretCauses(
      [esoCopy('regcred', 'pull')],
      [],
      [es('pull', undefined, leaky)],
    );
    expect(cause!.message).not.toContain('YWxpY2U6aHVudGVyMg==');
  });
});

describe('withExternalSecretCause', () => {
  const failure = {
    diagnosis: { kind: 'missing-secret', message: 'no credentials.' },
  } as unknown as PullFailure;
  it('adds the sentence to the diagnosis; nothing to add: the same failure', () => {
    const causes = externalSecretCauses([], ['pull'], [es('pull')]);
    expect(withExternalSecretCause(failure, causes)?.diagnosis.message).toBe(
      'no credentials. The pull secret pull is an External Secrets copy whose ExternalSecret team1/pull is failing: SecretSyncedError: could not get secret data from provider.',
    );
    expect(withExternalSecretCause(failure, [])).toBe(failure);
    expect(withExternalSecretCause(null, causes)).toBeNull();
  });
});
