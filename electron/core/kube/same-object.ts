/**
 * Pure: would a write change an object? `canonicalJson` is a value's JSON with object keys sorted
 * (undefined entries dropped, Dates as ISO text), so two reads of the same content compare equal.
 * `sameObject` compares a live object with what a server-side apply dry run answered for it,
 * ignoring what every write or the object's controller changes without a change of content:
 * metadata.managedFields (their timestamps), resourceVersion, generation, and status (PullKey
 * never writes status; an operator updating it between the two reads is not a change of ours).
 */

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Date
      ? item.toISOString()
      : item && typeof item === 'object' && !Array.isArray(item)
        ? Object.fromEntries(
            Object.entries(item as Record<string, unknown>)
              .filter(([, entry]) => entry !== undefined)
              .sort(([a], [b]) => a.localeCompare(b)),
          )
        : item,
  );
}

const IGNORED_METADATA = new Set(['managedFields', 'resourceVersion', 'generation']);

function judged(object: object): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = object as Record<string, unknown>;
  const kept =
    metadata && typeof metadata === 'object'
      ? Object.fromEntries(
          Object.entries(metadata as Record<string, unknown>).filter(
            ([key]) => !IGNORED_METADATA.has(key),
          ),
        )
      : metadata;
  return { ...rest, metadata: kept };
}

/** True when `applied` (the dry run's answer) holds exactly what `live` holds. */
export function sameObject(live: object, applied: object): boolean {
  return canonicalJson(judged(live)) === canonicalJson(judged(applied));
}
