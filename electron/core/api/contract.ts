/**
 * THE contract between the renderer and the back end: every request channel (input schema and
 * output type) and every push event (payload type). Inputs are validated with these schemas in
 * the router; outputs are plain data.
 *
 * Each domain's channels, inputs, outputs and events live in `channels/<domain>.ts` (what several
 * domains share — context names, one resourceVersion, one workload-kind enum — in
 * `channels/shared.ts`); this file composes them into the one channel map and event map, and
 * re-exports them, so everything is imported from here.
 */
import type { z } from 'zod';
import type { ApiError } from './errors';
import { appChannels } from './channels/app';
import { clusterChannels, type ClusterEvents } from './channels/clusters';
import { clusterRefreshChannels } from './channels/cluster-refresh';
import { deployChannels } from './channels/deploy';
import { dockerChannels, type DockerEvents } from './channels/docker';
import { inClusterChannels, type InClusterEvents } from './channels/in-cluster';
import { namespaceChannels, type NamespaceEvents } from './channels/namespaces';
import { ownershipChannels, type OwnershipEvents } from './channels/ownership';
import { pullChannels, type PullEvents } from './channels/pulls';
import { pullFixChannels } from './channels/pulls-fixes';
import { registryChannels, type RegistryEvents } from './channels/registries';
import { registryWriteChannels, type RegistryWriteEvents } from './channels/registries-writes';
import { registrySourceChannels } from './channels/registries-source';
import { rolloutChannels, type RolloutEvents } from './channels/rollout';
import { tokenChannels, type TokenEvents } from './channels/tokens';
import { vaultChannels, type VaultEvents } from './channels/vault';
import { workloadChannels } from './channels/workloads';

export * from './channels/shared';
export * from './channels/writes';
export * from './channels/app';
export * from './channels/vault';
export * from './channels/clusters';
export * from './channels/namespaces';
export * from './channels/registries';
export * from './channels/registries-writes';
export * from './channels/registries-source';
export * from './channels/docker';
export * from './channels/deploy';
export * from './channels/workloads';
export * from './channels/rollout';
export * from './channels/pulls';
export * from './channels/pulls-fixes';
export * from './channels/in-cluster';
export * from './channels/cluster-refresh';
export * from './channels/ownership';
export * from './channels/tokens';

// ---------------------------------------------------------------------------------------------
// Channels

export const channels = {
  ...appChannels,
  ...clusterChannels,
  ...namespaceChannels,
  ...registryChannels,
  ...registryWriteChannels,
  ...registrySourceChannels,
  ...dockerChannels,
  ...deployChannels,
  ...workloadChannels,
  ...rolloutChannels,
  ...vaultChannels,
  ...pullChannels,
  ...pullFixChannels,
  ...inClusterChannels,
  ...clusterRefreshChannels,
  ...ownershipChannels,
  ...tokenChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = NonNullable<Channels[C]['output']>;

export const channelNames = Object.keys(channels) as ChannelName[];

// ---------------------------------------------------------------------------------------------
// Push events (main -> renderer)

export type Events = ClusterEvents &
  NamespaceEvents &
  RegistryEvents &
  RegistryWriteEvents &
  DockerEvents &
  RolloutEvents &
  VaultEvents &
  PullEvents &
  InClusterEvents &
  OwnershipEvents &
  TokenEvents;
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
