/**
 * Pure: what ESO will do to each project namespace's existing secret of the registry's name.
 * ESO (creationPolicy Owner) takes over a same-named secret: fine when it is this registry's
 * laptop copy (PullKey's project copy, or already this CES's), a conflict otherwise — another
 * registry's secret, an engine's copy, or one another ExternalSecret owns — to resolve first.
 */
import type { InClusterConflict } from '../api/contract';
import { DOCKERCONFIGJSON_TYPE } from '../dockerconfig/dockerconfig';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../kube/labels';
import { PULLKEY_PROJECT_LABEL } from '../kube/projects';
import { secretOwner, type OwnedMetadata } from '../ownership/owner';
import type { InClusterProject } from './names';

export interface ExistingSecret {
  metadata: OwnedMetadata & { name: string; namespace: string };
  type?: string;
}

export interface Adoption {
  /** Namespaces whose copy ESO takes over (this registry's laptop copy). */
  adopted: string[];
  /** Namespaces already kept by this ClusterExternalSecret. */
  kept: string[];
  /** Namespaces without the secret: ESO creates it. */
  created: string[];
  conflicts: InClusterConflict[];
}

function ownedByThis(secret: ExistingSecret, id: string): boolean {
  return (secret.metadata.ownerReferences ?? []).some(
    (ref) =>
      ref.kind === 'ExternalSecret' &&
      (ref.apiVersion ?? '').startsWith('external-secrets.io/') &&
      ref.name === id,
  );
}

function conflictReason(secret: ExistingSecret, project: InClusterProject): string | null {
  if (secret.type !== DOCKERCONFIGJSON_TYPE)
    return `a ${secret.type ?? 'Opaque'} secret of that name, not a registry credential`;
  const owner = secretOwner(secret.metadata);
  if (owner) return `${owner.badge}: ${owner.engineName} would fight over it`;
  const controller = (secret.metadata.ownerReferences ?? []).find((ref) => ref.controller);
  if (controller) return `owned by ${controller.kind} ${controller.name}`;
  const labels = secret.metadata.labels ?? {};
  if (labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE)
    return 'a secret of that name PullKey did not write: it is not this project registry’s copy';
  if (labels[PULLKEY_PROJECT_LABEL] !== project.id)
    return 'another registry’s copy (not of this project)';
  return null;
}

export function planAdoption(
  namespaces: string[],
  existing: Map<string, ExistingSecret>,
  id: string,
  project: InClusterProject,
): Adoption {
  const result: Adoption = { adopted: [], kept: [], created: [], conflicts: [] };
  for (const namespace of [...namespaces].sort()) {
    const secret = existing.get(namespace);
    if (!secret) result.created.push(namespace);
    else if (ownedByThis(secret, id)) result.kept.push(namespace);
    else {
      const reason = conflictReason(secret, project);
      if (reason) result.conflicts.push({ namespace, name: secret.metadata.name, reason });
      else result.adopted.push(namespace);
    }
  }
  return result;
}
