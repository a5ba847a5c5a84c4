/**
 * Pure: when a secret's data was last written, from the API server's own record of writes
 * (metadata.managedFields: the time of the newest entry that owns data fields), falling back
 * to PullKey's written-at annotation and then to creationTimestamp. resourceVersions are
 * opaque (the API says so): they are never compared as numbers to find the newest copy.
 */
export const WRITTEN_AT_ANNOTATION = 'pullkey.dev/written-at';

export interface ManagedFieldsEntry {
  time?: Date | string;
  subresource?: string;
  fieldsV1?: unknown;
}

export interface WrittenLike {
  metadata?: {
    creationTimestamp?: Date | string;
    annotations?: Record<string, string>;
    managedFields?: ManagedFieldsEntry[];
  };
}

/**
 * A timestamp as ISO 8601 with milliseconds, whether it came as a Date (client-node's typed
 * model) or as the wire's RFC 3339 string ("…T10:42:00Z"), so both read and sort the same.
 */
export const iso = (value: Date | string | undefined): string | null => {
  if (!value) return null;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
};

const ownsData = (entry: ManagedFieldsEntry) =>
  !!entry.fieldsV1 &&
  typeof entry.fieldsV1 === 'object' &&
  ('f:data' in entry.fieldsV1 || 'f:stringData' in entry.fieldsV1);

export function writtenAt(secret: WrittenLike): string | null {
  const times = (secret.metadata?.managedFields ?? [])
    .filter((entry) => entry.subresource !== 'status' && ownsData(entry))
    .map((entry) => iso(entry.time))
    .filter((time): time is string => time !== null);
  const annotation = iso(secret.metadata?.annotations?.[WRITTEN_AT_ANNOTATION]);
  if (annotation) times.push(annotation);
  if (times.length) return times.sort().at(-1)!;
  return iso(secret.metadata?.creationTimestamp);
}

/**
 * The most recently written copy (ties: the first by namespace, so the choice is stable);
 * undefined for no copies.
 */
export function newestCopy<T extends { namespace: string; writtenAt: string | null }>(
  copies: T[],
): T | undefined {
  return [...copies].sort(
    (a, b) =>
      (b.writtenAt ?? '').localeCompare(a.writtenAt ?? '') ||
      a.namespace.localeCompare(b.namespace),
  )[0];
}
