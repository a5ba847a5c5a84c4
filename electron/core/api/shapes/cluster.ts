/** Contract shapes: the app, kubeconfig contexts, clusters, namespaces and projects. */
import type { ApiError } from '../errors';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  runtime: { node: string; electron: string | null; chrome: string | null };
  vault: VaultStatus;
  /** Run from a source checkout, where `npm run demo` starts a demo cluster (first-run screen). */
  demoAvailable: boolean;
}

export type VaultStatus =
  | { available: true; backend: string }
  | { available: false; code: 'VAULT_UNAVAILABLE' | 'VAULT_LOCKED'; reason: string };

export interface KubeContextSummary {
  name: string;
  cluster: string;
  server: string | null;
  user: string;
  namespace: string;
  /** current-context of the kubeconfig (kubectl's view). */
  current: boolean;
  /** The kubeconfig file that defined this context. */
  source: string;
  /** Its user signs in with an exec credential plugin (run only when the context is used or checked). */
  usesExecPlugin?: boolean;
}

export interface KubeconfigProblem {
  file: string;
  message: string;
  line?: number;
}

export interface ContextsList {
  contexts: KubeContextSummary[];
  /** The context PullKey works with (app state, not the kubeconfig's current-context). */
  selected: string | null;
  files: string[];
  /** Those of `files` that do not exist (kubectl skips them; the first-run screen says so). */
  missingFiles?: string[];
  problems: KubeconfigProblem[];
}

export interface ClusterStatus {
  context: string;
  server: string | null;
  reachable: boolean;
  /** The API server's gitVersion, e.g. v1.36.3. */
  version: string | null;
  error: ApiError | null;
  checkedAt: string;
}

export interface NamespaceAccess {
  secrets: { list: boolean; create: boolean; update: boolean };
  deployments: { create: boolean; update: boolean };
}

export interface NamespaceSummary {
  name: string;
  /** Active, Terminating, or Unknown when the user may not read the namespace itself. */
  phase: string;
  projects: { rancher: string | null; pullkey: string | null };
  access: NamespaceAccess;
}

export interface ProjectSummary {
  kind: 'rancher' | 'pullkey';
  id: string;
  /** Rancher's cluster id from the projectId annotation (c-xxxxx), when present. */
  clusterId: string | null;
  namespaces: string[];
}

/** How current a live view's data is (from its informer's watch). */
export interface Freshness {
  /** live: the watch is open; reconnecting: it broke and is being retried; stale: no watch runs. */
  state: 'live' | 'reconnecting' | 'stale';
  /** When the data stopped being live (ISO), null when live. */
  since: string | null;
  /** reconnecting: when the next attempt starts (ISO), null while one is under way. */
  retryAt: string | null;
  /** The last failure, in words. */
  error: string | null;
}

export interface NamespacesList {
  context: string;
  /** cluster: every namespace (list allowed); partial: what the user's roles reveal. */
  scope: 'cluster' | 'partial';
  note: string | null;
  namespaces: NamespaceSummary[];
  projects: ProjectSummary[];
  freshness?: Freshness;
}

export interface NamespaceResult {
  namespace: string;
  outcome: 'updated' | 'unchanged' | 'forbidden' | 'not-found' | 'failed';
  message?: string;
}

export interface ProjectChange {
  project: string;
  results: NamespaceResult[];
}
