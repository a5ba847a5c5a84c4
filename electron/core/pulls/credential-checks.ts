/**
 * Pure: the latent "credentials now rejected" problem. A running pod keeps running on an image
 * already on its node even after the registry stopped accepting its pull secret; the next
 * reschedule (or, from 1.35, the kubelet's re-verification) fails. PullKey checks from the laptop
 * each credential the kubelet would use for each image of the running pods — once per (secret
 * resourceVersion, image repository), so a registry is asked again only when the secret changes.
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { kubeletCredentials } from '../dockerconfig/keyring';
import { parseImageReference } from '../oci/reference';

export interface CredentialCheck {
  /** `namespace/secret@resourceVersion|registry/repository#username`: the cache key. */
  key: string;
  secret: string;
  host: string;
  repository: string;
  /** The tag or digest of the image (the manifest checked). */
  reference: string;
  username: string;
  password: string;
}

export type CheckVerdict =
  { state: 'ok' } | { state: 'rejected'; reason: string } | { state: 'unknown' };

/** What the registry answered, by cache key; undefined: not asked yet. */
export type VerdictLookup = (key: string) => CheckVerdict | undefined;

export interface PodImageChecks {
  image: string;
  /** Every credential the kubelet would try for the image, in its order. */
  checks: CredentialCheck[];
}

/** For one pod and its pull secrets read, the credentials the kubelet would try per image. */
export function podCredentialChecks(pod: V1Pod, found: V1Secret[]): PodImageChecks[] {
  const namespace = pod.metadata?.namespace ?? '';
  if (!found.length) return [];
  const versions = new Map(
    found.map((item) => [item.metadata?.name ?? '', item.metadata?.resourceVersion ?? '']),
  );
  const images = new Set(
    [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map(
      (container) => container.image ?? '',
    ),
  );
  const result: PodImageChecks[] = [];
  for (const image of images) {
    let reference;
    try {
      reference = parseImageReference(image);
    } catch {
      continue;
    }
    const { matches } = kubeletCredentials(reference.name, found);
    const checks = matches.map((match) => ({
      key: `${namespace}/${match.source}@${versions.get(match.source) ?? ''}|${reference.name}#${match.username}`,
      secret: match.source,
      host: reference.registry,
      repository: reference.repository,
      reference: reference.digest ?? reference.tag ?? 'latest',
      username: match.username,
      password: match.password,
    }));
    if (checks.length) result.push({ image, checks });
  }
  return result;
}

/**
 * The images of a running pod whose every kubelet credential the registry rejected (the kubelet
 * tries each in turn; one accepted is enough), with the secrets and why.
 */
export function registryRejections(
  pod: V1Pod,
  found: V1Secret[],
  verdict: VerdictLookup,
): Array<{ image: string; secret: string; reason: string }> {
  return podCredentialChecks(pod, found).flatMap(({ image, checks }) => {
    const answers = checks.map((check) => ({ check, answer: verdict(check.key) }));
    if (!answers.every(({ answer }) => answer?.state === 'rejected')) return [];
    return answers.map(({ check, answer }) => ({
      image,
      secret: check.secret,
      reason: answer?.state === 'rejected' ? answer.reason : '',
    }));
  });
}

/** Checks not answered yet, once each (many pods share a secret and an image). */
export function pendingChecks(
  pods: Array<{ pod: V1Pod; found: V1Secret[] }>,
  known: (key: string) => boolean,
): CredentialCheck[] {
  const wanted = new Map<string, CredentialCheck>();
  for (const { pod, found } of pods)
    for (const { checks } of podCredentialChecks(pod, found))
      for (const check of checks) if (!known(check.key)) wanted.set(check.key, check);
  return [...wanted.values()];
}
