/**
 * Pure: has the field a confirmed write changed been put back? The value at the written JSON
 * pointer is compared with what was written; the last writer is named from managedFields.
 */
import type { RevertReport, RevertWatchTarget } from '../api/contract';
import { FIELD_MANAGER } from '../kube/field-manager';
import { valueAt } from '../kube/json-pointer';

interface ManagedEntry {
  manager?: string;
  time?: string | Date;
  /** "status": a controller's status write, which never changes the spec watched. */
  subresource?: string;
}
export interface WatchedObject {
  metadata?: { managedFields?: ManagedEntry[] };
}

/** JSON with sorted keys: two values are the same field when their canonical forms are. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
export const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The manager that wrote the object (not its status) last, not PullKey, with the time it says. */
function lastWriter(object: WatchedObject): ManagedEntry | null {
  const entries = (object.metadata?.managedFields ?? []).filter(
    (entry) => entry.manager && entry.manager !== FIELD_MANAGER && entry.time && !entry.subresource,
  );
  const time = (entry: ManagedEntry) => new Date(entry.time!).getTime();
  return entries.reduce<ManagedEntry | null>(
    (latest, entry) => (!latest || time(entry) >= time(latest) ? entry : latest),
    null,
  );
}

/** "12:03:15", in the laptop's time zone. */
export const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);

/**
 * The report when the watched field no longer holds what was written, else null. `now`: when it
 * was seen; the last writer's managedFields time is used when it is later than the write.
 */
export function revertReport(
  target: RevertWatchTarget,
  object: WatchedObject,
  now: Date,
  since: Date,
): RevertReport | null {
  const current = valueAt(object, target.path);
  if (sameValue(current, target.written)) return null;
  // managedFields time has whole seconds: a writer from the second of the write counts. An older
  // entry is not who changed it (a removal leaves no entry of its own).
  const latest = lastWriter(object);
  const writer =
    latest?.time && new Date(latest.time).getTime() >= since.getTime() - 1000 ? latest : null;
  const at = (writer?.time ? new Date(writer.time) : now).toISOString();
  const putBack = sameValue(current, target.before);
  const manager = writer?.manager ?? null;
  const by = manager ? ` (field manager ${manager})` : '';
  const what = `${target.kind} ${target.namespace}/${target.name}`;
  const summary = putBack
    ? `${what}: reverted by ${target.owner}${by} at ${clock(at)}`
    : `${what}: ${target.path} changed again${manager ? ` by ${manager}` : ''} at ${clock(at)} (no longer what PullKey wrote; ${target.owner} owns it)`;
  return { target, at, manager, putBack, summary };
}
