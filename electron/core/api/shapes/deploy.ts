/** Contract shapes: the deploy form (suggestions, preflight, update preview) and recent deployments. */

export interface PullSecretMatch {
  secret: string;
  key: string;
  username: string;
  reason: string;
}

export interface DeploySuggestion {
  image: {
    registry: string;
    repository: string;
    tag: string | null;
    digest: string | null;
    name: string;
  } | null;
  imageError: string | null;
  /** Every dockerconfigjson secret of the namespace, with the registries it holds. */
  secrets: Array<{
    name: string;
    hosts: string[];
    /** "the kubelet will reject secret X: <reason>" when a pod listing it could pull nothing. */
    kubeletRejects?: string;
  }>;
  /** Credentials the kubelet would try for the image, in its order. */
  matches: PullSecretMatch[];
  preselected: string[];
  /** Secrets the namespace's default ServiceAccount adds to every pod. */
  serviceAccountSecrets: string[];
  existing: ExistingWorkloadView | null;
}

/** A workload of the chosen name that already exists. */
export interface ExistingWorkloadView {
  kind: 'Deployment' | 'Pod';
  name: string;
  uid: string;
  resourceVersion: string;
  containers: string[];
  /** The container the deploy form edits. */
  container: string | null;
  /** The controller that owns it (StatefulSet, ReplicaSet, Job…): never offered for update. */
  owner: { kind: string; name: string } | null;
}

/** What "Update it" will do to the existing workload, and what must still hold when it runs. */
export interface UpdatePreview {
  action: 'patch' | 'replace' | 'unchanged';
  /** Send back with deploy:apply: the update is refused if the workload changed since. */
  seen: { uid: string; resourceVersion: string; container: string; fingerprint: string };
  /** The patch that will be sent, as YAML. */
  patch: string;
}

export interface PreflightCheck {
  id: 'name' | 'access' | 'image';
  status: 'ok' | 'warn' | 'fail';
  message: string;
  tags?: string[];
}

export interface PreflightResult {
  ok: boolean;
  checks: PreflightCheck[];
  durationMs: number;
  /** Set when an existing workload is updated: the preview shows this patch. */
  update?: UpdatePreview | null;
}

export interface RecentDeployment {
  context: string;
  namespace: string;
  kind: 'Deployment' | 'Pod';
  name: string;
  image: string;
  at: string;
}
