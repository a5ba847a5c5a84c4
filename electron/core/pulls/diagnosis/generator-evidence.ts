/**
 * A pod's pull secret that External Secrets copies from a source kept fresh by a token generator
 * (issue 21, "Keep fresh in the cluster"): when that generator fails, the copy keeps a token that
 * expires, and the failing pull is explained by the generator's own error, read from its Events
 * ("… cannot make a new token: unable to create aws session: …"). Read only, best effort.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { EsObject } from '../../eso-generators/behind';
import { generatorBehindCopy } from '../../eso-generators/read';
import type { KubeSession } from '../../kube/session';
import { secretOwner } from '../../ownership/owner';
import { podSecrets, type SecretLookup } from '../model/pod-secrets';

/**
 * Secret name → the failing generator's diagnosis, for the pod's ESO-kept pull secrets (the pod's
 * own imagePullSecrets: admission already copied its ServiceAccount's into them). `known`: the
 * namespace's ExternalSecrets the detail already listed (the copy's owner is not read again).
 */
export async function generatorDiagnoses(
  session: KubeSession,
  pod: V1Pod | null | undefined,
  secret: SecretLookup,
  known?: EsObject[],
): Promise<Map<string, string>> {
  if (!pod?.metadata?.namespace) return new Map();
  const copies = podSecrets(pod, secret).found.filter(
    (copy) => secretOwner(copy.metadata)?.engine === 'external-secrets',
  );
  const states = await Promise.all(copies.map((copy) => generatorBehindCopy(session, copy, known)));
  return new Map(
    copies.flatMap((copy, i) => {
      const diagnosis = states[i]?.diagnosis;
      return diagnosis ? [[copy.metadata?.name ?? '', diagnosis] as [string, string]] : [];
    }),
  );
}
