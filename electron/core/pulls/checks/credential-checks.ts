/**
 * The latent "credentials now rejected" problem. A running pod keeps running on an image already
 * on its node even after the registry stopped accepting its pull secret; the next reschedule (or,
 * from 1.35, the kubelet's re-verification) fails. PullKey checks from the laptop each credential
 * the kubelet would use for the images of the running pods — once per (registry host,
 * credential), however many secrets, repositories and pods share it: a stale password used by
 * N repositories is one failed login, not N (an LDAP-backed registry locks accounts after a few).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { kubeletCredentials } from '../../dockerconfig/keyring';
import { parseImageReference } from '../../oci/reference';

export interface CredentialCheck {
  /** `host#username#digest`: the credential on that registry (the digest hides the password). */
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
  | { state: 'ok' }
  /** repository: the rejection concerns that repository only (403), not the credential. */
  | { state: 'rejected'; reason: string; repository?: string }
  | { state: 'unknown'; reason?: string };

/** What the registry answered about a check's credential; undefined: not asked (or not shown). */
export type VerdictLookup = (check: CredentialCheck) => CheckVerdict | undefined;

export interface PodImageChecks {
  image: string;
  /** Every credential the kubelet would try for the image, in its order. */
  checks: CredentialCheck[];
}

/** Per process: a key from a leaked cache key cannot be tested against guessed passwords. */
const keySecret = randomBytes(32);

export function credentialKey(host: string, username: string, password: string): string {
  const digest = createHmac('sha256', keySecret)
    .update(`${host}\0${username}\0${password}`)
    .digest('base64url')
    .slice(0, 22);
  return `${host}#${username}#${digest}`;
}

/** For one pod and its pull secrets read, the credentials the kubelet would try per image. */
export function podCredentialChecks(pod: V1Pod, found: V1Secret[]): PodImageChecks[] {
  if (!found.length) return [];
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
      key: credentialKey(reference.registry, match.username, match.password),
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

/** A verdict that rejects this check's credential for this check's repository. */
function rejects(
  verdict: CheckVerdict | undefined,
  check: CredentialCheck,
): verdict is Extract<CheckVerdict, { state: 'rejected' }> {
  return (
    verdict?.state === 'rejected' &&
    (verdict.repository === undefined || verdict.repository === check.repository)
  );
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
    const answers = checks.map((check) => ({ check, answer: verdict(check) }));
    if (!answers.every(({ check, answer }) => rejects(answer, check))) return [];
    return answers.map(({ check, answer }) => ({
      image,
      secret: check.secret,
      reason: rejects(answer, check) ? answer.reason : '',
    }));
  });
}

/** The credentials to ask about, once each (many pods, secrets and repositories share one). */
export function uniqueChecks(pods: Array<{ pod: V1Pod; found: V1Secret[] }>): CredentialCheck[] {
  const wanted = new Map<string, CredentialCheck>();
  for (const { pod, found } of pods)
    for (const { checks } of podCredentialChecks(pod, found))
      for (const check of checks) if (!wanted.has(check.key)) wanted.set(check.key, check);
  return [...wanted.values()];
}
