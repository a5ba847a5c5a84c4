/**
 * Pure: did a workload change since the user saw it, and what changed. Status updates (a
 * controller or the kubelet writing status) change the resourceVersion all the time, so what
 * the user saw is fingerprinted by what they judged: the spec, labels and annotations.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../kube/same-object';

interface ObjectLike {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: Array<{
      manager?: string;
      operation?: string;
      subresource?: string;
      time?: Date | string;
    }>;
  };
  spec?: unknown;
}

/** Written by the Deployment controller on every rollout: not a change the user made. */
const CONTROLLER_ANNOTATIONS = new Set(['deployment.kubernetes.io/revision']);

/** The part of an object a user judges in a preview. */
export function judgedPart(object: ObjectLike) {
  const annotations = Object.fromEntries(
    Object.entries(object.metadata?.annotations ?? {}).filter(
      ([key]) => !CONTROLLER_ANNOTATIONS.has(key),
    ),
  );
  // A Pod's nodeName is the scheduler's binding, not a change anyone judged.
  const spec =
    object.spec && typeof object.spec === 'object'
      ? Object.fromEntries(Object.entries(object.spec).filter(([key]) => key !== 'nodeName'))
      : (object.spec ?? null);
  return { labels: object.metadata?.labels ?? {}, annotations, spec };
}

export function fingerprint(object: ObjectLike): string {
  return createHash('sha256')
    .update(canonicalJson(judgedPart(object)))
    .digest('hex')
    .slice(0, 32);
}

/** Leaf paths that differ between two plain values (list items keyed by `name` when present). */
export function changedPaths(before: unknown, after: unknown, path = '', limit = 12): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, at: string) => {
    if (out.length >= limit) return;
    if (canonicalJson(a) === canonicalJson(b)) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      const named = [...(a as unknown[]), ...(b as unknown[])].every(
        (item) =>
          item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string',
      );
      if (named) {
        const byName = (list: unknown[]) =>
          new Map(list.map((item) => [(item as { name: string }).name, item]));
        const left = byName(a);
        const right = byName(b);
        for (const name of new Set([...left.keys(), ...right.keys()]))
          walk(left.get(name), right.get(name), `${at}[${name}]`);
        return;
      }
      if (a.length === b.length) {
        a.forEach((item, index) => walk(item, b[index], `${at}[${index}]`));
        return;
      }
      out.push(at || '(root)');
      return;
    }
    if (
      a &&
      b &&
      typeof a === 'object' &&
      typeof b === 'object' &&
      !Array.isArray(a) &&
      !Array.isArray(b)
    ) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of [...keys].sort())
        walk(
          (a as Record<string, unknown>)[key],
          (b as Record<string, unknown>)[key],
          at ? `${at}.${key}` : key,
        );
      return;
    }
    out.push(at || '(root)');
  };
  walk(before, after, path);
  return out;
}

/** The most recent writer according to managedFields: "kubectl-edit (Update) at …". */
export function lastWriter(object: ObjectLike): string | null {
  const entries = (object.metadata?.managedFields ?? [])
    .filter((entry) => entry.time && entry.subresource !== 'status')
    .map((entry) => ({
      ...entry,
      at: entry.time instanceof Date ? entry.time.toISOString() : String(entry.time),
    }))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const latest = entries[0];
  return latest
    ? `${latest.manager ?? 'unknown'} (${latest.operation ?? 'Update'}) at ${latest.at}`
    : null;
}
