/**
 * Pure: `kubectl apply` keeps the whole applied manifest, data included, in the annotation
 * kubectl.kubernetes.io/last-applied-configuration. When PullKey writes new data into such a
 * secret, the annotation must say the same, or it keeps the old password and a later
 * `kubectl apply` merges against data that is no longer there.
 */

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The annotations with the last-applied manifest's copy of `key` set to what is written now: in
 * `data` as base64, in `stringData` as text (whichever the applied manifest used). Every other
 * field of the manifest is kept, and the trailing newline kubectl writes. An annotation that is
 * not a JSON object is dropped: kubectl apply cannot merge against it anyway, and it may hold the
 * old password.
 */
export function withLastAppliedData(
  annotations: Record<string, string> | undefined,
  key: string,
  base64Value: string,
): Record<string, string> | undefined {
  const applied = annotations?.[LAST_APPLIED_ANNOTATION];
  if (applied === undefined) return annotations;
  const { [LAST_APPLIED_ANNOTATION]: _old, ...others } = annotations!;
  let manifest: unknown;
  try {
    manifest = JSON.parse(applied);
  } catch {
    return others;
  }
  if (!isObject(manifest)) return others;
  const updated: Json = { ...manifest };
  if (isObject(manifest.data) && key in manifest.data) {
    updated.data = { ...manifest.data, [key]: base64Value };
  }
  if (isObject(manifest.stringData) && key in manifest.stringData) {
    updated.stringData = {
      ...manifest.stringData,
      [key]: Buffer.from(base64Value, 'base64').toString('utf8'),
    };
  }
  const trailing = /\s*$/.exec(applied)![0];
  return { ...others, [LAST_APPLIED_ANNOTATION]: JSON.stringify(updated) + trailing };
}
