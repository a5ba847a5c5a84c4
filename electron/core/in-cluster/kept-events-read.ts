/**
 * I/O: ESO's Events for the kept registries not all kept, read cheaply and best effort — only for
 * those rows, by field selector on the involved object, a few objects per row; a refusal (403)
 * says "events not readable". The live view attaches what was read last (kept-events.ts).
 */
import type { CoreV1Event } from '@kubernetes/client-node';
import type { KeptRegistry } from '../api/contract';
import { isAppError } from '../api/errors';
import type { KubeSession } from '../kube/session';
import { eventSelector, keptEvents, type EventTarget } from './kept-events';

type Read = NonNullable<KeptRegistry['events']>;

export function createKeptEventsReader(session: KubeSession) {
  /** What to read per row (set by each fold), and what was read. */
  let wanted = new Map<string, EventTarget[]>();
  const read = new Map<string, Read>();
  let reading: Promise<boolean> | null = null;

  async function readRow(targets: EventTarget[]): Promise<Read | null> {
    const lists = await Promise.allSettled(
      targets.map((target) =>
        session.call(() =>
          session.core.listNamespacedEvent({
            namespace: target.namespace,
            fieldSelector: eventSelector(target),
          }),
        ),
      ),
    );
    const refused = lists.find(
      (list): list is PromiseRejectedResult =>
        list.status === 'rejected' &&
        isAppError(list.reason) &&
        list.reason.code === 'CLUSTER_FORBIDDEN',
    );
    const items: CoreV1Event[] = lists.flatMap((list) =>
      list.status === 'fulfilled' ? list.value.items : [],
    );
    if (refused && !items.length) {
      const why = refused.reason instanceof Error ? refused.reason.message : '';
      return { unread: `events not readable${why ? `: ${why}` : ''}` };
    }
    // Nothing readable for another reason (a network blip): keep what was read before.
    if (lists.every((list) => list.status === 'rejected')) return null;
    return { items: keptEvents(items) };
  }

  return {
    /**
     * The rows to read (id → targets); a row no longer wanted forgets its Events. True when a
     * row is newly wanted (read it now rather than on the next tick).
     */
    want(targets: Map<string, EventTarget[]>): boolean {
      const added = [...targets.keys()].some((id) => !wanted.has(id));
      wanted = targets;
      for (const id of [...read.keys()]) if (!wanted.has(id)) read.delete(id);
      return added;
    },
    get: (id: string) => read.get(id),
    /** Reads the wanted rows' Events; true when anything changed. One read at a time. */
    refresh(): Promise<boolean> {
      reading ??= (async () => {
        let changed = false;
        for (const [id, targets] of wanted) {
          const next = await readRow(targets);
          if (!next || !wanted.has(id)) continue;
          if (JSON.stringify(next) !== JSON.stringify(read.get(id))) changed = true;
          read.set(id, next);
        }
        return changed;
      })().finally(() => {
        reading = null;
      });
      return reading;
    },
  };
}
