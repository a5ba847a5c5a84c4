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
import type { PreviewedWrite } from './writes';

export type AttachableKind = z.infer<typeof templateKind>;

/**
 * An attach of pull secrets (to a workload's pod template or a ServiceAccount), dry run or write:
 * the exact merge patch (`preview`), the list before and after.
 */
export interface AttachAnswer extends PreviewedWrite {
  /** preview: a dry run with something to add; updated: written; unchanged: nothing to add. */
  outcome: 'preview' | 'updated' | 'unchanged';
  /** The list before the write. */
  before: string[];
  /** The list after the write (as the dry run plans it, or as written). */
  imagePullSecrets: string[];
}

export const workloadChannels = {
  /**
   * Adds pull secrets to a workload's pod template (merge, no duplicates, others kept).
   * dryRun: the exact patch and the resourceVersion read, nothing written (a PreviewedWrite).
   */
  'workloads:attach-pull-secrets': channel<AttachAnswer>()(
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
  'workloads:attach-service-account': channel<AttachAnswer>()(
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
