/**
 * I/O: what the Pull doctor knows of External Secrets, live — cluster-wide informers on the
 * ExternalSecrets and ClusterSecretStores (their remoteNamespace), started with the tracker
 * without holding its start up. Where the CRDs are not served (404) or the user may not list them
 * cluster-wide (403) they are "not known": the informers are let go and the view folds as before,
 * never showing an error for it. Their objects become the fold's `GeneratorLookup` (pure). The
 * Warning Events of a failing generator's ExternalSecret (its own error, "unable to create aws
 * session: …") are read after a fold that met it, for the failing ones only, once per Ready
 * transition (again a few times while ESO has not written its Event yet).
 */
import { isAppError } from '../../api/errors';
import {
  generatorLookup,
  type EsObject,
  type GeneratorLookup,
  type StoreObject,
} from '../../eso-generators/behind';
import { EXTERNAL_SECRETS_API } from '../../eso-generators/external-secret';
import { stateWithEvents } from '../../eso-generators/read';
import { generatorError } from '../../eso-generators/state';
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
  /**
   * Reads the Events of the failing generators the last lookup met whose cause is not known yet:
   * true when one was found (fold again). Outside the fold.
   */
  readCauses(): Promise<boolean>;
}

/** Reads of a failing generator's Events while ESO has not written its Warning yet. */
const CAUSE_TRIES = 5;
const CAUSE_RETRY_MS = 2_000;

interface Cause {
  /** The Ready condition it was read for (transition time and message). */
  ready: string;
  cause: string | null;
  tries: number;
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
  const causes = new Map<string, Cause>();
  const wanted = new Map<string, { es: EsObject; ready: string }>();
  let retry: NodeJS.Timeout | null = null;

  /** The generator's error from its Events when read for this Ready state; else wanted. */
  function causeOf(es: EsObject): string | null {
    const key = `${es.metadata?.namespace ?? ''}/${es.metadata?.name ?? ''}`;
    const condition = es.status?.conditions?.find((c) => c.type === 'Ready');
    const ready = `${condition?.lastTransitionTime ?? ''} ${condition?.message ?? ''}`;
    const known = causes.get(key);
    if (known?.ready === ready && (known.cause || known.tries >= CAUSE_TRIES)) return known.cause;
    wanted.set(key, { es, ready });
    return known?.ready === ready ? known.cause : null;
  }

  async function readCauses(): Promise<boolean> {
    if (!known || !wanted.size) return false;
    const batch = [...wanted];
    wanted.clear();
    let found = false;
    let again = false;
    await Promise.all(
      batch.map(async ([key, { es, ready }]) => {
        const before = causes.get(key);
        const tries = before?.ready === ready ? before.tries + 1 : 1;
        try {
          const warning = (await stateWithEvents(session, es)).events[0];
          const cause = warning ? generatorError(warning.message) : null;
          causes.set(key, { ready, cause, tries });
          if (cause) found = true;
          else if (tries < CAUSE_TRIES) again = true;
        } catch {
          // Events not readable (RBAC): the Ready message says it.
          causes.set(key, { ready, cause: null, tries: CAUSE_TRIES });
        }
      }),
    );
    if (found) cached = null;
    // ESO writes its Warning after Ready=False: look again soon (a fold asks for it).
    if (again && !retry && known)
      retry = setTimeout(() => {
        retry = null;
        cached = null;
        listeners.forEach((listener) => listener());
      }, CAUSE_RETRY_MS);
    return found;
  }

  function forget() {
    if (retry) clearTimeout(retry);
    retry = null;
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
      const lookup = generatorLookup({ externalSecrets: at[0], clusterStores: at[1] }, causeOf);
      cached = { at, lookup };
      return lookup;
    },
    readCauses,
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
