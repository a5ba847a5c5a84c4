/**
 * Contract, Pulls domain (the Pull doctor): every failing or latent image pull of a context, whoever
 * deployed it, live (`pulls:open` … `pulls:changed`), counted per context, and one workload's
 * detail. The fixes' channels are in `pulls-fixes.ts`.
 */
import { z } from 'zod';
import type { NamespaceStuck } from './namespaces';
import type { EngineOwner } from './registries';
import type { PullDiagnosis, RolloutEvent } from './rollout';
import {
  channel,
  contextName,
  dns1123Label,
  onContext,
  operationId,
  workloadKind,
  type Freshness,
  type WorkloadKind,
} from './shared';

const pullWorkloadRef = z
  .object({
    context: contextName,
    namespace: dns1123Label,
    kind: workloadKind,
    name: z.string().min(1).max(253),
  })
  .strict();

/** The kinds of the Pull doctor: every workload kind. */
export type PullWorkloadKind = WorkloadKind;

export interface PullWorkloadRef {
  context: string;
  namespace: string;
  kind: PullWorkloadKind;
  name: string;
}

export interface PullContainer {
  name: string;
  init: boolean;
  image: string;
  /** The kubelet's waiting reason and message (secret bytes unquoted). */
  reason: string;
  message: string;
}

/** A workload with a pod that cannot get its image. */
export interface PullFailure extends PullWorkloadRef {
  id: string;
  containers: PullContainer[];
  /** Since when (ISO) its oldest affected pod has not been ready. */
  since: string | null;
  pods: string[];
  diagnosis: PullDiagnosis;
}

/** A running workload that will fail to pull when rescheduled (or re-verified). */
export interface LatentPull extends PullWorkloadRef {
  id: string;
  pods: string[];
  images: string[];
  missingSecrets: string[];
  rejectedSecrets: Array<{ secret: string; reason: string }>;
  /** Credentials the registry now rejects (checked from the laptop), per image. */
  registryRejected?: Array<{ image: string; secret: string; reason: string }>;
  /** Short-lived tokens (ECR, ACR, JWT) the pods' secrets hold that have expired (issue 21). */
  expiredTokens?: Array<{ image: string; secret: string; expiresAt: string; provider: string }>;
  /**
   * External Secrets copies whose token generator fails (its ExternalSecret Ready=False): their
   * last token is the last one; pulls after `expiresAt` fail (issue 21).
   */
  failingGenerators?: Array<{
    image: string;
    secret: string;
    /** e.g. `ECRAuthorizationToken "team-token"`. */
    generator: string;
    externalSecret: string;
    expiresAt: string | null;
    sentence: string;
  }>;
  message: string;
}

export interface PullsView {
  context: string;
  /** cluster: one cluster-wide watch; namespaces: one per namespace the user can see. */
  scope: 'cluster' | 'namespaces';
  namespaces: number;
  failing: PullFailure[];
  latent: LatentPull[];
  serverVersion: string | null;
  /** Which server versions re-verify credentials of cached images, for this cluster. */
  reverifyNote: string;
  freshness: Freshness;
  updatedAt: string;
  /** The laptop's automatic checks of running pods' credentials on this context. */
  credentialChecks: PullCredentialChecks;
}

/** The user's choice per context, and the registries the checks leave out, with why. */
export interface PullCredentialChecks {
  /** Checks run while the Pulls view is open (the user may turn them off per context). */
  automatic: boolean;
  /** The user said this context's nodes share this computer's loopback: it is checked too. */
  localRegistries: boolean;
  /** e.g. "not checked from this computer: localhost is the node's own loopback". */
  notChecked: Array<{ host: string; reason: string }>;
}

export interface PullsSummaryEntry {
  context: string;
  state: 'checked' | 'unreachable' | 'timeout' | 'not-checked';
  /** null: unknown (the context was not checked, or did not answer). */
  failing: number | null;
  latent: number | null;
  message: string | null;
  freshness: Freshness | null;
}

export interface PullCredentialTry {
  secret: string;
  key: string;
  username: string;
  reason: string;
}

/** Where a pod's pull credentials come from, and what the kubelet will do with them. */
export interface PullCredentialSources {
  pod: string;
  /** The ServiceAccount the pod really uses. */
  serviceAccount: string;
  /** The pod's imagePullSecrets as admitted (its own, or its ServiceAccount's). */
  imagePullSecrets: string[];
  /** own: the pod (template) names them, so the ServiceAccount's are ignored. */
  origin: 'own' | 'service-account' | 'none';
  serviceAccountSecrets: string[];
  missingSecrets: string[];
  rejectedSecrets: Array<{ secret: string; reason: string }>;
  /** Per failing image: the credentials the kubelet tries, in its order. */
  tries: Array<{ image: string; credentials: PullCredentialTry[] }>;
  /** Read-only: node or workload identity that may supply credentials without a secret. */
  nodeIdentity: string[];
  /** The pod's pull secrets an engine keeps: their source is fixed, never the copy. */
  ownedSecrets?: PullOwnedSecret[] | undefined;
  /** Pull secrets (present or missing) an ExternalSecret that is not Ready should keep. */
  failingExternalSecrets?: PullExternalSecretCause[] | undefined;
  /** Why the ExternalSecrets could not be read (RBAC), when a pull secret may depend on one. */
  externalSecretsUnread?: string | undefined;
}

/** A failing ExternalSecret behind a pod's pull secret: its Ready reason and message, quoted. */
export interface PullExternalSecretCause {
  secret: string;
  /** namespace/name of the ExternalSecret. */
  externalSecret: string;
  reason: string;
  /** Its Ready message, masked. */
  message: string;
  /** "the pull secret regcred is an External Secrets copy whose ExternalSecret … is failing: …" */
  sentence: string;
}

/** A pod's pull secret kept by an engine (electron/core/ownership): no fix writes it. */
export interface PullOwnedSecret {
  secret: string;
  owner: EngineOwner;
  /** "regcred is kept by External Secrets (ExternalSecret team1/pull): fix the source, not the copy." */
  evidence: string;
  /** Where to change it instead, for the Fix section. */
  note: string;
}

export interface PullDetail {
  ref: PullWorkloadRef;
  failure: PullFailure | null;
  latent: LatentPull | null;
  sources: PullCredentialSources | null;
  events: RolloutEvent[];
  /**
   * Missing secrets, and the other namespaces holding one of that name whose entries the kubelet
   * would use for the failing images (a same-named secret for another registry is not offered).
   */
  copyCandidates: Array<{ secret: string; sources: PullCopySource[] }>;
  /** A CronJob's Jobs started before its template changed, still failing with the old one. */
  staleJobs: PullStaleJobs | null;
  /** The fixes that apply, the one most likely to work (and to change least) first. */
  fixes: PullFixKind[];
  /** "Copy diagnostics": Markdown, no credential in it. */
  report: string;
  /** Laptop-side evidence for platform, rate-limit, TLS and network diagnoses. */
  network?: PullNetworkEvidence | null;
  /** The workload's namespace is stuck Terminating on External Secrets' finalizer: why, what to do. */
  namespaceStuck?: NamespaceStuck;
}

/** What PullKey checked from the laptop for diagnoses 5–8 (node platform, rate limit, TLS, network). */
export interface PullNetworkEvidence {
  host: string;
  /** 5: the image's platforms (null: not readable) and the nodes' platforms. */
  platforms?: { image: string[] | null; nodes: string[]; missing: string[] } | undefined;
  /** 6: the registry's rate-limit headers on a laptop HEAD of the manifest. */
  rateLimit?: { limit: string | null; remaining: string | null; summary: string } | undefined;
  /** 7: containerd's registry host config for the nodes (PullKey cannot change nodes). */
  hostsToml?: { path: string; content: string; note: string } | undefined;
  /** 8: which side fails: the node (from the kubelet's message) and this computer (checked now). */
  reachability?: { node: string; laptop: string; verdict: string } | undefined;
}

export type PullFixKind = 'stale-jobs' | 'copy-secret' | 'edit-registry' | 'attach-registry';

/** A secret that can be copied: what the copy discloses (every entry's host and user). */
export interface PullCopySource {
  namespace: string;
  /** `matches`: the kubelet would use this entry for one of the failing images. */
  entries: Array<{ key: string; username: string; matches: boolean }>;
}

export interface PullStaleJobs {
  cronJob: string;
  jobs: string[];
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Channels

export const pullChannels = {
  /** The failing pulls of a context; live updates come as pulls:changed until closed. */
  'pulls:open': channel<PullsView>()(onContext),
  'pulls:close': channel<{ closed: boolean }>()(onContext),
  /**
   * The context's choice about the laptop's automatic credential checks (kept in settings); the
   * view folded with it. localRegistries: this context's nodes share this computer's loopback.
   */
  'pulls:check-settings': channel<PullsView>()(
    z
      .object({
        context: contextName,
        automatic: z.boolean().optional(),
        localRegistries: z.boolean().optional(),
      })
      .strict(),
  ),
  /**
   * Counts per context, checked concurrently; exec-plugin contexts not in use (nor in `include`)
   * are not contacted. `only`: check just these. With `operationId`, each context's line is also
   * pushed as `pulls:summary-entry` as soon as it is known.
   */
  'pulls:summary': channel<PullsSummaryEntry[]>()(
    z
      .object({
        include: z.array(contextName).max(100).optional(),
        only: z.array(contextName).max(100).optional(),
        operationId: operationId.optional(),
      })
      .strict(),
  ),
  'pulls:detail': channel<PullDetail>()(pullWorkloadRef),
} as const;

export interface PullEvents {
  'pulls:changed': PullsView;
  /** One context's line of a `pulls:summary` call, as soon as that context answered. */
  'pulls:summary-entry': {
    operationId: string;
    entry: PullsSummaryEntry;
    done: number;
    total: number;
  };
}
