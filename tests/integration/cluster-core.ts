/** Helpers for integration tests that drive the core, through its router, on the test cluster. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/core';
import type { ChannelName, ChannelOutput, Result } from '../../electron/core/api/contract';
import { readClusterState, type ClusterState } from '../cluster/state';

export function clusterState(): ClusterState {
  return readClusterState();
}

export async function tempDir(prefix = 'pk-it-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function writeJson(file: string, value: unknown): Promise<string> {
  await writeFile(file, JSON.stringify(value, null, 2));
  return file;
}

export async function startCore(
  kubeconfig: string[],
  watch = false,
  extra: Partial<CoreOptions> = {},
): Promise<Core> {
  return createCore({
    host: { name: 'PullKey', version: 'test' },
    settingsDir: await tempDir('pk-settings-'),
    kubeconfig,
    watchKubeconfig: watch,
    ...extra,
  });
}

/** Calls a channel and unwraps the envelope; a failure throws with its code in the message. */
export async function invoke<C extends ChannelName>(
  core: Core,
  channel: C,
  input?: unknown,
): Promise<ChannelOutput<C>> {
  const result = (await core.router.handle(channel, input)) as Result<ChannelOutput<C>>;
  if (!result.ok)
    throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), result.error);
  return result.value;
}

export async function invokeRaw(core: Core, channel: ChannelName, input?: unknown) {
  return core.router.handle(channel, input);
}
