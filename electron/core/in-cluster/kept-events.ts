/**
 * Pure: External Secrets' Events in a kept registry's "what is wrong" (issue 22). For a row not
 * all kept: which objects to read Events of (its ClusterExternalSecret and a few failing
 * ExternalSecrets), and their latest Warning Events — newest first, masked, a few at most.
 */
import type { CoreV1Event } from '@kubernetes/client-node';
import type { KeptEvent, KeptRegistry } from '../api/contract';
import { eventTime } from '../diagnosis/events';
import { maskCredentials } from '../diagnosis/mask-text';

/** At most this many Events per row, and ExternalSecrets read per row. */
export const KEPT_EVENTS_MAX = 3;
/** Events of a cluster-scoped object are recorded in `default` (client-go's recorder). */
const CLUSTER_EVENTS_NAMESPACE = 'default';

export interface EventTarget {
  namespace: string;
  kind: 'ClusterExternalSecret' | 'ExternalSecret';
  name: string;
}

/** The field selector reading one object's Events. */
export function eventSelector(target: EventTarget): string {
  return `involvedObject.kind=${target.kind},involvedObject.name=${target.name}`;
}

/**
 * The objects whose Events say what is wrong with `row`: none when all kept; else its
 * ClusterExternalSecret and the ExternalSecrets of its failing namespaces (`childName` gives the
 * ExternalSecret's name in a namespace), a few at most.
 */
export function eventTargets(
  row: KeptRegistry,
  childName: (namespace: string) => string | undefined,
): EventTarget[] {
  if (row.state === 'kept') return [];
  const children = row.namespaces
    .filter((each) => each.state === 'failing' || each.state === 'no-secret')
    .flatMap((each) => {
      const name = childName(each.namespace);
      return name ? [{ namespace: each.namespace, kind: 'ExternalSecret' as const, name }] : [];
    })
    .slice(0, KEPT_EVENTS_MAX);
  return [
    { namespace: CLUSTER_EVENTS_NAMESPACE, kind: 'ClusterExternalSecret', name: row.id },
    ...children,
  ];
}

/** The latest Warning Events, newest first, messages masked, `max` at most. */
export function keptEvents(events: CoreV1Event[], max = KEPT_EVENTS_MAX): KeptEvent[] {
  return events
    .filter((event) => event.type === 'Warning')
    .map((event) => {
      const kind = event.involvedObject?.kind ?? '';
      const name = event.involvedObject?.name ?? '';
      const namespace = event.involvedObject?.namespace;
      return {
        at: eventTime(event),
        object: namespace ? `${kind} ${namespace}/${name}` : `${kind}/${name}`,
        reason: event.reason ?? '',
        message: maskCredentials(event.message ?? ''),
      };
    })
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, max);
}

/** A row with what was read of its Events; an all-kept row carries none. */
export function withKeptEvents(
  row: KeptRegistry,
  events: KeptRegistry['events'] | undefined,
): KeptRegistry {
  return row.state === 'kept' || !events ? row : { ...row, events };
}
