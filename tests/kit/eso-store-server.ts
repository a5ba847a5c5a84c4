/**
 * The API server and CA a ClusterSecretStore must name on the test cluster: its ESO runs as a
 * process outside the cluster, so the store cannot use ESO's in-cluster config (PullKey omits
 * them on real clusters). For the contexts of the ESO cluster only; undefined elsewhere.
 */
import { readFileSync } from 'node:fs';
import type { ClusterState } from '../cluster/state';

export function esoStoreServer(state: ClusterState) {
  const eso = state.eso;
  if (!eso) return () => undefined;
  const cluster = state.clusters[eso.cluster];
  const server = { url: cluster.server, caPem: readFileSync(cluster.caFile, 'utf8') };
  return (context: string) => (context.startsWith(`${eso.cluster}-`) ? server : undefined);
}
