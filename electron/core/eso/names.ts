/**
 * Pure: the names, labels and annotations of what PullKey writes for External Secrets Operator
 * (ESO v0.20.4, `external-secrets.io/v1`), and the markers ESO itself writes that PullKey reads.
 * Sources: apis/externalsecrets/v1/externalsecret_types.go (AnnotationForceSync),
 * pkg/controllers/clusterexternalsecret/clusterexternalsecret_controller.go (buildCESFinalizer).
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { inClusterProject } from '../api/contract';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, PROJECT_KIND_ANNOTATION } from '../kube/labels';
import { PULLKEY_PROJECT_LABEL, RANCHER_PROJECT_LABEL } from '../kube/projects';

export type InClusterProject = z.infer<typeof inClusterProject>;

export const ESO_GROUP = 'external-secrets.io';
export const ESO_VERSION = 'v1';
export const ESO_API = `${ESO_GROUP}/${ESO_VERSION}`;
/**
 * The versions to READ External Secrets objects in, in order: v1, else v1beta1 (ESO before 0.17
 * serves only that; the fields PullKey reads are the same there). PullKey writes v1 only
 * (eso/capability says "too old" otherwise).
 */
export const ESO_READ_VERSIONS = [ESO_VERSION, 'v1beta1'] as const;
/** ESO mirrors this CES annotation on every child ExternalSecret; a new value refreshes them. */
export const FORCE_SYNC_ANNOTATION = 'external-secrets.io/force-sync';
/** The finalizer ESO puts on every namespace a ClusterExternalSecret provisions. */
export const CES_NAMESPACE_FINALIZER_PREFIX = 'externalsecrets.external-secrets.io/ces-';
/** ESO's label on every secret it writes (the informer on copies selects it). */
export const ESO_MANAGED_LABEL = 'reconcile.external-secrets.io/managed';
/** ESO's owner label (a hash of the ExternalSecret) on copies of creationPolicy Owner. */
export const ESO_OWNER_LABEL = 'reconcile.external-secrets.io/created-by';
export const ESO_DATA_HASH_ANNOTATION = 'reconcile.external-secrets.io/data-hash';

/** On every in-cluster object PullKey writes: the ClusterExternalSecret (or store) it serves. */
export const IN_CLUSTER_LABEL = 'pullkey.dev/in-cluster';
/** On the ClusterExternalSecret and the source: the registry (the copies' secret name). */
export const REGISTRY_LABEL = 'pullkey.dev/registry';
/** On the source: the project's store that reads it (its Role names every source). */
export const STORE_LABEL = 'pullkey.dev/in-cluster-store';

export const DEFAULT_SOURCE_NAMESPACE = 'pullkey-system';
export const DEFAULT_REFRESH_INTERVAL = '5m';

/** The namespace label that puts a namespace in the project. */
export function projectLabel(project: InClusterProject): Record<string, string> {
  return {
    [project.kind === 'rancher' ? RANCHER_PROJECT_LABEL : PULLKEY_PROJECT_LABEL]: project.id,
  };
}

/** A DNS-1123 label of at most `max` characters: lowercased, a hash suffix when cut. */
function boundedName(raw: string, max: number): string {
  const clean = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (clean.length <= max) return clean;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
  return `${clean.slice(0, max - 9).replace(/-+$/, '')}-${hash}`;
}

/** The store (and its ServiceAccount, Role, RoleBinding) of a project: one per project. */
export function storeName(project: InClusterProject): string {
  return boundedName(`pullkey-${project.kind}-${project.id}`, 63);
}

/**
 * The ClusterExternalSecret of a project registry, also its source Secret's name. At most 59
 * characters: ESO's namespace finalizer `…/ces-<name>` must stay a 63-character name.
 */
export function keptName(project: InClusterProject, registry: string): string {
  return boundedName(`${registry}-${project.kind}-${project.id}`, 59);
}

/** PullKey's labels on every in-cluster object; `of` names the CES or store it belongs to. */
export function inClusterLabels(of: string, extra: Record<string, string> = {}) {
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [IN_CLUSTER_LABEL]: of, ...extra };
}

/** The labels and annotation a PullKey project copy carries (kept on ESO's copies too). */
export function projectCopyMetadata(project: InClusterProject) {
  return {
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [PULLKEY_PROJECT_LABEL]: project.id },
    annotations: { [PROJECT_KIND_ANNOTATION]: project.kind },
  };
}

/** Go durations as ESO reads them (1h30m, 5m, 10s, 500ms): milliseconds, or null. */
export function durationMs(text: string): number | null {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((part) => part[0]).join('') !== text) return null;
  return parts.reduce((sum, part) => sum + Number(part[1]) * units[part[2]!]!, 0);
}
