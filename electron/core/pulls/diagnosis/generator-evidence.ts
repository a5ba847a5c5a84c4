/**
 * A pod's pull secret that External Secrets copies from a source kept fresh by a token generator
 * (issue 21, "Keep fresh in the cluster"): when that generator fails, the copy keeps a token that
 * expires, and the failing pull is explained by the generator's own error, read from its Events
 * ("… cannot make a new token: unable to create aws session: …"). Read only, best effort.
 */
import type { V1Pod, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import { generatorBehindCopy } from '../../eso-generators/read';
import type { KubeSession } from '../../kube/session';
import type { SecretLookup } from '../model/pod-secrets';

/** Secret name → the failing generator's diagnosis, for the pod's ESO-kept pull secrets. */
export async function generatorDiagnoses(
  session: KubeSession,
  pod: V1Pod | null | undefined,
  account: V1ServiceAccount | null,
  secret: SecretLookup,
): Promise<Map<string, string>> {
  const namespace = pod?.metadata?.namespace;
  if (!pod || !namespace) return new Map();
  const own = (pod.spec?.imagePullSecrets ?? []).map((r) => r.name ?? '');
  const names = own.length ? own : (account?.imagePullSecrets ?? []).map((r) => r.name ?? '');
  const copies = names
    .map((name) => secret(namespace, name))
    .filter(
      (s): s is V1Secret =>
        typeof s === 'object' &&
        !!s.metadata?.ownerReferences?.some((r) => r.kind === 'ExternalSecret' && r.controller),
    );
  const states = await Promise.all(copies.map((copy) => generatorBehindCopy(session, copy)));
  return new Map(
    copies.flatMap((copy, i) => {
      const diagnosis = states[i]?.diagnosis;
      return diagnosis ? [[copy.metadata?.name ?? '', diagnosis] as [string, string]] : [];
    }),
  );
}
