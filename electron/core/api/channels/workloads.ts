/**
 * Contract, workloads domain: changes to workloads PullKey did not create — pull secrets added to
 * a pod template (through its owner) or to a ServiceAccount, previewed by a dry run first.
 */
import { z } from 'zod';
import {
  channel,
  contextName,
  dns1123Label,
  dns1123Subdomain,
  resourceVersion,
  templateKind,
} from './shared';

export type AttachableKind = z.infer<typeof templateKind>;

export interface AttachResult {
  outcome: 'updated' | 'unchanged';
  /** The pod template's imagePullSecrets after the write. */
  imagePullSecrets: string[];
}

/** A dry run of an attach: the exact merge patch the write sends, and the version it was read at. */
export interface AttachPreview {
  outcome: 'preview' | 'unchanged';
  /** The list before, and after the write. */
  before: string[];
  imagePullSecrets: string[];
  /** The patch as sent (JSON), with what it touches in a comment line. */
  preview: string;
  /** Write with this: any change made since is a conflict. */
  resourceVersion: string | null;
}

export const workloadChannels = {
  /**
   * Adds pull secrets to a workload's pod template (merge, no duplicates, others kept).
   * dryRun: the exact patch and the resourceVersion read (an AttachPreview), nothing written.
   */
  'workloads:attach-pull-secrets': channel<AttachResult | AttachPreview>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        kind: templateKind,
        name: dns1123Subdomain,
        secrets: z.array(dns1123Subdomain).min(1).max(100),
        /** The version the user saw: any change made since is a conflict. */
        resourceVersion: resourceVersion.optional(),
        /** The generation the user saw: a change of the spec since is a conflict. */
        generation: z.number().int().min(0).optional(),
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
  /** Adds pull secrets to a ServiceAccount (merge); pods created afterwards get them. */
  'workloads:attach-service-account': channel<AttachResult | AttachPreview>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        serviceAccount: dns1123Subdomain,
        secrets: z.array(dns1123Subdomain).min(1).max(100),
        /** The version the user saw: any change made since is a conflict. */
        resourceVersion: resourceVersion.optional(),
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
} as const;
