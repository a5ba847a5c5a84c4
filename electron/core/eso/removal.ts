/**
 * Pure: what Delete and Back to laptop sync of a kept registry touch. Delete: the
 * ClusterExternalSecret, the source, the store with its ServiceAccount/Role/RoleBinding (unless
 * another kept registry uses it) and the copies that go with them (owned by their ExternalSecrets).
 * Back to laptop sync: the same objects, every copy kept.
 */
import type { InClusterObject, KeptRegistry } from '../api/contract';
import { ESO_API } from './names';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

export const cesRef = (id: string): ObjectRef => ({
  apiVersion: ESO_API,
  kind: 'ClusterExternalSecret',
  metadata: { name: id },
});
export const secretRef = (namespace: string, name: string): ObjectRef => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace },
});

function storeObjects(row: KeptRegistry): ObjectRef[] {
  const ns = row.source.namespace;
  const name = row.store.name;
  return [
    { apiVersion: ESO_API, kind: 'ClusterSecretStore', metadata: { name } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: ns },
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } },
  ];
}

export const asObject = (ref: ObjectRef, action: InClusterObject['action']): InClusterObject => ({
  apiVersion: ref.apiVersion,
  kind: ref.kind,
  namespace: ref.metadata.namespace ?? null,
  name: ref.metadata.name,
  action,
});

export interface RemovePlan {
  objects: ObjectRef[];
  copies: string[];
  storeShared: boolean;
}

/** What a delete or back-to-laptop touches, from the live row and the other kept rows. */
export function removePlan(row: KeptRegistry, others: KeptRegistry[]): RemovePlan {
  const storeShared = others.some(
    (other) => other.id !== row.id && other.store.name === row.store.name,
  );
  return {
    objects: [
      cesRef(row.id),
      secretRef(row.source.namespace, row.source.name),
      ...(storeShared ? [] : storeObjects(row)),
    ],
    copies: row.namespaces
      .filter((ns) => ns.secret && ns.state !== 'not-created')
      .map((ns) => ns.namespace),
    storeShared,
  };
}

export function removePreview(row: KeptRegistry, plan: RemovePlan, mode: 'delete' | 'to-laptop') {
  const lines = plan.objects.map(
    (ref) =>
      `delete ${ref.kind} ${ref.metadata.namespace ? `${ref.metadata.namespace}/` : ''}${ref.metadata.name}`,
  );
  const copies = plan.copies.map((ns) =>
    mode === 'delete'
      ? `delete Secret ${ns}/${row.name} (owned by its ExternalSecret)`
      : `keep Secret ${ns}/${row.name} (no owner left; PullKey's laptop sync keeps it from now on)`,
  );
  const store = plan.storeShared
    ? [`keep ClusterSecretStore ${row.store.name} (other kept registries of the project use it)`]
    : [];
  return [...lines, ...store, ...copies].join('\n');
}
