/** Contract, deploy domain: the deploy form (suggestions, tags, preflight, apply) and recent deployments. */
import { z } from 'zod';
import { ENV_NAME } from '../validation';
import type { OwnedWrite } from './ownership';
import type { PreviewedWrite } from './writes';
import {
  channel,
  contextName,
  deployKind,
  dns1123Label,
  dns1123Subdomain,
  imageReference,
  noInput,
  objectUid,
  resourceVersion,
  type DeployKind,
} from './shared';

// ---------------------------------------------------------------------------------------------
// Inputs

const workloadInput = z
  .object({
    kind: deployKind,
    name: dns1123Label,
    namespace: dns1123Label,
    image: imageReference,
    replicas: z.number().int().min(0).max(100).optional(),
    ports: z
      .array(
        z
          .object({
            containerPort: z.number().int().min(1).max(65535),
            protocol: z.enum(['TCP', 'UDP']).optional(),
          })
          .strict(),
      )
      .max(20)
      .optional(),
    env: z
      .array(
        z
          .object({
            name: z.string().max(253).regex(ENV_NAME, 'invalid environment variable name'),
            value: z.string().max(32_768),
          })
          .strict(),
      )
      .max(100)
      .optional(),
    pullSecrets: z.array(dns1123Subdomain).max(100),
    imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
  })
  .strict();

/** What the user saw at preview of the workload being updated (from deploy:preflight). */
const seenWorkload = z
  .object({
    uid: objectUid,
    resourceVersion,
    container: dns1123Label,
    fingerprint: z.string().min(1).max(64),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Outputs

export interface PullSecretMatch {
  secret: string;
  key: string;
  username: string;
  reason: string;
}

export interface DeploySuggestion {
  image: {
    registry: string;
    repository: string;
    tag: string | null;
    digest: string | null;
    name: string;
  } | null;
  imageError: string | null;
  /** Every dockerconfigjson secret of the namespace, with the registries it holds. */
  secrets: Array<{
    name: string;
    hosts: string[];
    /** "the kubelet will reject secret X: <reason>" when a pod listing it could pull nothing. */
    kubeletRejects?: string;
  }>;
  /** Credentials the kubelet would try for the image, in its order. */
  matches: PullSecretMatch[];
  preselected: string[];
  /** Secrets the namespace's default ServiceAccount adds to every pod. */
  serviceAccountSecrets: string[];
  existing: ExistingWorkloadView | null;
}

/** A workload of the chosen name that already exists. */
export interface ExistingWorkloadView {
  kind: DeployKind;
  name: string;
  uid: string;
  resourceVersion: string;
  containers: string[];
  /** The container the deploy form edits. */
  container: string | null;
  /** The controller that owns it (StatefulSet, ReplicaSet, Job…): never offered for update. */
  owner: { kind: string; name: string } | null;
}

/** What "Update it" will do to the existing workload, and what must still hold when it runs. */
export interface UpdatePreview {
  action: 'patch' | 'replace' | 'unchanged';
  /** Send back with deploy:apply: the update is refused if the workload changed since. */
  seen: z.infer<typeof seenWorkload>;
  /** The patch that will be sent, as YAML. */
  patch: string;
  /** Who owns the workload besides PullKey and what becomes of this change (electron/core/ownership). */
  warning?: string | undefined;
  /** An owned workload: its owner as read and the image's change for Git (no watch: not written). */
  owned?: OwnedWrite | undefined;
}

export interface PreflightCheck {
  id: 'name' | 'access' | 'image' | 'platform';
  status: 'ok' | 'warn' | 'fail';
  message: string;
  tags?: string[];
}

export interface PreflightResult {
  ok: boolean;
  checks: PreflightCheck[];
  durationMs: number;
  /** Set when an existing workload is updated: the preview shows this patch. */
  update?: UpdatePreview | null;
}

export interface RecentDeployment {
  context: string;
  namespace: string;
  kind: DeployKind;
  name: string;
  image: string;
  at: string;
}

/**
 * What deploy:apply answers: the deployment (as listed in the recent ones) and the write as a
 * previewed write. With `dryRun` nothing is written or listed: the API server's dry run of the
 * create or of the update's patch, `preview` the manifest or patch, `resourceVersion` the
 * version read (null for a create); the write answers the version written.
 */
export interface AppliedDeployment extends RecentDeployment, PreviewedWrite {}

// ---------------------------------------------------------------------------------------------
// Channels

export const deployChannels = {
  'deploy:suggest': channel<DeploySuggestion>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        image: z.string().max(512),
        name: z.string().max(63).optional(),
      })
      .strict(),
  ),
  'deploy:tags': channel<string[]>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        image: imageReference,
        pullSecrets: z.array(dns1123Subdomain).max(100),
      })
      .strict(),
  ),
  'deploy:preflight': channel<PreflightResult>()(
    z.object({ context: contextName, workload: workloadInput, update: z.boolean() }).strict(),
  ),
  /** update: true needs `seen` from the preflight's update preview (refused if changed since). */
  'deploy:apply': channel<AppliedDeployment>()(
    z
      .object({
        context: contextName,
        workload: workloadInput,
        update: z.boolean(),
        seen: seenWorkload.optional(),
        /** The API server's dry run: nothing is written or listed. */
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
  'deploy:recent': channel<RecentDeployment[]>()(noInput),
} as const;
