/**
 * Pure: the short-lived registry tokens (ECR, ACR, any JWT: those whose expiry is exact) a pod's
 * pull secrets hand the kubelet for its images, when they have expired — the Pull doctor's "the
 * ECR token expired at 14:02" on a 401, and a running workload's latent problem (its next pull
 * fails). An estimated expiry (Artifact Registry) is never a verdict here. Never the token itself.
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import type { TokenView } from '../../api/contract';
import { kubeletCredentials } from '../../dockerconfig/keyring';
import { kubeletReadSecret } from '../../dockerconfig/kubelet-config';
import { parseImageReference } from '../../oci/reference';
import { expirySentence } from '../../tokens/phrase';
import { recognizeToken } from '../../tokens/recognize';

export interface ExpiredToken {
  secret: string;
  image: string;
  token: TokenView;
}

/** The expired tokens the kubelet would use for `image` (every match of the image expired). */
export function expiredTokensFor(
  image: string,
  secrets: V1Secret[],
  now: number = Date.now(),
): ExpiredToken[] {
  let name: string;
  let registry: string;
  try {
    const parsed = parseImageReference(image);
    name = parsed.name;
    registry = parsed.registry;
  } catch {
    return [];
  }
  const { matches } = kubeletCredentials(name, secrets);
  const expired = matches.flatMap((match) => {
    const token = recognizeToken({ registry, username: match.username, password: match.password });
    return token?.expiresAt && !token.estimate && Date.parse(token.expiresAt) <= now
      ? [{ secret: match.source, image, token }]
      : [];
  });
  // Another credential the kubelet tries after an expired one may still work: no verdict then.
  return matches.length > 0 && expired.length === matches.length ? expired : [];
}

/** Every expired token of a pod's images (one per secret and image). */
export function podExpiredTokens(pod: V1Pod, secrets: V1Secret[], now = Date.now()) {
  const images = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]
    .map((container) => container.image ?? '')
    .filter(Boolean);
  return [...new Set(images)].flatMap((image) => expiredTokensFor(image, secrets, now));
}

/** `the ECR token in secret "regcred" expired at 14:02` for each (secret, token), joined. */
export function expiredWords(expired: ExpiredToken[], now = Date.now()): string {
  const seen = new Set<string>();
  return expired
    .filter((item) => !seen.has(item.secret) && !!seen.add(item.secret))
    .map((item) => expirySentence(item.token, now, `in secret "${item.secret}"`))
    .join('; ');
}

/** The exact token expiries (epoch ms) a secret's credentials hold, read once per secret object. */
const expiriesOf = new WeakMap<V1Secret, number[]>();
function secretExpiries(secret: V1Secret): number[] {
  let known = expiriesOf.get(secret);
  if (!known) {
    const verdict = kubeletReadSecret(secret);
    known = verdict.rejected
      ? []
      : verdict.entries.flatMap((entry) => {
          const token = recognizeToken({
            registry: entry.key,
            username: entry.username,
            password: entry.password,
          });
          const at = token?.expiresAt && !token.estimate ? Date.parse(token.expiresAt) : NaN;
          return Number.isFinite(at) ? [at] : [];
        });
    expiriesOf.set(secret, known);
  }
  return known;
}

/**
 * The earliest token expiry still to come (epoch ms) among the pull secrets the pods name, or
 * null: when it passes, a view folded from them changes with no cluster event ("expires" becomes
 * "expired"), so the live view folds again then.
 */
export function nextTokenExpiry(secrets: V1Secret[], now = Date.now()): number | null {
  let next: number | null = null;
  for (const secret of secrets)
    for (const at of secretExpiries(secret))
      if (at > now && (next === null || at < next)) next = at;
  return next;
}
