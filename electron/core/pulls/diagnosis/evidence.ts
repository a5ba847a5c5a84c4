/**
 * Pure: the evidence behind a Pull doctor diagnosis — where the pod's pull credentials come from
 * (its own imagePullSecrets or its ServiceAccount's, by the ServiceAccount admission rule), which
 * the kubelet tries for each failing image (its own matching), what is missing or undecodable,
 * read-only node identity hints — and "Copy diagnostics" as Markdown without any credential.
 */
import type {
  CoreV1Event,
  V1Node,
  V1Pod,
  V1Secret,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import type {
  LatentPull,
  NamespaceStuck,
  PullCredentialSources,
  PullDetail,
  PullFailure,
  PullStaleJobs,
  PullWorkloadRef,
} from '../../api/contract';
import { kubeletCredentials } from '../../dockerconfig/keyring';
import { parseImageReference } from '../../oci/reference';
import { toEvent } from '../../diagnosis/events';
import { copySources } from '../model/copy-offer';
import { fixOrder } from '../model/fix-order';
import { MISSING_NOTE_START, podSecrets, type SecretLookup } from '../model/pod-secrets';
import { secretOwner } from '../../ownership/owner';
import { ownedSecretEvidence, ownedSecretNote } from '../../ownership/owned-secret-note';
import type { ExternalSecretLike } from '../../ownership/source';
import { externalSecretCauses, withExternalSecretCause } from './external-secret-cause';
import { stuckOnEso, type NamespaceFinalizers } from '../../eso/stuck';
import { maskCredentials } from '../../diagnosis/mask-text';
import { nodeIdentityHints } from './node-identity';

export interface DetailInput {
  ref: PullWorkloadRef;
  failure: PullFailure | null;
  latent: LatentPull | null;
  pod: V1Pod | null;
  serviceAccount: V1ServiceAccount | null;
  nodes: V1Node[];
  events: CoreV1Event[];
  /** The readable pull secrets of a given name, in every namespace. */
  secretsNamed?: (name: string) => V1Secret[];
  /** A CronJob's Jobs started before its template changed that still fail. */
  staleJobs?: PullStaleJobs | null;
  /** The imagePullSecrets of the workload's pod template; null when not known. */
  templateSecrets: string[] | null;
  secret: SecretLookup;
  /** The ExternalSecrets of the namespace, or why they could not be read; absent: not read. */
  externalSecrets?: { items: ExternalSecretLike[] } | { unread: string } | null;
  /** The pod's pull secrets whose source's token generator fails: its diagnosis (generator-evidence.ts). */
  generatorDiagnoses?: Map<string, string>;
  /** The workload's namespace as read (deletion and finalizers); absent or null: not read. */
  namespace?: NamespaceFinalizers | null;
}

/** Where the pod's pull credentials come from and what the kubelet does with them. */
export function credentialSources(input: DetailInput): PullCredentialSources | null {
  const { pod } = input;
  if (!pod) return null;
  const { names, found, missing } = podSecrets(pod, input.secret);
  const accountSecrets = (input.serviceAccount?.imagePullSecrets ?? [])
    .map((ref) => ref.name ?? '')
    .filter(Boolean);
  // The ServiceAccount admission plugin fills imagePullSecrets only for a pod naming none: a pod
  // (template) with its own list gets none from the ServiceAccount.
  const origin: PullCredentialSources['origin'] =
    names.length === 0
      ? 'none'
      : input.templateSecrets !== null
        ? input.templateSecrets.length > 0
          ? 'own'
          : 'service-account'
        : sameList(names, accountSecrets)
          ? 'service-account'
          : 'own';
  const images =
    input.failure?.containers.map((container) => container.image) ?? input.latent?.images ?? [];
  const credentials = images.map((image) => {
    let reference: { name: string; registry: string } | null;
    try {
      reference = parseImageReference(image);
    } catch {
      reference = null;
    }
    const name = reference?.name ?? null;
    const result = name ? kubeletCredentials(name, found) : { matches: [], rejected: [] };
    return {
      image,
      host: reference?.registry ?? '',
      credentials: result.matches.map((match) => ({
        secret: match.source,
        key: match.key,
        username: match.username,
        reason: match.reason,
      })),
      rejected: result.rejected,
    };
  });
  const rejected = credentials
    .flatMap((item) => item.rejected)
    .filter((item, index, all) => all.findIndex((other) => other.secret === item.secret) === index);
  const serviceAccount = pod.spec?.serviceAccountName || 'default';
  const ownedSecrets = ownedPullSecrets(found, input.generatorDiagnoses);
  const esos = input.externalSecrets;
  const failingExternalSecrets =
    esos && 'items' in esos ? externalSecretCauses(found, missing, esos.items) : [];
  const mayDepend = missing.length > 0 || ownedSecrets.some((item) => item.owner.via);
  const externalSecretsUnread = esos && 'unread' in esos && mayDepend ? esos.unread : undefined;
  return {
    pod: pod.metadata?.name ?? '',
    serviceAccount,
    imagePullSecrets: names,
    origin,
    serviceAccountSecrets: accountSecrets,
    missingSecrets: missing,
    rejectedSecrets: rejected,
    tries: credentials.map(({ image, credentials: tries }) => ({ image, credentials: tries })),
    nodeIdentity: nodeIdentityHints({
      hosts: credentials.map((item) => item.host).filter(Boolean),
      providerIds: input.nodes.map((node) => node.spec?.providerID),
      serviceAccount,
      serviceAccountAnnotations: input.serviceAccount?.metadata?.annotations,
    }),
    ...(ownedSecrets.length ? { ownedSecrets } : {}),
    ...(failingExternalSecrets.length ? { failingExternalSecrets } : {}),
    ...(externalSecretsUnread ? { externalSecretsUnread } : {}),
  };
}

/** The pod's pull secrets an engine keeps (External Secrets, Reflector, …): fix the source. */
function ownedPullSecrets(
  found: V1Secret[],
  generators?: Map<string, string>,
): NonNullable<PullCredentialSources['ownedSecrets']> {
  return found.flatMap((secret) => {
    const owner = secretOwner(secret.metadata);
    const name = secret.metadata?.name ?? '';
    const generator = generators?.get(name);
    return owner
      ? [
          {
            secret: name,
            owner,
            evidence: ownedSecretEvidence(name, owner) + (generator ? ` ${generator}` : ''),
            note: ownedSecretNote(name, owner),
          },
        ]
      : [];
  });
}

function sameList(a: string[], b: string[]) {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}

/** "Copy diagnostics": a Markdown report for a ticket, with no credential in it. */
export function diagnosticsReport(detail: Omit<PullDetail, 'report'>): string {
  const { ref, failure, latent, sources } = detail;
  const lines: string[] = [
    `# Image pull problem: ${ref.kind} ${ref.namespace}/${ref.name}`,
    '',
    `- Context: ${ref.context}`,
  ];
  if (failure) {
    lines.push(
      `- Diagnosis (${failure.diagnosis.kind}): ${failure.diagnosis.message}`,
      `- Since: ${failure.since ?? 'unknown'}`,
      `- Pods: ${failure.pods.join(', ')}`,
      '',
      '## Containers',
      '',
      ...failure.containers.map(
        (container) =>
          `- ${container.init ? 'init container' : 'container'} \`${container.name}\` image \`${container.image}\`: ${container.reason} — ${container.message}`,
      ),
    );
  }
  if (latent) lines.push(`- Latent: ${latent.message}`, `- Pods: ${latent.pods.join(', ')}`);
  if (detail.namespaceStuck)
    lines.push(`- Namespace stuck Terminating: ${detail.namespaceStuck.message}`);
  if (detail.staleJobs) lines.push(`- ${detail.staleJobs.message}`);
  if (sources) {
    lines.push(
      '',
      '## Pull credentials',
      '',
      `- ServiceAccount: ${sources.serviceAccount}`,
      `- imagePullSecrets: ${sources.imagePullSecrets.join(', ') || 'none'} (${sources.origin === 'own' ? "the pod's own; the ServiceAccount's are ignored" : sources.origin === 'service-account' ? 'added from the ServiceAccount' : 'none'})`,
      `- ServiceAccount imagePullSecrets: ${sources.serviceAccountSecrets.join(', ') || 'none'}`,
    );
    if (sources.missingSecrets.length)
      lines.push(`- Missing secrets: ${sources.missingSecrets.join(', ')}`);
    for (const item of sources.rejectedSecrets)
      lines.push(`- The kubelet rejects secret ${item.secret}: ${item.reason}`);
    for (const item of sources.tries)
      lines.push(
        `- Kubelet tries for \`${item.image}\`: ${item.credentials.map((credential) => `${credential.secret} (${credential.key}, user ${credential.username})`).join('; ') || 'no credentials'}`,
      );
    for (const hint of sources.nodeIdentity) lines.push(`- Node identity: ${hint}`);
    for (const item of sources.ownedSecrets ?? []) lines.push(`- ${item.evidence}`);
    for (const item of sources.failingExternalSecrets ?? []) lines.push(`- ${item.sentence}`);
    if (sources.externalSecretsUnread)
      lines.push(`- ExternalSecrets not read: ${sources.externalSecretsUnread}`);
  }
  if (detail.events.length) {
    lines.push(
      '',
      '## Events',
      '',
      '| time | type | reason | object | message |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const event of detail.events)
      lines.push(
        `| ${event.at} | ${event.type} | ${event.reason} | ${event.object} | ${event.message.replace(/\|/g, '\\|')} |`,
      );
  }
  return maskCredentials(lines.join('\n')) + '\n';
}

export function buildDetail(input: DetailInput): PullDetail {
  const events = input.events
    .map(toEvent)
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-50);
  const sources = credentialSources(input);
  const images =
    input.failure?.containers.map((container) => container.image) ?? input.latent?.images ?? [];
  const copyCandidates = (sources?.missingSecrets ?? [])
    .map((secret) => ({
      secret,
      sources: copySources(input.secretsNamed?.(secret) ?? [], images, input.ref.namespace),
    }))
    .filter((candidate) => candidate.sources.length);
  const namespaceStuck = input.namespace ? stuckOnEso(input.namespace) : null;
  const facts = {
    ref: input.ref,
    failure: withNamespaceStuck(
      withExternalSecretCause(
        withNamingList(input.failure, sources),
        sources?.failingExternalSecrets,
      ),
      namespaceStuck,
    ),
    latent: input.latent,
    sources,
    events,
    copyCandidates,
    staleJobs: input.staleJobs ?? null,
  };
  const detail = {
    ...facts,
    fixes: fixOrder(facts),
    ...(namespaceStuck ? { namespaceStuck } : {}),
  };
  return { ...detail, report: diagnosticsReport(detail) };
}

/**
 * The pod's list came from its ServiceAccount (the pod names none of its own): the diagnosis
 * says the ServiceAccount's imagePullSecrets name the missing secret, not the pod's.
 */
function withNamingList(
  failure: PullFailure | null,
  sources: PullCredentialSources | null,
): PullFailure | null {
  if (!failure || sources?.origin !== 'service-account' || !sources.missingSecrets.length)
    return failure;
  const message = failure.diagnosis.message.replace(
    MISSING_NOTE_START,
    `the pod names no imagePullSecrets; ServiceAccount ${sources.serviceAccount}'s imagePullSecrets name `,
  );
  return { ...failure, diagnosis: { ...failure.diagnosis, message } };
}

/**
 * The workload's namespace is being deleted but External Secrets' `ces-*` finalizer holds it: the
 * pull secret copy will not come back there, and the diagnosis says why and what to do.
 */
export function withNamespaceStuck(
  failure: PullFailure | null,
  stuck: NamespaceStuck | null,
): PullFailure | null {
  if (!failure || !stuck) return failure;
  const added = ` Namespace ${failure.namespace} is stuck Terminating: ${stuck.message}`;
  return {
    ...failure,
    diagnosis: { ...failure.diagnosis, message: failure.diagnosis.message + added },
  };
}
