/**
 * Pure: an in-cluster write's preview in words — every object with what happens to it, the
 * namespaces whose copy ESO adopts, and the conflicts to resolve first.
 */
import type { InClusterObject, InClusterWrite } from '@core/api/contract';

const verbs: Record<InClusterObject['action'], string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  delete: 'delete',
  keep: 'keep (no owner left)',
  adopt: 'adopted by External Secrets',
};

export interface ObjectRow {
  key: string;
  action: string;
  kind: string;
  /** "pullkey-system/regcred", or the name alone for a cluster-scoped object. */
  name: string;
}

export function objectRows(write: InClusterWrite): ObjectRow[] {
  return write.objects.map((object) => {
    const name = object.namespace ? `${object.namespace}/${object.name}` : object.name;
    return {
      key: `${object.action}/${object.kind}/${name}`,
      action: verbs[object.action],
      kind: object.kind,
      name,
    };
  });
}

/** "Writes 4 objects, deletes 12" — counts by action, in the order the verbs are listed. */
export function objectCounts(write: InClusterWrite): string {
  const counts = new Map<string, number>();
  for (const object of write.objects) {
    counts.set(object.action, (counts.get(object.action) ?? 0) + 1);
  }
  return (Object.keys(verbs) as InClusterObject['action'][])
    .filter((action) => counts.has(action))
    .map((action) => `${verbs[action]}: ${counts.get(action)}`)
    .join(', ');
}

/** The sentence on adopted copies, or null when none. */
export function adoptionSentence(write: InClusterWrite): string | null {
  if (!write.adopted.length) return null;
  const count = write.adopted.length;
  return `External Secrets takes over the existing copy in ${count === 1 ? 'namespace' : `${count} namespaces`} ${write.adopted.join(', ')}: from then on it keeps ${count === 1 ? 'it' : 'them'}, and PullKey no longer writes ${count === 1 ? 'it' : 'them'}.`;
}

/** When every object is already as it would be written (a second keep): say so, else null. */
export function unchangedSentence(write: InClusterWrite): string | null {
  if (!write.objects.length || write.objects.some((object) => object.action !== 'unchanged'))
    return null;
  return 'Nothing changes: every object is already in the cluster as it would be written.';
}
