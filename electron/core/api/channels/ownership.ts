/**
 * Contract, ownership domain (issue 20, workloads): what PullKey read of a workload's owner (the
 * Argo CD Application, the Flux Kustomization or HelmRelease), the change to make in Git
 * instead, and the revert watch started after a confirmed write to an owned workload.
 */
import { z } from 'zod';
import type { EngineOwner } from './registries';
import { channel, contextName, dns1123Label, dns1123Subdomain, workloadKind } from './shared';

/** What PullKey read of the owner object itself (or why it could not). */
export type OwnerStatus =
  | {
      read: 'argocd';
      /** namespace/name of the Application. */
      application: string;
      automated: boolean;
      selfHeal: boolean;
      prune: boolean;
      /** status.sync.status: Synced, OutOfSync, Unknown (null: not reported). */
      sync: string | null;
    }
  | {
      read: 'flux';
      kind: 'Kustomization' | 'HelmRelease';
      /** namespace/name of the Flux object. */
      object: string;
      /** spec.interval as written ("10m"). */
      interval: string | null;
      suspended: boolean;
      /** HelmRelease spec.driftDetection.mode (enabled: changes are corrected at each reconcile). */
      driftDetection: string | null;
    }
  /** Not read: nothing to read (Helm, Fleet, an operator), or not installed / not allowed / gone. */
  | { read: 'none'; reason: string | null };

/** "Copy the change for Git": the same change, as it is made in the owner's source. */
export interface GitChange {
  /** strategic-merge-patch: a kustomize patch file naming the object; helm-values: a values snippet. */
  format: 'strategic-merge-patch' | 'helm-values';
  /** What the copy is, in words ("A strategic-merge patch for kustomization.yaml patches:"). */
  label: string;
  /** The text copied (YAML; no credential: secret names and images only). */
  text: string;
}

/** An image, or an imagePullSecrets list; null where the field is absent. */
export type WrittenValue = string | Array<{ name: string }> | null;

/** The object and field a confirmed write changed, watched for a revert by its owner. */
export interface RevertWatchTarget {
  context: string;
  namespace: string;
  kind: z.infer<typeof workloadKind> | 'ServiceAccount';
  name: string;
  /** JSON pointer of the field written ("/spec/template/spec/imagePullSecrets"). */
  path: string;
  /** The field as written, and as it was before (null: absent). */
  written: WrittenValue;
  before: WrittenValue;
  /** Who would put it back, in words ("Argo CD application web"). */
  owner: string;
}

/** What a previewed write of an owned workload adds to its answer. */
export interface OwnedWrite {
  owner: EngineOwner;
  status: OwnerStatus;
  git: GitChange | null;
  /** Set on the write's answer (not the dry run's): start the revert watch with it. */
  watch: RevertWatchTarget | null;
}

/** "reverted by Argo CD application web at 12:03:15". */
export interface RevertReport {
  target: RevertWatchTarget;
  /** ISO time the field was seen changed (the owner's managedFields time when it names one). */
  at: string;
  /** The field manager that wrote last, when managedFields say it. */
  manager: string | null;
  /** true: the field is back to its value before the write; false: changed to something else. */
  putBack: boolean;
  summary: string;
}

/** A written field as PullKey writes one: an image, or an imagePullSecrets list (null: absent). */
const writtenValue = z.union([
  z.null(),
  z.string().max(1024),
  z.array(z.object({ name: dns1123Subdomain }).strict()).max(100),
]);

const watchTarget = z
  .object({
    context: contextName,
    namespace: dns1123Label,
    kind: z.union([workloadKind, z.literal('ServiceAccount')]),
    name: dns1123Subdomain,
    path: z
      .string()
      .max(200)
      .regex(/^(\/[A-Za-z0-9_.-]+)+$/),
    written: writtenValue,
    before: writtenValue,
    owner: z.string().max(300),
  })
  .strict();

export const ownershipChannels = {
  /**
   * Watches the field a confirmed write changed for a few minutes (`seconds`, default 300);
   * `ownership:reverted` says if it is changed back. Answers the watch id.
   */
  'ownership:watch-revert': channel<{ id: string; seconds: number }>()(
    z
      .object({ target: watchTarget, seconds: z.number().int().min(5).max(1800).optional() })
      .strict(),
  ),
} as const;

export interface OwnershipEvents {
  'ownership:reverted': RevertReport & { id: string };
}
