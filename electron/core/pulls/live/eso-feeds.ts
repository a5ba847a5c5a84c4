/**
 * I/O: what the Pull doctor knows of External Secrets, live — cluster-wide informers on the
 * ExternalSecrets and ClusterSecretStores (their remoteNamespace), started with the tracker
 * without holding its start up. Where the CRDs are not served (404) or the user may not list them
 * cluster-wide (403) they are "not known": the informers are let go and the view folds as before,
 * never showing an error for it. Their objects become the fold's `GeneratorLookup` (pure).
 */
import { isAppError } from '../../api/errors';
import {
  generatorLookup,
  type EsObject,
  type GeneratorLookup,
  type StoreObject,
} from '../../eso-generators/behind';
import { EXTERNAL_SECRETS_API } from '../../eso-generators/external-secret';
import type { WatchObject } from '../../kube/informer-policy';
import { sharedInformer, type Held } from '../../kube/live-view/informers';
import type { LiveSource } from '../../kube/live-view/view';
import { rawList } from '../../kube/raw-list';
import type { KubeSession } from '../../kube/session';

const eso = `/apis/${EXTERNAL_SECRETS_API}`;

/** Not served (no ESO) or not the user's to list: retrying cannot fix it. */
const notKnown = (error: unknown) =>
  isAppError(error) && (error.code === 'CLUSTER_FORBIDDEN' || error.code === 'KUBE_NOT_FOUND');

export interface EsoFeeds extends LiveSource {
  /** The lookup over what the informers hold now; null while not known. */
  lookup(): GeneratorLookup | null;
}

type Obj = WatchObject & EsObject & StoreObject;

export function openEsoFeeds(session: KubeSession): EsoFeeds {
  const watch = (path: string): Held<Obj> =>
    sharedInformer<Obj>(session, {
      path,
      list: () => rawList<Obj>(session.kubeConfig, path, {}),
      fatal: notKnown,
    });
  let held: Array<Held<Obj>> = [
    watch(`${eso}/externalsecrets`),
    watch(`${eso}/clustersecretstores`),
  ];
  const [externalSecrets, stores] = held as [Held<Obj>, Held<Obj>];
  let known = true;
  const listeners = new Set<() => void>();
  // ESO writes an ExternalSecret's status on every refresh: only a change of what the lookup
  // reads (links, generator, Ready) folds the Pulls view again.
  let signature = '';
  const changed = () => {
    const next = held.map((one) => one.informer.objects().map(digest).join('\n')).join('\f');
    if (next === signature) return;
    signature = next;
    listeners.forEach((listener) => listener());
  };
  const subscriptions = held.map((one) => one.informer.subscribe(changed));
  let cached: { at: [Obj[], Obj[]]; lookup: GeneratorLookup } | null = null;

  function forget() {
    if (!known) return;
    known = false;
    subscriptions.forEach((off) => off());
    held.forEach((one) => one.release());
    held = [];
  }
  // The first list of each: a 404/403 means "not known" (let go); other failures retry.
  for (const one of held)
    one.informer.ready().catch((error: unknown) => {
      if (notKnown(error)) forget();
    });

  return {
    lookup() {
      if (!known || !externalSecrets.informer.synced()) return null;
      const at: [Obj[], Obj[]] = [externalSecrets.informer.objects(), stores.informer.objects()];
      // The same objects as the last fold (informers replace what changes): the same lookup.
      if (cached && cached.at.every((list, i) => sameItems(list, at[i]!))) return cached.lookup;
      const lookup = generatorLookup({ externalSecrets: at[0], clusterStores: at[1] });
      cached = { at, lookup };
      return lookup;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // Never an error in the Pulls view: what is not known is left out.
    freshness: () => ({ state: 'live', since: null, retryAt: null, error: null }),
    release() {
      forget();
      listeners.clear();
    },
  };
}

const digests = new WeakMap<object, string>();
/** What the lookup reads of an object (refreshTime and the like left out). */
function digest(object: Obj): string {
  let known = digests.get(object);
  if (known === undefined) {
    const ready = object.status?.conditions?.find((c) => c.type === 'Ready');
    known = JSON.stringify([
      object.metadata?.namespace,
      object.metadata?.name,
      object.metadata?.ownerReferences,
      object.spec,
      ready?.status,
      ready?.reason,
      ready?.message,
    ]);
    digests.set(object, known);
  }
  return known;
}

const sameItems = (a: unknown[], b: unknown[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);
