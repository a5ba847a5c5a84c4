/**
 * Pure: a context's pods folded into the Pull doctor's lists — workloads with a pod that cannot
 * get its image (with the diagnosis engine's one-line diagnosis), and running workloads that will
 * fail when rescheduled because a pull secret they name is missing or rejected by the kubelet.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type {
  LatentPull,
  PullContainer,
  PullDiagnosis,
  PullFailure,
  PullWorkloadKind,
} from '../../api/contract';
import { kubeletCredentials, kubeletRejections } from '../../dockerconfig/keyring';
import { parseImageReference } from '../../oci/reference';
import { diagnosePull } from '../../diagnosis/pull-failure';
import { registryRejections, type VerdictLookup } from '../checks/credential-checks';
import { cloudRegistryOf } from '../diagnosis/node-identity';
import { missingSecretsNote, podSecrets, type SecretLookup } from '../model/pod-secrets';
import { expiredTokensFor, expiredWords, podExpiredTokens } from './expired-tokens';
import {
  generatorDiagnosis,
  generatorFedFor,
  generatorLatentWords,
  generatorSentence,
  podGeneratorFed,
  type GeneratorLookup,
} from './generator-causes';
import { anyWaiting, owningWorkload, pullFailures, type OwnerInfo } from './pod-failures';

export interface PullsInput {
  context: string;
  pods: V1Pod[];
  owners: Map<string, OwnerInfo>;
  secret: SecretLookup;
  /** What the registry answered to the laptop's check of a credential (latent "now rejected"). */
  registryVerdict?: VerdictLookup | undefined;
  /** External Secrets copies → their failing token generator (the ESO informers; absent: not known). */
  generators?: GeneratorLookup | undefined;
}

export const pullId = (context: string, namespace: string, kind: string, name: string) =>
  `${context}/${namespace}/${kind}/${name}`;

/** The same ISO form for a typed Date and the wire's RFC 3339 string ("…T05:00:00Z"). */
function iso(value: Date | string | undefined): string | null {
  if (!value) return null;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

/** Since when the pod has not been ready (its Ready condition), else its creation. */
function notReadySince(pod: V1Pod): string | null {
  const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
  if (ready && ready.status !== 'True' && ready.lastTransitionTime)
    return iso(ready.lastTransitionTime);
  return iso(pod.metadata?.creationTimestamp);
}

/** The one-line diagnosis of a failing container, with the kubelet's matching. */
export function diagnoseContainer(
  pod: V1Pod,
  container: PullContainer,
  secret: SecretLookup,
  generators?: GeneratorLookup,
): PullDiagnosis {
  const { found, missing } = podSecrets(pod, secret);
  let image;
  try {
    image = parseImageReference(container.image);
  } catch (error) {
    return {
      kind: 'unknown',
      host: '',
      secrets: [],
      message: `invalid image name "${container.image}": ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (container.reason === 'ErrImageNeverPull')
    return {
      kind: 'unknown',
      host: image.registry,
      secrets: [],
      message: `imagePullPolicy is Never and ${container.image} is not on the node`,
    };
  const credentials = kubeletCredentials(image.name, found);
  const diagnosis = diagnosePull({
    message: container.message || container.reason,
    image: container.image,
    host: image.registry,
    repository: image.repository,
    tag: image.tag,
    matchingSecrets: [...new Set(credentials.matches.map((match) => match.source))],
    rejectedSecrets: credentials.rejected,
    staleAuthSecrets: [
      ...new Set(
        credentials.matches.filter((match) => match.staleFields).map((match) => match.source),
      ),
    ],
  });
  const notes: string[] = [];
  if (missing.length) notes.push(missingSecretsNote(missing, pod.metadata?.namespace ?? ''));
  const rejectedByRegistry = diagnosis.kind === 'credentials-rejected';
  const fed =
    rejectedByRegistry && generators ? generatorFedFor(container.image, found, generators) : [];
  if (fed.length) {
    const own = generatorDiagnosis(diagnosis, fed);
    return notes.length ? { ...own, message: `${own.message} (${notes.join('; ')})` } : own;
  }
  const expired = rejectedByRegistry && !fed.length ? expiredTokensFor(container.image, found) : [];
  if (expired.length) notes.push(`${expiredWords(expired)}: refresh it (Registries → Refresh now)`);
  const cloud = cloudRegistryOf(image.registry);
  if (diagnosis.kind === 'no-credentials' && cloud)
    notes.push(`${image.registry} is ${cloud}: the node may have its own credentials for it`);
  return notes.length
    ? { ...diagnosis, message: `${diagnosis.message} (${notes.join('; ')})` }
    : diagnosis;
}

interface Group<T> {
  namespace: string;
  kind: PullWorkloadKind;
  name: string;
  pods: V1Pod[];
  items: T[];
}

function groupBy<T>(
  entries: Array<{ pod: V1Pod; item: T }>,
  owners: Map<string, OwnerInfo>,
): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const { pod, item } of entries) {
    const owner = owningWorkload(pod, owners);
    const namespace = pod.metadata?.namespace ?? '';
    const key = `${namespace}/${owner.kind}/${owner.name}`;
    let group = groups.get(key);
    if (!group) {
      group = { namespace, ...owner, pods: [], items: [] };
      groups.set(key, group);
    }
    group.pods.push(pod);
    group.items.push(item);
  }
  return [...groups.values()];
}

/** localeCompare's order, with one collator made once (localeCompare sets one up per call). */
const collate = new Intl.Collator().compare;
const byPlace = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
  collate(a.namespace, b.namespace) || collate(a.name, b.name);

/**
 * A pod's failing containers, read once per informer object: an update replaces the object, so
 * a re-fold after one change reads one pod, not every pod of the context.
 */
const failuresOf = new WeakMap<V1Pod, PullContainer[]>();
const none: PullContainer[] = [];
function cachedPullFailures(pod: V1Pod): PullContainer[] {
  // A pod with no container waiting (most) is answered without the WeakMap: 5,000 new keys cost
  // more than the check. (Not "running": a restarted sidecar can wait on its image in a running pod.)
  if (!anyWaiting(pod)) return none;
  let failures = failuresOf.get(pod);
  if (!failures) {
    failures = pullFailures(pod);
    failuresOf.set(pod, failures);
  }
  return failures;
}

/**
 * The diagnosis of a failing container of a pod that names no pull secret, kept per container
 * reading (itself kept per informer object): with no secret, it depends on the container alone.
 * A pod that names pull secrets is diagnosed at every fold (its secrets, their tokens' expiry and
 * the generators behind them change without the pod).
 */
const diagnosisOf = new WeakMap<PullContainer, PullDiagnosis>();
function keptDiagnosis(
  pod: V1Pod,
  container: PullContainer,
  secret: SecretLookup,
  generators?: GeneratorLookup,
): PullDiagnosis {
  if (pod.spec?.imagePullSecrets?.length)
    return diagnoseContainer(pod, container, secret, generators);
  let diagnosis = diagnosisOf.get(container);
  if (!diagnosis) {
    diagnosis = diagnoseContainer(pod, container, secret, generators);
    diagnosisOf.set(container, diagnosis);
  }
  return diagnosis;
}

/**
 * A pod read ahead of its first fold, as the list brings it (kube/list-stream.ts): its failing
 * containers, and the diagnosis of the first when it names no pull secret — what the fold would
 * read of it, so a cold open has little left to do after the last byte.
 */
export function preparePod(pod: V1Pod): void {
  if (pod.metadata?.deletionTimestamp) return;
  const [first] = cachedPullFailures(pod);
  if (first && !pod.spec?.imagePullSecrets?.length) keptDiagnosis(pod, first, noSecret);
}
const noSecret: SecretLookup = () => undefined;

/** The workloads with a pod that cannot get its image. */
export function foldFailing(input: PullsInput): PullFailure[] {
  const entries = input.pods.flatMap((pod) => {
    if (pod.metadata?.deletionTimestamp) return [];
    const failures = cachedPullFailures(pod);
    return failures.length ? [{ pod, item: failures }] : [];
  });
  return groupBy(entries, input.owners)
    .map((group) => {
      const containers = new Map<string, PullContainer>();
      for (const failures of group.items)
        for (const failure of failures)
          if (!containers.has(failure.name)) containers.set(failure.name, failure);
      const first = group.items[0]![0]!;
      const since = group.pods
        .map(notReadySince)
        .filter((value): value is string => !!value)
        .sort()[0];
      return {
        id: pullId(input.context, group.namespace, group.kind, group.name),
        context: input.context,
        namespace: group.namespace,
        kind: group.kind,
        name: group.name,
        containers: [...containers.values()],
        since: since ?? null,
        pods: group.pods.map((pod) => pod.metadata?.name ?? '').sort(),
        diagnosis: keptDiagnosis(group.pods[0]!, first, input.secret, input.generators),
      };
    })
    .sort(byPlace);
}

/** True when every container of the pod runs (the images are on the node). */
export function running(pod: V1Pod): boolean {
  const statuses = pod.status?.containerStatuses ?? [];
  return (
    pod.status?.phase === 'Running' &&
    statuses.length > 0 &&
    statuses.every((status) => !!status.state?.running)
  );
}

/**
 * Running workloads whose pods name a pull secret that is missing, or that the kubelet cannot
 * decode: they run only because the image is already on the node.
 */
export function foldLatent(input: PullsInput): LatentPull[] {
  const entries = input.pods.flatMap((pod) => {
    if (pod.metadata?.deletionTimestamp || !running(pod)) return [];
    const { found, missing } = podSecrets(pod, input.secret);
    // No pull secret named, or none known yet: nothing to reject, nothing expired (most pods).
    if (!found.length && !missing.length) return [];
    const rejected = kubeletRejections(found);
    const byRegistry =
      input.registryVerdict && !rejected.length
        ? registryRejections(pod, found, input.registryVerdict)
        : [];
    const expired = rejected.length ? [] : podExpiredTokens(pod, found);
    const fed =
      !rejected.length && input.generators ? podGeneratorFed(pod, found, input.generators) : [];
    const quiet = !missing.length && !rejected.length && !byRegistry.length;
    if (quiet && !expired.length && !fed.length) return [];
    return [{ pod, item: { missing, rejected, byRegistry, expired, fed } }];
  });
  return groupBy(entries, input.owners)
    .map((group) => {
      const missing = [...new Set(group.items.flatMap((item) => item.missing))].sort();
      const rejected = group.items
        .flatMap((item) => item.rejected)
        .filter(
          (item, index, all) => all.findIndex((other) => other.secret === item.secret) === index,
        );
      const registryRejected = group.items
        .flatMap((item) => item.byRegistry)
        .filter(
          (item, index, all) =>
            all.findIndex((other) => other.secret === item.secret && other.image === item.image) ===
            index,
        );
      const fed = group.items.flatMap((item) => item.fed);
      // A copy a failing generator feeds is said once, by its generator.
      const expired = group.items
        .flatMap((item) => item.expired)
        .filter((item) => !fed.some((other) => other.secret === item.secret));
      const why = [
        missing.length
          ? `pull secret ${missing.map((name) => `"${name}"`).join(', ')} is missing`
          : null,
        rejected.length
          ? `the kubelet rejects ${rejected.map((item) => `"${item.secret}" (${item.reason})`).join(', ')}`
          : null,
        expired.length ? expiredWords(expired) : null,
        fed.length ? generatorLatentWords(fed) : null,
        registryRejected.length
          ? `the registry now rejects ${[...new Set(registryRejected.map((item) => `"${item.secret}"`))].join(', ')} for ${[...new Set(registryRejected.map((item) => item.image))].join(', ')} (checked from this computer)`
          : null,
      ]
        .filter(Boolean)
        .join('; ');
      const images = [
        ...new Set(
          group.pods.flatMap((pod) =>
            [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map(
              (container) => container.image ?? '',
            ),
          ),
        ),
      ];
      return {
        id: pullId(input.context, group.namespace, group.kind, group.name),
        context: input.context,
        namespace: group.namespace,
        kind: group.kind,
        name: group.name,
        pods: group.pods.map((pod) => pod.metadata?.name ?? '').sort(),
        images,
        missingSecrets: missing,
        rejectedSecrets: rejected,
        ...(registryRejected.length ? { registryRejected } : {}),
        ...(expired.length
          ? {
              expiredTokens: expired.map(({ secret, image, token }) => ({
                secret,
                image,
                expiresAt: token.expiresAt ?? '',
                provider: token.provider,
              })),
            }
          : {}),
        ...(fed.length
          ? {
              failingGenerators: fed.map((item) => ({
                image: item.image,
                secret: item.secret,
                generator: item.failing.generator,
                externalSecret: item.failing.externalSecret,
                expiresAt: item.expiresAt,
                sentence: generatorSentence(item),
              })),
            }
          : {}),
        message: `will fail when rescheduled: ${why}; it runs only because the image is already on the node`,
      };
    })
    .sort(byPlace);
}

/**
 * Which server versions re-verify the credentials of cached images
 * (KubeletEnsureSecretPulledImages): alpha (off) in 1.33–1.34, beta and on by default from 1.35.
 */
export function reverifyNote(version: string | null): string {
  const minor = /^v?1\.(\d+)/.exec(version ?? '')?.[1];
  const base =
    'KubeletEnsureSecretPulledImages (alpha in 1.33–1.34, beta and on by default from 1.35) makes the kubelet re-verify pull credentials for images already on the node';
  if (minor === undefined) return `${base}; server version unknown.`;
  if (Number(minor) >= 35)
    return `${base}: this cluster (${version}) re-verifies, so these pods also fail when restarted on the same node unless the feature gate is turned off.`;
  if (Number(minor) >= 33)
    return `${base}: this cluster (${version}) has it off unless enabled; these pods fail when rescheduled to a node without the image.`;
  return `${base}: this cluster (${version}) predates it; these pods fail when rescheduled to a node without the image.`;
}

/** Secrets named by the pods of interest (failing or running) that must be known to fold. */
export function referencedSecrets(pods: V1Pod[]): Array<{ namespace: string; name: string }> {
  const seen = new Map<string, { namespace: string; name: string }>();
  for (const pod of pods) {
    const namespace = pod.metadata?.namespace ?? '';
    for (const ref of pod.spec?.imagePullSecrets ?? [])
      if (ref.name) seen.set(`${namespace}/${ref.name}`, { namespace, name: ref.name });
  }
  return [...seen.values()];
}
