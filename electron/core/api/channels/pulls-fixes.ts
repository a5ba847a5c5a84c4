/**
 * Contract, Pulls domain (fixes): the Pull doctor's writes, each previewed by a dry run that
 * answers the exact change before anything is written.
 */
import { z } from 'zod';
import {
  channel,
  contextName,
  dns1123Label,
  dns1123Subdomain,
  imageReference,
  objectVersion,
  resourceVersion,
  workloadKind,
  type ObjectVersion,
} from './shared';

/** One operation of a JSON patch (RFC 6902) a fix writes; `test` ops are its preconditions. */
export interface PullPatchOp {
  op: 'test' | 'replace' | 'add' | 'remove';
  path: string;
  value?: unknown;
}

/** A fix's answer: the exact change (shown before writing), and whether it was written. */
export interface PullFixAnswer {
  preview: string;
  written: boolean;
  resourceVersion: string | null;
  /** Who else gets what is written (e.g. the readers of the target namespace's secrets). */
  warning?: string | undefined;
  /** A JSON-patch fix: its operations and the object's values at the paths it changes, as read. */
  patch?: { ops: PullPatchOp[]; current: Record<string, unknown> };
  /** The copy fix: the source secret's uid and resourceVersion as read (the write sends them). */
  source?: ObjectVersion | undefined;
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

/** The kinds whose container image fix 4 sets (through the pod template PullKey may change). */
export const setImageKind = workloadKind.extract([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'CronJob',
]);

export const pullFixChannels = {
  /** Fix 4: that container's image only (dryRun: the patch, nothing written). */
  'pulls:set-image': channel<PullFixAnswer>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        kind: setImageKind,
        name: dns1123Subdomain,
        container: dns1123Label,
        image: imageReference,
        resourceVersion: resourceVersion.optional(),
        dryRun: z.boolean(),
      })
      .strict(),
  ),
  /** Fix 3: copy a missing pull secret from another namespace (never overwrites). */
  'pulls:copy-secret': channel<PullFixAnswer>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        name: dns1123Subdomain,
        from: dns1123Label,
        /** The failing images: the copy is refused unless the kubelet would use it for one. */
        images: z.array(imageReference).min(1).max(50),
        /** The source secret as the dry run read it: required to write. */
        source: objectVersion.optional(),
        dryRun: z.boolean(),
      })
      .strict()
      .refine((input) => input.dryRun || input.source, {
        message: "the write takes the source's uid and resourceVersion from its dry run",
        path: ['source'],
      }),
  ),
  /**
   * Deletes a CronJob's Jobs started before its template changed that still fail to pull (only
   * Jobs it controls; uid and resourceVersion preconditions; background propagation).
   * dryRun: the Jobs with their preconditions; the write takes them back as `jobs`.
   */
  'pulls:delete-stale-jobs': channel<StaleJobsAnswer>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        cronJob: dns1123Subdomain,
        jobs: z
          .array(objectVersion.extend({ name: dns1123Subdomain }).strict())
          .max(100)
          .optional(),
        dryRun: z.boolean(),
      })
      .strict(),
  ),
  /** Fix 9: rewrite a pull secret the kubelet rejects, keeping every readable credential. */
  'pulls:rewrite-secret': channel<PullFixAnswer>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        name: dns1123Subdomain,
        resourceVersion: resourceVersion.optional(),
        dryRun: z.boolean(),
      })
      .strict(),
  ),
} as const;
