/**
 * I/O: the versions the API server serves for an API group (discovery, `/apis`), kept per
 * session for a short while so every read of an owner or a live view does not ask again; a
 * failed discovery is not kept (memoizeSuccess).
 */
import { ApisApi } from '@kubernetes/client-node';
import { memoizeSuccess, type SuccessMemo } from './memo';
import type { KubeSession } from './session';

const KEEP_MS = 30_000;

/** Every group's served versions (null: not served), as discovery lists them now. */
export async function discoverVersions(session: KubeSession): Promise<Map<string, string[]>> {
  const groups = await session.call(() =>
    session.kubeConfig.makeApiClient(ApisApi).getAPIVersions(),
  );
  return new Map(groups.groups.map((g) => [g.name, g.versions.map((v) => v.version)]));
}

const kept = new WeakMap<KubeSession, { at: number; memo: SuccessMemo<Map<string, string[]>> }>();

/** The versions `group` is served in (null: not served), read at most every 30 s per session. */
export async function servedVersions(
  session: KubeSession,
  group: string,
): Promise<string[] | null> {
  let entry = kept.get(session);
  if (!entry || Date.now() - entry.at > KEEP_MS) {
    entry = { at: Date.now(), memo: memoizeSuccess(() => discoverVersions(session)) };
    kept.set(session, entry);
  }
  return (await entry.memo.get()).get(group) ?? null;
}

/** The first of `preferred` that `served` lists, or null. */
export function firstServed(
  served: readonly string[] | null,
  preferred: readonly string[],
): string | null {
  return preferred.find((version) => served?.includes(version)) ?? null;
}

/**
 * The version to read `group` in: the first of `preferred` it is served in; `fallback` when none
 * is or discovery fails (the read itself then says why).
 */
export function preferredVersion(
  session: KubeSession,
  group: string,
  preferred: readonly string[],
  fallback: string,
): Promise<string> {
  return servedVersions(session, group).then(
    (served) => firstServed(served, preferred) ?? fallback,
    () => fallback,
  );
}
