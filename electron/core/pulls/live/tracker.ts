/**
 * The Pull doctor's state per context: informers on pods and dockerconfigjson secrets
 * (cluster-wide where allowed, else per visible namespace), the owners and secrets read by name,
 * the registry checks and the last view folded. One tracker per context, started once (single
 * flight); a start that failed is never kept, the next request starts again.
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { PullsView } from '../../api/contract';
import type { ClusterService } from '../../kube/clusters';
import type { KubeSession } from '../../kube/session';
import type { CheckSettings } from '../checks/check-policy';
import type { OwnerInfo } from './pod-failures';
import type { LookupEntry } from './retry-rules';
import { openScoped, type ScopedInformers } from './scoped-informers';

const DOCKERCONFIGJSON = 'type=kubernetes.io/dockerconfigjson';
/** Registry checks of running pods' credentials at a time, per context. */
export const CHECK_CONCURRENCY = 4;

export interface Tracker {
  context: string;
  session: KubeSession;
  pods: ScopedInformers<V1Pod>;
  secrets: ScopedInformers<V1Secret>;
  owners: Map<string, OwnerInfo>;
  /** Secrets named by pods but not in the informer: read by name. */
  lookups: Map<string, LookupEntry>;
  version: string | null;
  unsubscribe: Array<() => void>;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
  latest: PullsView | null;
  /** The Pulls view is open on this context (not only the summary): registry checks run. */
  viewOpen: boolean;
  /** The user's choice about the automatic registry checks on this context. */
  checkSettings: CheckSettings;
  checkLimit: ReturnType<typeof pLimit>;
}

/**
 * The trackers of the contexts in use; `changed` runs on every pod or pull-secret change,
 * `stopped` once a tracker closed (whoever kept it lets it go).
 */
export function createTrackers(
  clusters: ClusterService,
  changed: (t: Tracker) => void,
  checkSettings: (context: string) => Promise<CheckSettings>,
  stopped: (t: Tracker) => void,
) {
  const trackers = new Map<string, Promise<Tracker>>();

  async function visibleNamespaces(context: string): Promise<string[]> {
    const list = await clusters.namespaces(context);
    return list.namespaces.map((namespace) => namespace.name);
  }

  async function start(context: string): Promise<Tracker> {
    const session = await clusters.session(context);
    const namespaces = () => visibleNamespaces(context);
    const [pods, secrets, status, settings] = await Promise.all([
      openScoped<V1Pod>(session, { resource: 'pods' }, namespaces),
      openScoped<V1Secret>(
        session,
        { resource: 'secrets', query: { fieldSelector: DOCKERCONFIGJSON } },
        namespaces,
      ).catch(() => null),
      session.status(),
      checkSettings(context),
    ]);
    const t: Tracker = {
      context,
      session,
      pods,
      secrets: secrets ?? emptyScoped(),
      owners: new Map(),
      lookups: new Map(),
      version: status.version,
      unsubscribe: [],
      timer: null,
      stopped: false,
      latest: null,
      viewOpen: false,
      checkSettings: settings,
      checkLimit: pLimit(CHECK_CONCURRENCY),
    };
    t.unsubscribe.push(pods.subscribe(() => changed(t)));
    t.unsubscribe.push(
      t.secrets.subscribe(() => {
        t.lookups.clear();
        changed(t);
      }),
    );
    return t;
  }

  function stop(t: Tracker) {
    t.stopped = true;
    if (t.timer) clearTimeout(t.timer);
    for (const off of t.unsubscribe) off();
    t.pods.release();
    t.secrets.release();
    stopped(t);
  }

  async function tracker(context: string): Promise<Tracker> {
    let pending = trackers.get(context);
    if (!pending) {
      pending = start(context);
      trackers.set(context, pending);
      pending.catch(() => {
        // A failure is never cached: the next request starts again.
        if (trackers.get(context) === pending) trackers.delete(context);
      });
    }
    return pending;
  }

  async function close(context: string): Promise<boolean> {
    const pending = trackers.get(context);
    if (!pending) return false;
    trackers.delete(context);
    const t = await pending.catch(() => null);
    if (t) stop(t);
    return !!t;
  }

  return {
    tracker,
    close,
    /** A tracker is started (or starting) for the context. */
    has: (context: string) => trackers.has(context),
    closeAll: () => {
      for (const context of [...trackers.keys()]) void close(context);
    },
  };
}

function emptyScoped<T>(): ScopedInformers<T> {
  return {
    scope: 'namespaces',
    namespaces: 0,
    objects: () => [],
    get: () => undefined,
    freshness: () => ({
      state: 'stale',
      since: null,
      retryAt: null,
      error: 'secrets not readable',
    }),
    subscribe: () => () => undefined,
    release: () => undefined,
  };
}
