/** Contract shapes: registries (dockerconfigjson secrets), saved logins and registry TLS. */
import type { CaSummary } from '../pem';
import type { Freshness } from './cluster';
import type { PreviewedWrite } from './writes';

export interface RegistryEntryView {
  /** The key as written in .dockerconfigjson, e.g. https://index.docker.io/v1/. */
  key: string;
  /** Canonical registry (Docker Hub spellings folded to docker.io). */
  registry: string;
  username: string;
  email: string | null;
  hasPassword: boolean;
  /** The entry's `auth` holds other credentials than its username/password fields: the kubelet
   * uses the ones in `auth` (shown in `username`). */
  staleAuth: boolean;
}

export interface RegistryCopy {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  createdAt: string | null;
  /** When its data was last written (managedFields time), for "newest copy". */
  writtenAt: string | null;
  managedBy: string | null;
  /** Hash of the decoded config: equal hashes mean identical copies. */
  contentHash: string;
  entries: RegistryEntryView[];
  /** Set when the secret's data cannot be read as a docker config. */
  invalid: string | null;
}

export type RegistryScope =
  | { kind: 'namespace'; namespace: string }
  | { kind: 'project'; project: string; projectKind: 'rancher' | 'pullkey' };

export interface RegistrySync {
  inSync: number;
  total: number;
  /** Namespaces of the project without a copy. */
  missing: string[];
  /** Copies in namespaces that left the project. */
  orphaned: string[];
  /** Copies whose content differs from the newest copy. */
  stale: string[];
  /**
   * Of `missing`: namespaces that joined the project since the last sync (the user never chose
   * them for this registry). Sync gives them the credential only when confirmed by name.
   */
  joined?: string[];
}

export interface RegistryGroup {
  id: string;
  name: string;
  scope: RegistryScope;
  hosts: string[];
  usernames: string[];
  namespaces: string[];
  managedBy: string | null;
  createdAt: string | null;
  copies: RegistryCopy[];
  sync: RegistrySync | null;
}

export interface RegistriesList {
  context: string;
  groups: RegistryGroup[];
  /** True when only some namespaces could be read (no cluster-wide list permission). */
  partial: boolean;
  note: string | null;
  freshness?: Freshness;
}

export type WriteOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'deleted'
  | 'clash'
  | 'conflict'
  | 'forbidden'
  | 'not-found'
  | 'failed'
  /** The write was cancelled before this target started: nothing was written there. */
  | 'cancelled';

export interface WriteResult {
  context: string;
  namespace: string;
  name: string;
  outcome: WriteOutcome;
  message?: string;
}

export interface WriteReport {
  operationId: string;
  results: WriteResult[];
  /** Things the user should know that did not stop the write (e.g. keychain unavailable). */
  warnings: string[];
}

export interface RegistryDetail {
  copy: RegistryCopy;
  /** The decoded .dockerconfigjson, passwords and auth masked. */
  maskedConfig: string;
  /** `kubectl create secret docker-registry …` with the password as a placeholder. */
  kubectlCommand: string;
  /** The Secret as YAML, with the data masked. */
  yaml: string;
  workloads: Array<{ kind: string; name: string }>;
  /** Whether the namespace's default ServiceAccount lists this secret in imagePullSecrets. */
  defaultServiceAccount: boolean | null;
}

export interface RevealedEntry {
  key: string;
  username: string;
  password: string;
}

export interface RotateTarget {
  context: string;
  namespace: string;
  name: string;
  key: string;
  /** The version the scan saw: a secret changed since is not written. */
  resourceVersion: string;
}

export type AttachableKind =
  'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob';

/**
 * An attach of pull secrets (to a workload's pod template or a ServiceAccount), dry run or write:
 * the exact merge patch (`preview`), the list before and after.
 */
export interface AttachAnswer extends PreviewedWrite {
  /** preview: a dry run with something to add; updated: written; unchanged: nothing to add. */
  outcome: 'preview' | 'updated' | 'unchanged';
  /** The list before the write. */
  before: string[];
  /** The list after the write (as the dry run plans it, or as written). */
  imagePullSecrets: string[];
}

export interface DockerLogin {
  host: string;
  username: string | null;
  source: 'auths' | 'credsStore' | 'credHelpers';
  helper: string | null;
  error: string | null;
}

export interface SavedLogin {
  host: string;
  username: string;
}

/**
 * One login of an Import from Docker: `imported` (in the keychain now), `failed` (message says
 * why), or `cancelled` (the import was cancelled before it was stored: nothing stored for it).
 */
export interface DockerImportResult {
  /** The host as the Docker config spells it (as chosen in docker:logins). */
  host: string;
  username: string;
  outcome: 'imported' | 'failed' | 'cancelled';
  message?: string;
}

export interface DockerImportReport {
  operationId: string;
  /** One per chosen login, in the order chosen. */
  results: DockerImportResult[];
  /** The keychain's logins after the import. */
  logins: SavedLogin[];
}

/** Progress of an Import from Docker: a login starts (`result` null) or ends (its result). */
export interface DockerImportProgress {
  operationId: string;
  /** The login under way or just ended: its position (1-based) of `total`, and its host. */
  index: number;
  total: number;
  host: string;
  /** Logins ended so far. */
  done: number;
  result: DockerImportResult | null;
}

/** A TLS setting PullKey keeps for one registry host (laptop-side checks only). */
export interface RegistryTlsSetting {
  host: string;
  /** The custom CA certificates kept for this host. */
  ca: CaSummary[];
}
