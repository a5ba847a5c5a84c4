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
  templateKind,
} from './shared';
import { registryHost } from './registries';
import type { PreviewedWrite } from './writes';

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
  /**
   * Fix 2: create a registry in the workload's namespace from a saved login, then attach it to
   * the workload's pod template or to the ServiceAccount its pods use. dryRun: the patch and the
   * target's resourceVersion; the write takes that version back (nothing created if it changed).
   */
  'pulls:attach-registry': channel<AttachRegistryAnswer>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        kind: templateKind,
        name: dns1123Subdomain,
        serviceAccount: dns1123Subdomain,
        host: registryHost,
        username: z.string().min(1).max(256),
        secret: dns1123Subdomain,
        target: z.enum(['workload', 'service-account']),
        resourceVersion: resourceVersion.optional(),
        dryRun: z.boolean(),
      })
      .strict()
      .refine((input) => input.dryRun || input.resourceVersion, {
        message: "the write takes the target's resourceVersion from its dry run",
        path: ['resourceVersion'],
      }),
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
