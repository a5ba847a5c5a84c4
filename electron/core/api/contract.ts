/**
 * THE contract between the renderer and the back end: every request channel (input schema and
 * output type) and every push event (payload type). Read this file to know all the renderer can
 * ask for. Inputs are validated with these schemas in the router; outputs are plain data.
 */
import { z } from 'zod';
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

export interface SavedLogin {
  host: string;
  username: string;
}

// ---------------------------------------------------------------------------------------------
// Input schemas reused by several channels

/** A kubeconfig context name: any non-empty string kubectl accepts, bounded. */
export const contextName = z.string().min(1, 'context name is required').max(253);

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
  'vault:changed': VaultStatus;
}
export type EventName = keyof Events;
export const eventNames: EventName[] = ['contexts:changed', 'vault:changed'];

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
