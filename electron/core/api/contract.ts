/**
 * THE contract between the renderer and the back end: every request channel (input schema and
 * output type) and every push event (payload type). Read this file to know all the renderer can
 * ask for. Inputs are validated with these schemas in the router; outputs are plain data.
 *
 * The output shapes live per domain in `shapes/` and the input schemas several channels share in
 * `inputs.ts`; this file re-exports them, so everything is imported from here.
 */
import { z } from 'zod';
import { dns1123Label, dns1123Subdomain, recordKey } from './validation';
import type { ApiError } from './errors';
import {
  contextName,
  imageReference,
  loginInput,
  onContext,
  operationId,
  projectName,
  pullWorkloadRef,
  registryHost,
  registryScope,
  registryTls,
  resourceVersion,
  secretRef,
  seenWorkload,
  versionedCopy,
  workloadInput,
  workloadRef,
  configKey,
  dockerLoginRef,
} from './inputs';
import type {
  AppInfo,
  ClusterStatus,
  ContextsList,
  NamespacesList,
  ProjectChange,
  VaultStatus,
} from './shapes/cluster';
import type {
  AttachAnswer,
  DockerImportProgress,
  DockerImportReport,
  DockerLogin,
  RegistriesList,
  RegistryDetail,
  RegistryTlsSetting,
  RevealedEntry,
  RotateTarget,
  SavedLogin,
  WriteReport,
  WriteResult,
} from './shapes/registries';
import type { DeploySuggestion, PreflightResult, RecentDeployment } from './shapes/deploy';
import type { RolloutView } from './shapes/rollout';
import type {
  AttachRegistryAnswer,
  PullDetail,
  PullFixAnswer,
  PullsSummaryEntry,
  PullsView,
  StaleJobsAnswer,
} from './shapes/pulls';
import type { PreviewedWrite } from './shapes/writes';

export * from './shapes/cluster';
export * from './shapes/registries';
export * from './shapes/deploy';
export * from './shapes/rollout';
export * from './shapes/pulls';
export * from './shapes/writes';
export type { WorkloadRef } from './inputs';

const noInput = z.undefined();
/** The longest text Copy sends (YAML of a large secret, masked). */
export const MAX_CLIPBOARD_TEXT = 1_048_576;

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
   * Cancels a running create, edit, delete, sync or rotate: no new namespace starts (reported
   * "cancelled"); those under way finish, so no secret is left half-written. Also an Import from
   * Docker: no further login is stored. A cancel for a finished operation changes nothing.
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
  /**
   * "Retry failed" of a rotate: the main process kept the operation's input (new password
   * included) in memory for a bounded time, so the renderer never keeps the password. The named
   * secrets the operation targeted are scanned again and written where they still hold the login.
   */
  'registries:rotate-retry': channel<WriteReport>()(
    z
      .object({
        operationId,
        /** The id of the new operation (its progress events). */
        retryId: operationId,
        secrets: z
          .array(z.object({ context: contextName, ...secretRef.shape }).strict())
          .min(1)
          .max(5000),
      })
      .strict(),
  ),
  /**
   * Adds (or removes) the secret in the namespace's default ServiceAccount imagePullSecrets.
   * dryRun: the patch and the version read; resourceVersion: refused if it changed since.
   */
  'serviceaccounts:pull-secret': channel<PreviewedWrite & { imagePullSecrets: string[] }>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        secret: dns1123Subdomain,
        enabled: z.boolean(),
        resourceVersion: resourceVersion.optional(),
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
  'docker:logins': channel<DockerLogin[]>()(noInput),
  /**
   * Imports chosen ~/.docker/config.json logins into the keychain (never writes the file), one
   * after the other, with docker:import-progress events; `registries:cancel` with its operationId
   * stops it before the next login is stored (each login's outcome is in the report).
   */
  'docker:import': channel<DockerImportReport>()(
    z
      .object({
        /** For progress events and Cancel (default: one made up by the back end). */
        operationId: operationId.optional(),
        // The host as ~/.docker/config.json spells it (docker:logins): bounded, no prototype name.
        logins: z.array(dockerLoginRef).min(1).max(200),
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
  /**
   * Adds pull secrets to a workload's pod template (merge, no duplicates, others kept).
   * dryRun: the exact patch and the resourceVersion read, nothing written (a PreviewedWrite).
   */
  'workloads:attach-pull-secrets': channel<AttachAnswer>()(
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
        resourceVersion: z.string().min(1).max(64).optional(),
        dryRun: z.boolean().optional(),
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
        /** The failing images: the copy is refused unless the kubelet would use it for one. */
        images: z.array(imageReference).min(1).max(50),
        /** The source secret as the dry run read it: required to write. */
        source: z
          .object({ uid: z.string().min(1).max(64), resourceVersion })
          .strict()
          .optional(),
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
          .array(
            z
              .object({ name: dns1123Subdomain, uid: z.string().min(1).max(64), resourceVersion })
              .strict(),
          )
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
        kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']),
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
  /** A login of an Import from Docker starts or ends. */
  'docker:import-progress': DockerImportProgress;
  'rollout:progress': RolloutView;
  'vault:changed': VaultStatus;
  'pulls:changed': PullsView;
  /** One context's line of a `pulls:summary` call, as soon as that context answered. */
  'pulls:summary-entry': {
    operationId: string;
    entry: PullsSummaryEntry;
    done: number;
    total: number;
  };
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
