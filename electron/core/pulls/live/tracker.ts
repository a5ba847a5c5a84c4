/**
 * The Pull doctor's state per context: informers on pods and dockerconfigjson secrets
 * (cluster-wide where allowed, else per visible namespace), the owners and secrets read by name,
 * the registry checks and its live view. One tracker per context, kept in kube/live-view's
 * registry: started once (single flight); a start that failed is never kept, the next request
 * starts again; closed, its live view lets go of the informers.
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { PullsView } from '../../api/contract';
import type { ClusterService } from '../../kube/clusters';
import type { LiveView } from '../../kube/live-view/view';
import { createLiveViews } from '../../kube/live-view/views';
import type { KubeSession } from '../../kube/session';
import type { CheckSettings } from '../checks/check-policy';
import type { OwnerInfo } from './pod-failures';
import type { LookupEntry } from './retry-rules';
import { openEsoFeeds, type EsoFeeds } from './eso-feeds';
import { preparePod } from './fold';
import { openScoped, type ScopedInformers } from './scoped-informers';

const DOCKERCONFIGJSON = 'type=kubernetes.io/dockerconfigjson';
/** Registry checks of running pods' credentials at a time, per context. */
export const CHECK_CONCURRENCY = 4;

export interface Tracker {
  context: string;
  session: KubeSession;
  pods: ScopedInformers<V1Pod>;
  secrets: ScopedInformers<V1Secret>;
  /** External Secrets (ExternalSecrets, ClusterSecretStores) where served and listable. */
  eso: EsoFeeds;
  owners: Map<string, OwnerInfo>;
  /** Secrets named by pods but not in the informer: read by name. */
  lookups: Map<string, LookupEntry>;
  version: string | null;
  /** Folds and pushes the view; lets go of the informers once stopped. */
  view: LiveView<PullsView>;
  stopped: boolean;
  /** The last view folded (or pushed). */
  readonly latest: PullsView | null;
  /** The Pulls view is open on this context (not only the summary): registry checks run. */
  viewOpen: boolean;
  /** The user's choice about the automatic registry checks on this context. */
  checkSettings: CheckSettings;
  checkLimit: ReturnType<typeof pLimit>;
}

/**
 * The trackers of the contexts in use; `viewOf` makes a tracker's live view (folded and pushed
 * on every pod or pull-secret change), `stopped` runs once a tracker closed (whoever kept it lets
 * it go).
 */
export function createTrackers(
  clusters: ClusterService,
  viewOf: (t: Tracker) => LiveView<PullsView>,
  checkSettings: (context: string) => Promise<CheckSettings>,
  stopped: (t: Tracker) => void,
) {
  async function visibleNamespaces(context: string): Promise<string[]> {
    const list = await clusters.namespaces(context);
    return list.namespaces.map((namespace) => namespace.name);
  }

  async function start(context: string): Promise<Tracker> {
    const session = await clusters.session(context);
    const namespaces = () => visibleNamespaces(context);
    const [pods, secrets, status, settings] = await Promise.all([
      openScoped<V1Pod>(
        session,
        { resource: 'pods', omitManagedFields: true, prepare: preparePod },
        namespaces,
      ),
      openScoped<V1Secret>(
        session,
        { resource: 'secrets', query: { fieldSelector: DOCKERCONFIGJSON } },
        namespaces,
      ).catch(() => null),
      session.status(),
      checkSettings(context),
    ]);
    const lookups = new Map<string, LookupEntry>();
    const scopedSecrets = secrets ?? emptyScoped<V1Secret>();
    // A pull secret changed: what was read by name may be out of date.
    const offSecrets = scopedSecrets.subscribe(() => lookups.clear());
    const t: Tracker = {
      context,
      session,
      pods,
      secrets: {
        ...scopedSecrets,
        release() {
          offSecrets();
          scopedSecrets.release();
        },
      },
      // Additive, not awaited: the start does not wait for External Secrets.
      eso: openEsoFeeds(session),
      owners: new Map(),
      lookups,
      version: status.version,
      view: null as unknown as LiveView<PullsView>,
      stopped: false,
      get latest() {
        return t.view.latest();
      },
      viewOpen: false,
      checkSettings: settings,
      checkLimit: pLimit(CHECK_CONCURRENCY),
    };
    t.view = viewOf(t);
    return t;
  }

  const views = createLiveViews<Tracker>(start, (t) => {
    t.stopped = true;
    t.view.stop();
    t.eso.release(); // released with the view's sources too: once is enough, twice is harmless
    stopped(t);
  });

  async function close(context: string): Promise<boolean> {
    const starting = views.starting(context);
    if (!views.close(context) || !starting) return false;
    // Stopped as soon as it started: closed when this answers.
    return starting.then(
      () => true,
      () => false,
    );
  }

  return {
    tracker: views.open,
    close,
    /** A tracker is started (or starting) for the context. */
    has: views.has,
    closeAll: views.closeAll,
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
