/** Contract shapes: the Pull doctor (every failing image pull of a context, whoever deployed it). */
import type { Freshness } from './cluster';
import type { PullDiagnosis, RolloutEvent } from './rollout';
import type { PreviewedWrite } from './writes';

export type PullWorkloadKind =
  'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob' | 'Pod';

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

/** One operation of a JSON patch (RFC 6902) a fix writes; `test` ops are its preconditions. */
export interface PullPatchOp {
  op: 'test' | 'replace' | 'add' | 'remove';
  path: string;
  value?: unknown;
}

/** A fix's answer: the exact change (shown before writing), and whether it was written. */
export interface PullFixAnswer extends PreviewedWrite {
  /** A JSON-patch fix: its operations and the object's values at the paths it changes, as read. */
  patch?: { ops: PullPatchOp[]; current: Record<string, unknown> };
  /** The copy fix: the source secret's uid and resourceVersion as read (the write sends them). */
  source?: ObjectVersion | undefined;
}

/**
 * Fix 2, "Create a registry and attach it": the registry made from a saved login, attached to
 * the workload's pod template or to the ServiceAccount its pods use. `resourceVersion`: the
 * target's (read by the dry run, written by the write).
 */
export interface AttachRegistryAnswer extends PullFixAnswer {
  target: 'workload' | 'service-account';
  /** The ServiceAccount the workload's pods use (the one a service-account target changes). */
  serviceAccount: string;
  secret: string;
  /** The target's imagePullSecrets after the write. */
  imagePullSecrets: string[];
  /** After a ServiceAccount write: the existing pods keep their list, recreate them. */
  recreate: string | null;
}

/** An object as read: a write taking it back is refused when the object changed since. */
export interface ObjectVersion {
  uid: string;
  resourceVersion: string;
}

/** A Job as previewed for deletion: deleted only if still this uid and resourceVersion. */
export interface JobPrecondition {
  name: string;
  uid: string;
  resourceVersion: string;
}

/** What became of one Job on the write: deleted, changed since the preview (left), or gone. */
export interface StaleJobOutcome {
  name: string;
  result: 'deleted' | 'changed' | 'gone';
}

export interface StaleJobsAnswer extends PullFixAnswer {
  jobs: JobPrecondition[];
  deleted: string[];
  /** The write: each Job previewed, in order, and its outcome (empty for a dry run). */
  outcomes: StaleJobOutcome[];
  /** The outcomes in words (empty for a dry run). */
  summary: string;
}
