/**
 * Pure: the pull secrets of a pod that are External Secrets copies fed by a failing token
 * generator (issue 21, "Keep fresh in the cluster" gone wrong), found through the live view's
 * ESO informers (`GeneratorLookup`, no I/O): a 401 on such a copy is the generator's diagnosis,
 * and a running workload on one is latent ("pulls after 14:02 will fail"). Never the token itself.
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import type { PullDiagnosis } from '../../api/contract';
import { maskCredentials } from '../../diagnosis/mask-text';
import { kubeletCredentials } from '../../dockerconfig/keyring';
import type { FailingGenerator, GeneratorLookup } from '../../eso-generators/behind';
import { parseImageReference } from '../../oci/reference';
import { clockTime } from '../../tokens/phrase';
import { recognizeToken } from '../../tokens/recognize';

export type { GeneratorLookup };

export interface GeneratorFed {
  secret: string;
  image: string;
  /** When the copy's last token expires (exact), or null when unknown. */
  expiresAt: string | null;
  failing: FailingGenerator;
}

/** The copies the kubelet would use for `image` whose generator fails. */
export function generatorFedFor(
  image: string,
  secrets: V1Secret[],
  lookup: GeneratorLookup,
): GeneratorFed[] {
  let parsed;
  try {
    parsed = parseImageReference(image);
  } catch {
    return [];
  }
  const byName = new Map(secrets.map((secret) => [secret.metadata?.name ?? '', secret]));
  const seen = new Set<string>();
  return kubeletCredentials(parsed.name, secrets).matches.flatMap((match) => {
    const copy = byName.get(match.source);
    if (!copy || seen.has(match.source)) return [];
    seen.add(match.source);
    const failing = lookup(copy);
    if (!failing) return [];
    const token = recognizeToken({
      registry: parsed.registry,
      username: match.username,
      password: match.password,
    });
    const expiresAt = token?.expiresAt && !token.estimate ? token.expiresAt : null;
    return [{ secret: match.source, image, expiresAt, failing }];
  });
}

/** Every image of a pod fed by a failing generator (one per secret and image). */
export function podGeneratorFed(pod: V1Pod, secrets: V1Secret[], lookup: GeneratorLookup) {
  const images = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]
    .map((container) => container.image ?? '')
    .filter(Boolean);
  return [...new Set(images)].flatMap((image) => generatorFedFor(image, secrets, lookup));
}

/** `the ECRAuthorizationToken generator "x" cannot make a new token: …` (the cause masked). */
export const generatorSentence = (fed: GeneratorFed) =>
  `${fed.failing.what} cannot make a new token: ${maskCredentials(fed.failing.cause)}`;

/**
 * A 401 on a copy fed by a failing generator: its own diagnosis kind, the generator's sentence
 * first, then the copy's last token and the kubelet's reading.
 */
export function generatorDiagnosis(
  diagnosis: PullDiagnosis,
  fed: GeneratorFed[],
  now = Date.now(),
): PullDiagnosis {
  const first = fed[0]!;
  const token = first.expiresAt
    ? `, which ${Date.parse(first.expiresAt) <= now ? 'expired' : 'expires'} at ${clockTime(first.expiresAt, now)}`
    : '';
  return {
    ...diagnosis,
    kind: 'token-generator-failing',
    message: `${generatorSentence(first)}; the pull secret "${first.secret}" (an External Secrets copy of its token) keeps its last token${token} (${diagnosis.message})`,
  };
}

/** The latent words of copies fed by failing generators. */
export function generatorLatentWords(fed: GeneratorFed[], now = Date.now()): string {
  const seen = new Set<string>();
  return fed
    .filter((item) => !seen.has(item.secret) && !!seen.add(item.secret))
    .map((item) => {
      const after = item.expiresAt
        ? Date.parse(item.expiresAt) <= now
          ? `its token expired at ${clockTime(item.expiresAt, now)}`
          : `pulls after ${clockTime(item.expiresAt, now)} will fail`
        : 'pulls after its token expires will fail';
      return `the pull secret "${item.secret}" is an External Secrets copy and ${generatorSentence(item)}: ${after}`;
    })
    .join('; ');
}
