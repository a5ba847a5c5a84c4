/**
 * THE contract between the renderer and the back end: every request channel (input schema and
 * output type) and every push event (payload type). Read this file to know all the renderer can
 * ask for. Inputs are validated with these schemas in the router; outputs are plain data.
 */
import { z } from 'zod';
import { dns1123Label } from './validation';
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

export interface NamespacesList {
  context: string;
  /** cluster: every namespace (list allowed); partial: what the user's roles reveal. */
  scope: 'cluster' | 'partial';
  note: string | null;
  namespaces: NamespaceSummary[];
  projects: ProjectSummary[];
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

export interface SavedLogin {
  host: string;
  username: string;
}

// ---------------------------------------------------------------------------------------------
// Input schemas reused by several channels

/** A kubeconfig context name: any non-empty string kubectl accepts, bounded. */
export const contextName = z.string().min(1, 'context name is required').max(253);
const onContext = z.object({ context: contextName }).strict();
const projectName = dns1123Label;

const noInput = z.undefined();

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
  'vault:status': channel<VaultStatus>()(noInput),
  'vault:logins': channel<SavedLogin[]>()(noInput),
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
  'vault:changed': VaultStatus;
}
export type EventName = keyof Events;
export const eventNames: EventName[] = ['contexts:changed', 'namespaces:changed', 'vault:changed'];

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
