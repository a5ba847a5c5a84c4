/**
 * Pure: a namespace stuck Terminating on External Secrets' `externalsecrets.external-secrets.io/
 * ces-<name>` finalizer. ESO v0.20.4 puts it on every namespace a ClusterExternalSecret
 * provisions and removes it when it reconciles the namespace's deletion
 * (clusterexternalsecret_controller.go: ensureNamespaceFinalizer / removeNamespaceFinalizer); with
 * the operator stopped, or the namespace left out of the selector first, nobody removes it.
 */
import type { NamespaceStuck } from '../api/contract';
import { CES_NAMESPACE_FINALIZER_PREFIX } from './names';

export interface NamespaceFinalizers {
  name: string;
  /** Set while the namespace is being deleted. */
  deletionTimestamp?: string | null | undefined;
  finalizers?: string[] | undefined;
}

export function stuckOnEso(namespace: NamespaceFinalizers): NamespaceStuck | null {
  if (!namespace.deletionTimestamp) return null;
  const finalizers = (namespace.finalizers ?? []).filter((f) =>
    f.startsWith(CES_NAMESPACE_FINALIZER_PREFIX),
  );
  if (!finalizers.length) return null;
  const names = finalizers.map((f) => f.slice(CES_NAMESPACE_FINALIZER_PREFIX.length));
  const which =
    names.length === 1
      ? `ClusterExternalSecret ${names[0]}`
      : `ClusterExternalSecrets ${names.join(', ')}`;
  return {
    engine: 'external-secrets',
    finalizers,
    clusterExternalSecrets: names,
    message:
      `${namespace.name} is waiting for External Secrets to let go (${which}): the operator removes ` +
      'its finalizer when it runs. Start External Secrets Operator; if it is gone for good, remove ' +
      `the finalizer: kubectl patch namespace ${namespace.name} --type=json -p ` +
      `'[{"op":"remove","path":"/metadata/finalizers/${(namespace.finalizers ?? []).indexOf(finalizers[0]!)}"}]'`,
  };
}
