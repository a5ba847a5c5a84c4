/**
 * I/O: the kept registries of a context, live. Informers (kube/live-view) on PullKey's
 * ClusterExternalSecrets, their ExternalSecrets and stores (by PullKey's labels; read in v1, else
 * v1beta1 as discovery says) and the copies ESO wrote; each change is folded (eso/fold) and pushed as `inCluster:changed`. A tick folds again
 * every few seconds so "refreshed … ago" and "not reconciling" follow the clock.
 */
import type { InClusterView } from '../api/contract';
import { isAppError } from '../api/errors';
import type { EventHub } from '../api/events';
import { foldKept } from '../eso/fold';
import {
  ESO_GROUP,
  ESO_MANAGED_LABEL,
  ESO_VERSION,
  IN_CLUSTER_LABEL,
  ESO_READ_VERSIONS,
} from '../eso/names';
import type {
  ClusterExternalSecretObject,
  ExternalSecretObject,
  SecretStoreObject,
} from '../eso/objects';
import type { ClusterService } from '../kube/clusters';
import type { WatchObject } from '../kube/informer-policy';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../kube/labels';
import { sharedInformer, sourceOf, type Held } from '../kube/live-view/informers';
import { createLiveView, type LiveView } from '../kube/live-view/view';
import { createLiveViews } from '../kube/live-view/views';
import { rawList } from '../kube/raw-list';
import { preferredVersion } from '../kube/group-versions';
import type { KubeSession } from '../kube/session';
import { createKeptEventsReader } from './kept-events-read';
import { eventTargets, withKeptEvents, type EventTarget } from './kept-events';

const TICK_MS = 5_000;
const COALESCE_MS = 100;

/** Forbidden or not served (no ESO): retrying cannot fix it. */
const fatal = (error: unknown) =>
  isAppError(error) && (error.code === 'CLUSTER_FORBIDDEN' || error.code === 'KUBE_NOT_FOUND');

function watch<T extends WatchObject>(session: KubeSession, path: string, labelSelector: string) {
  const query = { labelSelector };
  return sharedInformer<T>(session, {
    path,
    query,
    list: () => rawList<T>(session.kubeConfig, path, query),
    fatal,
  });
}

interface Tracker {
  view: LiveView<InClusterView>;
  tick: NodeJS.Timeout;
  /** What was pushed last (to skip a tick that changed nothing). */
  pushed?: string;
}

type Obj = WatchObject & { metadata: { name: string; namespace?: string } };

export function createInClusterLive(clusters: ClusterService, events: EventHub) {
  async function start(context: string): Promise<Tracker> {
    const session = await clusters.session(context);
    // v1, else v1beta1 (ESO < 0.17: kept registries written by a newer ESO still read); v1 when
    // discovery fails (the informers then say why).
    const version = await preferredVersion(session, ESO_GROUP, ESO_READ_VERSIONS, ESO_VERSION);
    const eso = `/apis/${ESO_GROUP}/${version}`;
    const ours = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;
    const ces = watch<Obj>(session, `${eso}/clusterexternalsecrets`, IN_CLUSTER_LABEL);
    const es = watch<Obj>(session, `${eso}/externalsecrets`, IN_CLUSTER_LABEL);
    const stores = watch<Obj>(session, `${eso}/clustersecretstores`, `${ours},${IN_CLUSTER_LABEL}`);
    const copies = watch<Obj>(session, '/api/v1/secrets', `${ESO_MANAGED_LABEL}=true,${ours}`);
    const held: Held<Obj>[] = [ces, es, stores, copies];
    const esoEvents = createKeptEventsReader(session);
    // Best effort: a failed read leaves the Events as they were.
    const readEvents = () =>
      void esoEvents.refresh().then(
        (changed) => changed && tracker.view.changed(),
        () => undefined,
      );
    // The first list of each (a failure shows as the view's freshness and note).
    await Promise.all(held.map((h) => h.informer.ready().catch(() => undefined)));

    const fold = (): InClusterView => {
      const now = Date.now();
      const byCes = new Map<string, Map<string, ExternalSecretObject>>();
      for (const child of es.informer.objects() as unknown as ExternalSecretObject[]) {
        const owner = child.metadata.ownerReferences?.find(
          (r) => r.kind === 'ClusterExternalSecret',
        );
        const key = owner?.name ?? child.metadata.labels?.[IN_CLUSTER_LABEL] ?? '';
        const map = byCes.get(key) ?? new Map<string, ExternalSecretObject>();
        map.set(child.metadata.namespace ?? '', child);
        byCes.set(key, map);
      }
      const storeByName = new Map(
        (stores.informer.objects() as unknown as SecretStoreObject[]).map((s) => [
          s.metadata.name,
          s,
        ]),
      );
      // Secrets not listable cluster-wide: a Ready ExternalSecret alone counts (said in the note).
      const copiesFresh = copies.informer.freshness();
      const copiesUnreadable = !copies.informer.synced() && copiesFresh.state === 'stale';
      const secrets = copiesUnreadable
        ? null
        : new Set(
            copies.informer.objects().map((s) => `${s.metadata.namespace}/${s.metadata.name}`),
          );
      const kept = (ces.informer.objects() as unknown as ClusterExternalSecretObject[])
        .map((object) =>
          foldKept({
            ces: object,
            externalSecrets:
              byCes.get(object.metadata.name) ?? new Map<string, ExternalSecretObject>(),
            store:
              storeByName.get(object.spec?.externalSecretSpec?.secretStoreRef?.name ?? '') ?? null,
            secrets,
            now,
          }),
        )
        .sort((a, b) => a.id.localeCompare(b.id));
      // ESO's Events only for the rows not all kept (read on the tick, attached as last read).
      const targets = new Map<string, EventTarget[]>();
      for (const row of kept) {
        const found = eventTargets(row, (ns) => byCes.get(row.id)?.get(ns)?.metadata.name);
        if (found.length) targets.set(row.id, found);
      }
      if (esoEvents.want(targets)) readEvents();
      const withEvents = kept.map((row) => withKeptEvents(row, esoEvents.get(row.id)));
      const view = tracker.view;
      const freshness = view.freshness();
      const cesFresh = ces.informer.freshness();
      return {
        context,
        kept: withEvents,
        note:
          cesFresh.state === 'stale' && cesFresh.error
            ? `External Secrets objects cannot be watched here: ${cesFresh.error}`
            : copiesUnreadable
              ? 'The copies cannot be listed with your permissions: a namespace counts as kept when its ExternalSecret is Ready.'
              : null,
        freshness,
        updatedAt: new Date(now).toISOString(),
      };
    };

    const tracker = {} as Tracker;
    tracker.view = createLiveView<InClusterView>({
      sources: held.map((h) => sourceOf(h)),
      fold,
      stale: (last, error) =>
        last && {
          ...last,
          freshness: {
            state: 'stale',
            since: new Date().toISOString(),
            retryAt: null,
            error: error instanceof Error ? error.message : String(error),
          },
        },
      push: (view) => {
        // The tick folds often: push only what changed (updatedAt aside).
        const key = JSON.stringify([view.kept, view.note, view.freshness]);
        if (key === tracker.pushed) return;
        tracker.pushed = key;
        events.emit('inCluster:changed', view);
      },
      coalesceMs: COALESCE_MS,
    });
    tracker.tick = setInterval(() => {
      tracker.view.changed();
      readEvents();
    }, TICK_MS);
    tracker.tick.unref();
    return tracker;
  }

  const views = createLiveViews<Tracker>(start, (t) => {
    clearInterval(t.tick);
    t.view.stop();
  });

  return {
    async open(context: string): Promise<InClusterView> {
      const tracker = await views.open(context);
      return tracker.view.fold();
    },
    async close(context: string): Promise<boolean> {
      const starting = views.starting(context);
      if (!views.close(context) || !starting) return false;
      return starting.then(
        () => true,
        () => false,
      );
    },
    /** The latest view of an open context (after a write, to answer at once). */
    refresh(context: string) {
      views.get(context)?.view.changed();
    },
    closeAll: views.closeAll,
  };
}
