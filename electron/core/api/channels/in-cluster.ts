/**
 * Contract, in-cluster domain (`inCluster:*`): project registries kept by the cluster itself,
 * handed to External Secrets Operator (ESO, `external-secrets.io/v1`). What a context offers
 * (discovery + the user's permissions), the opt-in (a previewed write of the source Secret, its
 * reader ServiceAccount/Role/RoleBinding, a ClusterSecretStore limited to the project and one
 * ClusterExternalSecret), the live state read back from ESO's status (`inCluster:open` …
 * `inCluster:changed`), Sync now, Delete and Back to laptop sync (both previewed).
 */
import { z } from 'zod';
import {
  channel,
  contextName,
  dns1123Label,
  dns1123Subdomain,
  onContext,
  projectKind,
  recordKey,
  resourceVersion,
  type Freshness,
} from './shared';
import type { PreviewedWrite } from './writes';

// ---------------------------------------------------------------------------------------------
// Inputs

/** The project a registry belongs to: Rancher's (field.cattle.io/projectId) or PullKey's label. */
export const inClusterProject = z
  .object({ kind: projectKind, id: recordKey(63).min(1, 'project is required') })
  .strict();
/** How often ESO refreshes each copy from the source (Go duration: 30s, 5m, 1h). Default 5m. */
export const refreshInterval = z
  .string()
  .regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, 'a duration such as 30s, 5m or 1h')
  .max(32);
/** A kept project registry: the ClusterExternalSecret's name (KeptRegistry.id). */
const keptId = z.object({ context: contextName, id: dns1123Subdomain }).strict();

// ---------------------------------------------------------------------------------------------
// Outputs

/** One permission PullKey needs to keep a registry in the cluster, asked with SelfSubjectAccessReview. */
export interface InClusterPermission {
  verb: string;
  group: string;
  resource: string;
  /** null: cluster-wide. */
  namespace: string | null;
  allowed: boolean;
  /** "create clustersecretstores.external-secrets.io (cluster-wide)". */
  label: string;
}

/** What a context offers for in-cluster keeping. */
export interface InClusterCapability {
  context: string;
  /**
   * ready: ESO serves external-secrets.io/v1; too-old: only older versions (see `versions`);
   * missing: no external-secrets.io API; unreachable: discovery failed (see `message`).
   */
  engine: 'ready' | 'too-old' | 'missing' | 'unreachable';
  /** The versions /apis/external-secrets.io serves, e.g. ["v1", "v1beta1"]. */
  versions: string[];
  /** One plain sentence: the state and, when not ready, why (the version found, the error). */
  message: string;
  /** What ESO would give this project registry (shown when missing or too old). */
  benefit: string;
  /** The command to copy to install (or upgrade) ESO; PullKey never installs cluster software. */
  helmCommand: string;
  /** Each object PullKey would write, asked of the API server (empty unless engine is ready). */
  permissions: InClusterPermission[];
  /** The labels of the permissions denied. */
  missing: string[];
  /** ready and every permission allowed: the opt-in is offered. */
  offered: boolean;
  checkedAt: string;
}

/** One object of an in-cluster write, as previewed and as written. */
export interface InClusterObject {
  apiVersion: string;
  kind: string;
  /** null: cluster-scoped. */
  namespace: string | null;
  name: string;
  /**
   * create/update/unchanged/delete: what the write does to it; keep: left in place (Back to
   * laptop sync keeps the copies, no owner left); adopt: an existing copy ESO takes over.
   */
  action: 'create' | 'update' | 'unchanged' | 'delete' | 'keep' | 'adopt';
}

/** A same-named secret that is not this registry's copy: resolve it before opting in. */
export interface InClusterConflict {
  namespace: string;
  name: string;
  /** "holds credentials for another registry", "kept by Reflector (…)", … */
  reason: string;
}

/** The answer of every previewed in-cluster write (opt in, delete, back to laptop sync). */
export interface InClusterWrite extends PreviewedWrite {
  /** Every object written, deleted or kept, in the order written. */
  objects: InClusterObject[];
  /** Namespaces whose existing same-named copy (this registry's) ESO will adopt. */
  adopted: string[];
  /** Non-empty: the write is refused until these are resolved. */
  conflicts: InClusterConflict[];
  /** The kept registry's id (the ClusterExternalSecret's name). */
  id: string;
}

/** One namespace of a kept registry, from its ExternalSecret and the copy. */
export interface KeptNamespace {
  namespace: string;
  /**
   * kept: the ExternalSecret is Ready and the secret exists; waiting: created, no Ready yet;
   * failing: Ready=False (see reason/message); no-secret: Ready but the copy is not there;
   * not-created: the ClusterExternalSecret failed to create its ExternalSecret here.
   */
  state: 'kept' | 'waiting' | 'failing' | 'no-secret' | 'not-created';
  /** The ExternalSecret's Ready reason (SecretSynced, SecretSyncedError, …) or the CES failure. */
  reason: string | null;
  message: string | null;
  /** The ExternalSecret's status.refreshTime (ISO). */
  refreshTime: string | null;
  secret: boolean;
}

export interface KeptStore {
  name: string;
  /** The ClusterSecretStore's Ready condition; null: no status yet (or not found). */
  ready: boolean | null;
  reason: string | null;
  message: string | null;
}

/** A project registry kept by ESO, folded from its objects' status. */
export interface KeptRegistry {
  /** The ClusterExternalSecret's name. */
  id: string;
  /** The registry (the copies' secret name, target.name). */
  name: string;
  project: z.infer<typeof inClusterProject>;
  /** Where the source Secret lives, and its name. */
  source: { namespace: string; name: string };
  refreshInterval: string;
  /**
   * kept: every namespace kept; converging: some still waiting; failing: a namespace, the CES or
   * the store reports an error; not-reconciling: written over 30 s ago and ESO wrote no status.
   */
  state: 'kept' | 'converging' | 'failing' | 'not-reconciling';
  /** "Kept by External Secrets — 12/12 namespaces" or what is wrong, in words. */
  summary: string;
  kept: number;
  total: number;
  /** The oldest refreshTime of the kept namespaces (ISO): "refreshed 1 min ago". */
  refreshedAt: string | null;
  namespaces: KeptNamespace[];
  /** The CES's failedNamespaces, with ESO's reason. */
  failedNamespaces: Array<{ namespace: string; reason: string }>;
  store: KeptStore;
  /** When PullKey wrote the ClusterExternalSecret (creationTimestamp). */
  writtenAt: string | null;
  /** The last Sync now (the force-sync annotation's value), when any. */
  syncRequestedAt: string | null;
  resourceVersion: string;
  /**
   * Only on a row not all kept, once read: the latest Warning Events of the ClusterExternalSecret
   * and its failing ExternalSecrets (newest first, masked, a few), or why they could not be read.
   */
  events?: { items: KeptEvent[] } | { unread: string };
}

/** A Warning Event of a kept registry's ClusterExternalSecret or one of its ExternalSecrets. */
export interface KeptEvent {
  /** ISO time of the event's last occurrence. */
  at: string;
  /** "ClusterExternalSecret/team1-pull", "ExternalSecret team2/regcred". */
  object: string;
  reason: string;
  /** Masked: a provider's error text can hold anything. */
  message: string;
}

export interface InClusterView {
  context: string;
  kept: KeptRegistry[];
  /** The ESO kinds could not be watched (no ESO, or no permission): why, in words. */
  note: string | null;
  freshness: Freshness;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Channels

export const inClusterChannels = {
  /** Discovery of ESO and SelfSubjectAccessReviews for every object the opt-in writes. */
  'inCluster:capability': channel<InClusterCapability>()(
    z.object({ context: contextName, sourceNamespace: dns1123Label.optional() }).strict(),
  ),
  /**
   * Opt a project registry in (or change its refresh interval). dryRun: every object, the
   * namespaces ESO will adopt, the conflicts; the write is refused while conflicts remain or
   * when the ClusterExternalSecret changed since `resourceVersion`. The credential is the
   * registry's newest copy in the project (or `from`).
   */
  'inCluster:keep': channel<InClusterWrite>()(
    z
      .object({
        context: contextName,
        project: inClusterProject,
        name: dns1123Subdomain,
        from: z.object({ namespace: dns1123Label }).strict().optional(),
        /** Default pullkey-system. */
        sourceNamespace: dns1123Label.optional(),
        /** Default 5m. */
        refreshInterval: refreshInterval.optional(),
        resourceVersion: resourceVersion.optional(),
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
  /** The kept registries of a context; live updates come as inCluster:changed until closed. */
  'inCluster:open': channel<InClusterView>()(onContext),
  'inCluster:close': channel<{ closed: boolean }>()(onContext),
  /** Sync now: sets external-secrets.io/force-sync on the ClusterExternalSecret. */
  'inCluster:sync-now': channel<{ id: string; requestedAt: string }>()(keptId),
  /** Deletes the ClusterExternalSecret, its store (when no other uses it), the source and the copies. */
  'inCluster:delete': channel<InClusterWrite>()(
    keptId
      .extend({ resourceVersion: resourceVersion.optional(), dryRun: z.boolean().optional() })
      .strict(),
  ),
  /** Back to laptop sync: removes the ESO objects and the source, keeps every copy (no owner left). */
  'inCluster:to-laptop': channel<InClusterWrite>()(
    keptId
      .extend({ resourceVersion: resourceVersion.optional(), dryRun: z.boolean().optional() })
      .strict(),
  ),
} as const;

export interface InClusterEvents {
  'inCluster:changed': InClusterView;
}
