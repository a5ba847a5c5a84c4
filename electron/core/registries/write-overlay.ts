/**
 * Read-your-writes for the secrets informer, without comparing resourceVersions (the API says
 * they are opaque). A secret PullKey just wrote (or deleted) is kept in an overlay until the
 * informer shows that exact write: watch events arrive in order, so the write is confirmed by
 * an event carrying the written resourceVersion for that key, or by a DELETED for that key.
 * A list that started after the write is authoritative too (it reads the state at or after it).
 * Pure: the informer's events are fed in; `view` merges the overlay over the informer's objects.
 */
import type { InformerEvent, WatchObject } from '../kube/informer-policy';

type Entry<T> =
  | { kind: 'written'; object: T; resourceVersion: string | undefined; seq: number }
  | { kind: 'deleted'; seq: number };

export interface WriteOverlay<T extends WatchObject> {
  /** PullKey wrote `object` (as the API server answered it). */
  written(object: T): void;
  /** PullKey deleted namespace/name. */
  deleted(namespace: string, name: string): void;
  /** Feed every informer event, in order. */
  observe(event: InformerEvent<T>): void;
  /** The informer's objects with the pending writes laid over them. */
  view(objects: readonly T[]): T[];
  /** Keys still waiting for their confirmation (for tests and diagnostics). */
  pending(): string[];
}

const keyOf = (object: WatchObject) =>
  `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

export function createWriteOverlay<T extends WatchObject>(): WriteOverlay<T> {
  const entries = new Map<string, Entry<T>>();
  let seq = 0;
  /** The sequence number current when the list now in flight started. */
  let listStartedAt = 0;

  return {
    written(object) {
      entries.set(keyOf(object), {
        kind: 'written',
        object,
        resourceVersion: object.metadata?.resourceVersion,
        seq: ++seq,
      });
    },
    deleted(namespace, name) {
      entries.set(`${namespace}/${name}`, { kind: 'deleted', seq: ++seq });
    },
    observe(event) {
      switch (event.type) {
        case 'list-start':
          listStartedAt = seq;
          return;
        case 'listed':
          // The list read the state after every write recorded before it started.
          for (const [key, entry] of entries) if (entry.seq <= listStartedAt) entries.delete(key);
          return;
        case 'deleted':
          entries.delete(keyOf(event.object));
          return;
        case 'upserted': {
          const key = keyOf(event.object);
          const entry = entries.get(key);
          if (
            entry?.kind === 'written' &&
            entry.resourceVersion !== undefined &&
            entry.resourceVersion === event.object.metadata?.resourceVersion
          )
            entries.delete(key);
          return;
        }
      }
    },
    view(objects) {
      if (entries.size === 0) return [...objects];
      const merged = new Map<string, T>();
      for (const object of objects) merged.set(keyOf(object), object);
      for (const [key, entry] of entries) {
        if (entry.kind === 'deleted') merged.delete(key);
        else merged.set(key, entry.object);
      }
      return [...merged.values()];
    },
    pending: () => [...entries.keys()],
  };
}
