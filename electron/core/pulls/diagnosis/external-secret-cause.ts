/**
 * Pure: a failing ExternalSecret as a pull-failure cause in its own right (issue 20). When a pod's
 * pull secret is an External Secrets copy (its controller ExternalSecret, or for a Merge / Orphan
 * copy the one ExternalSecret that targets its name) or is missing while an
 * ExternalSecret of the namespace should write it (target.name), and that ExternalSecret's Ready
 * condition is not True, the diagnosis quotes its reason and message (masked: a provider's error
 * text can hold anything).
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { PullExternalSecretCause, PullFailure } from '../../api/contract';
import { secretOwner } from '../../ownership/owner';
import { failingReady, targetNameOf, type ExternalSecretLike } from '../../ownership/source';
import { maskCredentials } from '../../diagnosis/mask-text';

export function externalSecretCauses(
  found: V1Secret[],
  missing: string[],
  externalSecrets: ExternalSecretLike[],
): PullExternalSecretCause[] {
  const byName = (name: string) => externalSecrets.find((es) => es.metadata?.name === name);
  const wanted: Array<{ secret: string; es: ExternalSecretLike | undefined }> = [
    ...found.flatMap((secret) => {
      const owner = secretOwner(secret.metadata);
      const name = secret.metadata?.name ?? '';
      if (owner?.via) return [{ secret: name, es: byName(owner.via.name) }];
      // A Merge / Orphan copy (ESO's label, no owner reference): the one ExternalSecret that
      // writes it, by target name; none or several is not guessed.
      if (owner?.engine !== 'external-secrets' || !owner.target) return [];
      const writers = externalSecrets.filter((es) => targetNameOf(es) === owner.target!.name);
      return writers.length === 1 ? [{ secret: name, es: writers[0] }] : [];
    }),
    ...missing.map((secret) => ({
      secret,
      es: externalSecrets.find((es) => targetNameOf(es) === secret),
    })),
  ];
  return wanted.flatMap(({ secret, es }) => {
    const ready = es ? failingReady(es) : null;
    if (!es || !ready) return [];
    const externalSecret = `${es.metadata?.namespace ?? ''}/${es.metadata?.name ?? ''}`;
    const reason = ready.reason || 'NotReady';
    const message = maskCredentials(ready.message || 'no message');
    return [
      {
        secret,
        externalSecret,
        reason,
        message,
        sentence: `the pull secret ${secret} is an External Secrets copy whose ExternalSecret ${externalSecret} is failing: ${reason}: ${message}`,
      },
    ];
  });
}

/** The failure's diagnosis with each failing ExternalSecret's sentence added. */
export function withExternalSecretCause(
  failure: PullFailure | null,
  causes: PullExternalSecretCause[] | undefined,
): PullFailure | null {
  if (!failure || !causes?.length) return failure;
  const added = causes
    .map((cause) => ` ${cause.sentence[0]!.toUpperCase()}${cause.sentence.slice(1)}.`)
    .join('');
  return {
    ...failure,
    diagnosis: { ...failure.diagnosis, message: failure.diagnosis.message + added },
  };
}
