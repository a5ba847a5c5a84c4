/**
 * THE contract between the renderer and the back end: every request channel (input schema and
 * output type) and every push event (payload type). Read this file to know all the renderer can
 * ask for. Inputs are validated with these schemas in the router; outputs are plain data.
 */
import { z } from 'zod';
import { parseImageReference } from '../oci/reference';
import { caPem, type CaSummary } from './pem';
import { dns1123Label, dns1123Subdomain, recordKey } from './validation';
import type { ApiError } from './errors';

// ---------------------------------------------------------------------------------------------
// Shared output shapes

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  runtime: { node: string; electron: string | null; chrome: string | null };
  vault: VaultStatus;
}

export type VaultStatus =
  | { available: true; backend: string }
  | { available: false; code: 'VAULT_UNAVAILABLE' | 'VAULT_LOCKED'; reason: string };

export interface KubeContextSummary {
  name: string;
  cluster: string;
  server: string | null;
  user: string;
  namespace: string;
  /** current-context of the kubeconfig (kubectl's view). */
  current: boolean;
  /** The kubeconfig file that defined this context. */
  source: string;
  /** Its user signs in with an exec credential plugin (run only when the context is used or checked). */
  usesExecPlugin?: boolean;
}

export interface KubeconfigProblem {
  file: string;
  message: string;
  line?: number;
}

export interface ContextsList {
  contexts: KubeContextSummary[];
  /** The context PullKey works with (app state, not the kubeconfig's current-context). */
  selected: string | null;
  files: string[];
  problems: KubeconfigProblem[];
}

export interface ClusterStatus {
  context: string;
  server: string | null;
  reachable: boolean;
  /** The API server's gitVersion, e.g. v1.36.3. */
  version: string | null;
  error: ApiError | null;
  checkedAt: string;
}

export interface NamespaceAccess {
  secrets: { list: boolean; create: boolean; update: boolean };
  deployments: { create: boolean; update: boolean };
}

export interface NamespaceSummary {
  name: string;
  /** Active, Terminating, or Unknown when the user may not read the namespace itself. */
  phase: string;
  projects: { rancher: string | null; pullkey: string | null };
  access: NamespaceAccess;
}

export interface ProjectSummary {
  kind: 'rancher' | 'pullkey';
  id: string;
  /** Rancher's cluster id from the projectId annotation (c-xxxxx), when present. */
  clusterId: string | null;
  namespaces: string[];
}

/** How current a live view's data is (from its informer's watch). */
export interface Freshness {
  /** live: the watch is open; reconnecting: it broke and is being retried; stale: no watch runs. */
  state: 'live' | 'reconnecting' | 'stale';
  /** When the data stopped being live (ISO), null when live. */
  since: string | null;
  /** reconnecting: when the next attempt starts (ISO), null while one is under way. */
  retryAt: string | null;
  /** The last failure, in words. */
  error: string | null;
}

export interface NamespacesList {
  context: string;
  /** cluster: every namespace (list allowed); partial: what the user's roles reveal. */
  scope: 'cluster' | 'partial';
  note: string | null;
  namespaces: NamespaceSummary[];
  projects: ProjectSummary[];
  freshness?: Freshness;
}

export interface NamespaceResult {
  namespace: string;
  outcome: 'updated' | 'unchanged' | 'forbidden' | 'not-found' | 'failed';
  message?: string;
}

export interface ProjectChange {
  project: string;
  results: NamespaceResult[];
}

// ---- registries (dockerconfigjson secrets)

export interface RegistryEntryView {
  /** The key as written in .dockerconfigjson, e.g. https://index.docker.io/v1/. */
  key: string;
  /** Canonical registry (Docker Hub spellings folded to docker.io). */
  registry: string;
  username: string;
  email: string | null;
  hasPassword: boolean;
  /** The entry's `auth` holds other credentials than its username/password fields: the kubelet
   * uses the ones in `auth` (shown in `username`). */
  staleAuth: boolean;
}

export interface RegistryCopy {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  createdAt: string | null;
  /** When its data was last written (managedFields time), for "newest copy". */
  writtenAt: string | null;
  managedBy: string | null;
  /** Hash of the decoded config: equal hashes mean identical copies. */
  contentHash: string;
  entries: RegistryEntryView[];
  /** Set when the secret's data cannot be read as a docker config. */
  invalid: string | null;
}

export type RegistryScope =
  | { kind: 'namespace'; namespace: string }
  | { kind: 'project'; project: string; projectKind: 'rancher' | 'pullkey' };

export interface RegistrySync {
  inSync: number;
  total: number;
  /** Namespaces of the project without a copy. */
  missing: string[];
  /** Copies in namespaces that left the project. */
  orphaned: string[];
  /** Copies whose content differs from the newest copy. */
  stale: string[];
  /**
   * Of `missing`: namespaces that joined the project since the last sync (the user never chose
   * them for this registry). Sync gives them the credential only when confirmed by name.
   */
  joined?: string[];
}

export interface RegistryGroup {
  id: string;
  name: string;
  scope: RegistryScope;
  hosts: string[];
  usernames: string[];
  namespaces: string[];
  managedBy: string | null;
  createdAt: string | null;
  copies: RegistryCopy[];
  sync: RegistrySync | null;
}

export interface RegistriesList {
  context: string;
  groups: RegistryGroup[];
  /** True when only some namespaces could be read (no cluster-wide list permission). */
  partial: boolean;
  note: string | null;
  freshness?: Freshness;
}

export type WriteOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'deleted'
  | 'clash'
  | 'conflict'
  | 'forbidden'
  | 'not-found'
  | 'failed'
  /** The write was cancelled before this target started: nothing was written there. */
  | 'cancelled';

export interface WriteResult {
  context: string;
  namespace: string;
  name: string;
  outcome: WriteOutcome;
  message?: string;
}

export interface WriteReport {
  operationId: string;
  results: WriteResult[];
  /** Things the user should know that did not stop the write (e.g. keychain unavailable). */
  warnings: string[];
}

export interface RegistryDetail {
  copy: RegistryCopy;
  /** The decoded .dockerconfigjson, passwords and auth masked. */
  maskedConfig: string;
  /** `kubectl create secret docker-registry …` with the password as a placeholder. */
  kubectlCommand: string;
  /** The Secret as YAML, with the data masked. */
  yaml: string;
  workloads: Array<{ kind: string; name: string }>;
  /** Whether the namespace's default ServiceAccount lists this secret in imagePullSecrets. */
  defaultServiceAccount: boolean | null;
}

export interface RevealedEntry {
  key: string;
  username: string;
  password: string;
}

export interface RotateTarget {
  context: string;
  namespace: string;
  name: string;
  key: string;
  /** The version the scan saw: a secret changed since is not written. */
  resourceVersion: string;
}

export type AttachableKind =
  'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob';

export interface AttachResult {
  outcome: 'updated' | 'unchanged';
  /** The pod template's imagePullSecrets after the write. */
  imagePullSecrets: string[];
}

export interface DockerLogin {
  host: string;
  username: string | null;
  source: 'auths' | 'credsStore' | 'credHelpers';
  helper: string | null;
  error: string | null;
}

// ---- deploy and rollout

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
  kind: 'Deployment' | 'Pod';
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
  seen: { uid: string; resourceVersion: string; container: string; fingerprint: string };
  /** The patch that will be sent, as YAML. */
  patch: string;
}

export interface PreflightCheck {
  id: 'name' | 'access' | 'image';
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

/** A pod's lifecycle, in order. */
export const rolloutSteps = [
  'Scheduled',
  'Pulling',
  'Pulled',
  'Created',
  'Started',
  'Ready',
] as const;
export type RolloutStepName = (typeof rolloutSteps)[number];

export interface RolloutStep {
  step: RolloutStepName;
  at: string;
  detail: string;
}

export interface PullDiagnosis {
  kind:
    | 'credentials-rejected'
    | 'no-credentials'
    | 'access-denied'
    | 'not-found'
    | 'unreachable'
    | 'secret-rejected'
    | 'unknown';
  message: string;
  host: string;
  secrets: string[];
  tags?: string[];
}

export interface RolloutPod {
  name: string;
  phase: string;
  ready: boolean;
  steps: RolloutStep[];
  waiting: { reason: string; message: string } | null;
  diagnosis: PullDiagnosis | null;
  nextRetryAt: string | null;
}

export interface RolloutEvent {
  at: string;
  type: string;
  reason: string;
  object: string;
  message: string;
  count: number;
}

export interface RolloutView {
  id: string;
  context: string;
  namespace: string;
  kind: 'Deployment' | 'Pod';
  name: string;
  image: string;
  desired: number;
  ready: number;
  state: 'progressing' | 'ready' | 'failing' | 'missing';
  pods: RolloutPod[];
  events: RolloutEvent[];
  updatedAt: string;
  freshness?: Freshness;
}

export interface RecentDeployment {
  context: string;
  namespace: string;
  kind: 'Deployment' | 'Pod';
  name: string;
  image: string;
  at: string;
}

export interface SavedLogin {
  host: string;
  username: string;
}

/** A TLS setting PullKey keeps for one registry host (laptop-side checks only). */
export interface RegistryTlsSetting {
  host: string;
  /** The custom CA certificates kept for this host. */
  ca: CaSummary[];
}

// ---------------------------------------------------------------------------------------------
// Input schemas reused by several channels

/** A kubeconfig context name: any non-empty string kubectl accepts, bounded. */
export const contextName = recordKey(253).min(1, 'context name is required');
const onContext = z.object({ context: contextName }).strict();
const secretRef = z.object({ namespace: dns1123Label, name: dns1123Subdomain }).strict();
const registryHost = recordKey(300)
  .trim()
  .min(1, 'registry host is required')
  .regex(/^(https?:\/\/)?[A-Za-z0-9.\-[\]:*]+(\/[\w.\-/]*)?$/, 'expected host[:port][/path]');
const registryTls = {
  /**
   * PEM certificates (the content, never a path) to verify a self-hosted registry; kept for
   * that host only, shown on the registry and removable (`registries:tls-forget`).
   */
  ca: caPem.optional(),
  /** Skip TLS verification for this one check: never persisted. */
  insecureSkipVerify: z.boolean().optional(),
};
const registryScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('namespace'), namespace: dns1123Label }).strict(),
  z
    .object({
      kind: z.literal('project'),
      project: recordKey(63).min(1),
      projectKind: z.enum(['rancher', 'pullkey']),
    })
    .strict(),
]);
const loginInput = {
  username: z.string().max(256).min(1, 'username is required'),
  /** Omitted: use the login saved in the keychain for host + username. */
  password: z.string().min(1).max(16_384).optional(),
  email: z.string().max(256).optional(),
};
const operationId = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'operation id: letters, digits, ".", "_" and "-"');
/** A key of a docker config's `auths` map (e.g. https://index.docker.io/v1/). */
const configKey = recordKey(300);
const resourceVersion = z.string().min(1).max(64);
const imageReference = z
  .string()
  .max(512)
  .trim()
  .min(1, 'image is required')
  .refine((value) => {
    try {
      parseImageReference(value);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid image reference: [registry[:port]/]repository[:tag][@digest]');
const workloadKind = z.enum(['Deployment', 'Pod']);
export const workloadInput = z
  .object({
    kind: workloadKind,
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
            name: z
              .string()
              .max(253)
              .regex(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/, 'invalid environment variable name'),
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
    uid: z.string().min(1).max(64),
    resourceVersion: z.string().min(1).max(64),
    container: dns1123Label,
    fingerprint: z.string().min(1).max(64),
  })
  .strict();
const versionedCopy = secretRef.extend({
  uid: z.string().min(1).max(64),
  resourceVersion: z.string().min(1).max(64),
});
const workloadRef = z
  .object({ context: contextName, namespace: dns1123Label, kind: workloadKind, name: dns1123Label })
  .strict();
/** One workload on one context: what the rollout channels take. */
export type WorkloadRef = z.infer<typeof workloadRef>;
const projectName = dns1123Label;

const noInput = z.undefined();
/** The longest text Copy sends (YAML of a large secret, masked). */
export const MAX_CLIPBOARD_TEXT = 1_048_576;

// ---- pulls (the Pull doctor: every failing image pull of a context, whoever deployed it)

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
}

export interface PullsSummaryEntry {
  context: string;
  state: 'checked' | 'unreachable' | 'timeout' | 'not-checked';
  failing: number;
  latent: number;
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
  /** Missing secrets, and the other namespaces where one of that name can be read (to copy). */
  copyCandidates: Array<{ secret: string; namespaces: string[] }>;
  /** "Copy diagnostics": Markdown, no credential in it. */
  report: string;
}

/** A fix's answer: the exact change (shown before writing), and whether it was written. */
export interface PullFixAnswer {
  preview: string;
  written: boolean;
  resourceVersion: string | null;
}

const pullWorkloadRef = z
  .object({
    context: contextName,
    namespace: dns1123Label,
    kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']),
    name: z.string().min(1).max(253),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Channels

interface Channel<Input extends z.ZodType, Output> {
  input: Input;
  /** Type-only marker: never read at run time. */
  output?: Output;
}

function channel<Output>() {
  return <Input extends z.ZodType>(input: Input): Channel<Input, Output> => ({ input });
}

export const channels = {
  'app:info': channel<AppInfo>()(noInput),
  'contexts:list': channel<ContextsList>()(noInput),
  'contexts:select': channel<ContextsList>()(z.object({ name: contextName }).strict()),
  /** Writes current-context like `kubectl config use-context` (the only kubeconfig write). */
  'contexts:make-current': channel<ContextsList>()(z.object({ name: contextName }).strict()),
  'cluster:status': channel<ClusterStatus>()(onContext),
  'namespaces:list': channel<NamespacesList>()(
    z.object({ context: contextName, refresh: z.boolean().optional() }).strict(),
  ),
  /** Remember a namespace the user cannot discover by listing (no list permission). */
  'namespaces:remember': channel<NamespacesList>()(
    z.object({ context: contextName, namespace: dns1123Label }).strict(),
  ),
  'projects:create': channel<ProjectChange>()(
    z
      .object({
        context: contextName,
        name: projectName,
        namespaces: z.array(dns1123Label).min(1, 'pick at least one namespace').max(1000),
      })
      .strict(),
  ),
  'projects:rename': channel<ProjectChange>()(
    z.object({ context: contextName, from: projectName, to: projectName }).strict(),
  ),
  'projects:dissolve': channel<ProjectChange>()(
    z.object({ context: contextName, name: projectName }).strict(),
  ),
  'registries:list': channel<RegistriesList>()(
    z.object({ context: contextName, refresh: z.boolean().optional() }).strict(),
  ),
  'registries:verify': channel<{ auth: 'none' | 'basic' | 'bearer' }>()(
    z.object({ host: registryHost, ...loginInput, ...registryTls }).strict(),
  ),
  /** Creates the secret in the namespace or every namespace of the project; progress events. */
  'registries:create': channel<WriteReport>()(
    z
      .object({
        context: contextName,
        operationId,
        name: dns1123Subdomain,
        scope: registryScope,
        host: registryHost,
        ...loginInput,
        ...registryTls,
        /** Skip the registry check (only when the user chose "Save without verifying"). */
        skipVerify: z.boolean().optional(),
        /** Retry: only these namespaces. */
        onlyNamespaces: z.array(dns1123Label).max(1000).optional(),
      })
      .strict(),
  ),
  /**
   * "Retry failed" of a create: the main process kept the operation's input (password included)
   * in memory for a bounded time, so the renderer never keeps the password.
   */
  'registries:retry': channel<WriteReport>()(
    z
      .object({
        operationId,
        /** The id of the new operation (its progress events). */
        retryId: operationId,
        namespaces: z.array(dns1123Label).min(1).max(1000),
      })
      .strict(),
  ),
  /**
   * Cancels a running create, edit or rotate: no new namespace starts (reported "cancelled");
   * those under way finish, so no secret is left half-written.
   */
  'registries:cancel': channel<{ cancelled: boolean }>()(z.object({ operationId }).strict()),
  /** TLS settings PullKey keeps per registry host (custom CAs). */
  'registries:tls': channel<RegistryTlsSetting[]>()(noInput),
  /** Forgets the TLS setting kept for one host. */
  'registries:tls-forget': channel<RegistryTlsSetting[]>()(
    z.object({ host: registryHost }).strict(),
  ),
  'registries:detail': channel<RegistryDetail>()(
    z.object({ context: contextName, ...secretRef.shape }).strict(),
  ),
  /** Explicit request: the only response that carries passwords. Never stored in Pinia. */
  'registries:reveal': channel<{ entries: RevealedEntry[]; kubectlCommand: string }>()(
    z.object({ context: contextName, ...secretRef.shape }).strict(),
  ),
  /** Merges one entry into every listed copy, with their resourceVersions (conflicts reported). */
  'registries:edit': channel<WriteReport>()(
    z
      .object({
        context: contextName,
        operationId,
        copies: z.array(secretRef.extend({ resourceVersion }).strict()).min(1).max(2000),
        /** The entry being edited (its key); omitted to add a new registry to the secret. */
        entryKey: configKey.optional(),
        host: registryHost,
        ...loginInput,
        ...registryTls,
        skipVerify: z.boolean().optional(),
      })
      .strict(),
  ),
  /** Deletes dockerconfigjson secrets only, with preconditions { uid, resourceVersion } seen. */
  'registries:delete': channel<WriteReport>()(
    z
      .object({
        context: contextName,
        operationId,
        copies: z.array(versionedCopy).min(1).max(2000),
      })
      .strict(),
  ),
  /** Creates missing copies, updates stale ones and deletes orphaned ones of a project registry. */
  'registries:sync': channel<WriteReport>()(
    z
      .object({
        context: contextName,
        operationId,
        name: dns1123Subdomain,
        project: recordKey(63).min(1),
        projectKind: z.enum(['rancher', 'pullkey']),
        /** Namespaces that joined the project since the last sync, confirmed by the user. */
        confirmJoined: z.array(dns1123Label).max(1000).optional(),
        /** The copy to copy from (default: the most recently written one). */
        source: z
          .object({ namespace: dns1123Label, resourceVersion: z.string().min(1).max(64) })
          .strict()
          .optional(),
        /** The copies as the user saw them: only these are updated or deleted. */
        copies: z.array(versionedCopy).max(2000).optional(),
      })
      .strict(),
  ),
  /** Every secret holding host + username, across the chosen contexts. */
  'registries:rotate-scan': channel<{ targets: RotateTarget[]; errors: WriteResult[] }>()(
    z
      .object({
        host: registryHost,
        username: z.string().min(1).max(256),
        contexts: z.array(contextName).min(1).max(100),
      })
      .strict(),
  ),
  'registries:rotate': channel<WriteReport>()(
    z
      .object({
        operationId,
        host: registryHost,
        username: z.string().min(1).max(256),
        password: z.string().min(1).max(16_384),
        targets: z
          .array(
            z
              .object({
                context: contextName,
                namespace: dns1123Label,
                name: dns1123Subdomain,
                key: configKey,
                resourceVersion: z.string().min(1).max(64),
              })
              .strict(),
          )
          .min(1)
          .max(5000),
      })
      .strict(),
  ),
  /** Adds (or removes) the secret in the namespace's default ServiceAccount imagePullSecrets. */
  'serviceaccounts:pull-secret': channel<{ imagePullSecrets: string[] }>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        secret: dns1123Subdomain,
        enabled: z.boolean(),
      })
      .strict(),
  ),
  'docker:logins': channel<DockerLogin[]>()(noInput),
  /** Imports chosen ~/.docker/config.json logins into the keychain (never writes the file). */
  'docker:import': channel<SavedLogin[]>()(
    z
      .object({
        logins: z
          // The host as ~/.docker/config.json spells it (docker:logins): bounded, no prototype name.
          .array(z.object({ host: recordKey(300).min(1), username: z.string().max(256) }).strict())
          .min(1)
          .max(200),
      })
      .strict(),
  ),
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
  'deploy:apply': channel<RecentDeployment>()(
    z
      .object({
        context: contextName,
        workload: workloadInput,
        update: z.boolean(),
        seen: seenWorkload.optional(),
      })
      .strict(),
  ),
  /** Adds pull secrets to a workload's pod template (merge, no duplicates, others kept). */
  'workloads:attach-pull-secrets': channel<AttachResult>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']),
        name: dns1123Subdomain,
        secrets: z.array(dns1123Subdomain).min(1).max(100),
        /** The version the user saw: any change made since is a conflict. */
        resourceVersion: z.string().min(1).max(64).optional(),
        /** The generation the user saw: a change of the spec since is a conflict. */
        generation: z.number().int().min(0).optional(),
      })
      .strict(),
  ),
  'deploy:recent': channel<RecentDeployment[]>()(noInput),
  /** The rollout view of a workload; live updates come as rollout:progress until closed. */
  'rollout:open': channel<RolloutView>()(workloadRef),
  'rollout:close': channel<{ closed: boolean }>()(workloadRef),
  /** Deletes the pods stuck pulling so they are recreated (a bare Pod is re-created). */
  'rollout:retry': channel<{ deleted: string[] }>()(workloadRef),
  'vault:logins': channel<SavedLogin[]>()(noInput),
  /** Copies text with the main process's clipboard (the renderer has no clipboard permission). */
  'clipboard:write': channel<{ copied: number }>()(
    z.object({ text: z.string().max(MAX_CLIPBOARD_TEXT) }).strict(),
  ),
  /** The failing pulls of a context; live updates come as pulls:changed until closed. */
  'pulls:open': channel<PullsView>()(onContext),
  'pulls:close': channel<{ closed: boolean }>()(onContext),
  /** Counts per context, checked concurrently; exec-plugin contexts not in use are not contacted. */
  'pulls:summary': channel<PullsSummaryEntry[]>()(
    z.object({ include: z.array(contextName).max(100).optional() }).strict(),
  ),
  'pulls:detail': channel<PullDetail>()(pullWorkloadRef),
  /** Fix 4: that container's image only (dryRun: the patch, nothing written). */
  'pulls:set-image': channel<PullFixAnswer>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob']),
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
        dryRun: z.boolean(),
      })
      .strict(),
  ),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = NonNullable<Channels[C]['output']>;

export const channelNames = Object.keys(channels) as ChannelName[];

// ---------------------------------------------------------------------------------------------
// Push events (main -> renderer)

export interface Events {
  'contexts:changed': ContextsList;
  'namespaces:changed': NamespacesList;
  'registries:changed': RegistriesList;
  /** One namespace done of a long write (create, edit, delete, sync, rotate). */
  'registries:progress': { operationId: string; result: WriteResult; done: number; total: number };
  'rollout:progress': RolloutView;
  'vault:changed': VaultStatus;
  'pulls:changed': PullsView;
}
export type EventName = keyof Events;

// ---------------------------------------------------------------------------------------------
// The envelope every invoke resolves to

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What the preload exposes as `window.pullkey` (and the test bridge injects). */
export interface PullkeyBridge {
  invoke<C extends ChannelName>(
    channel: C,
    ...input: ChannelInput<C> extends undefined ? [] : [ChannelInput<C>]
  ): Promise<Result<ChannelOutput<C>>>;
  subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export { IPC_EVENT, IPC_INVOKE } from './ipc-channels';
