/**
 * Project registries kept by External Secrets Operator: what a context offers, the opt-in, the
 * live state read back from ESO, Sync now, Delete and Back to laptop sync. Every write is
 * previewed first; nothing here installs cluster software.
 */
import type { ChannelOutput, InClusterView, KeptRegistry, ParsedInput } from '../api/contract';
import { AppError } from '../api/errors';
import type { EventHub } from '../api/events';
import type { StoreServer } from '../eso/manifests';
import { DEFAULT_SOURCE_NAMESPACE } from '../eso/names';
import type { ClusterService } from '../kube/clusters';
import { readCapability } from './capability';
import { keepRegistry } from './keep';
import { createInClusterLive } from './live';
import { removeKept, syncNow } from './remove';

export interface InClusterService {
  capability(
    input: ParsedInput<'inCluster:capability'>,
  ): Promise<ChannelOutput<'inCluster:capability'>>;
  keep(input: ParsedInput<'inCluster:keep'>): Promise<ChannelOutput<'inCluster:keep'>>;
  open(context: string): Promise<ChannelOutput<'inCluster:open'>>;
  close(context: string): Promise<boolean>;
  syncNow(input: ParsedInput<'inCluster:sync-now'>): Promise<ChannelOutput<'inCluster:sync-now'>>;
  remove(
    input: ParsedInput<'inCluster:delete'>,
    mode: 'delete' | 'to-laptop',
  ): Promise<ChannelOutput<'inCluster:delete'>>;
  closeAll(): void;
}

export interface InClusterDeps {
  clusters: ClusterService;
  events: EventHub;
  /**
   * The API server URL and CA PEM the store names, per context: only for clusters whose ESO runs
   * outside them (the test cluster). Omitted on real clusters (ESO uses its in-cluster config).
   */
  storeServer?: ((context: string) => StoreServer | undefined) | undefined;
}

export function createInClusterService(deps: InClusterDeps): InClusterService {
  const live = createInClusterLive(deps.clusters, deps.events);

  /** The kept rows of a context, folded now (the live view, opened for this if not open). */
  async function rows(context: string): Promise<InClusterView> {
    const view = await live.open(context);
    return view;
  }

  async function row(
    context: string,
    id: string,
  ): Promise<{ row: KeptRegistry; all: KeptRegistry[] }> {
    const view = await rows(context);
    const found = view.kept.find((k) => k.id === id);
    if (!found) throw new AppError('KUBE_NOT_FOUND', `No kept registry ${id} on ${context}`);
    return { row: found, all: view.kept };
  }

  return {
    async capability(input) {
      const session = await deps.clusters.session(input.context);
      return readCapability(session, input.sourceNamespace ?? DEFAULT_SOURCE_NAMESPACE);
    },
    async keep(input) {
      const answer = await keepRegistry(deps, input);
      if (answer.written) live.refresh(input.context);
      return answer;
    },
    open: (context) => live.open(context),
    close: (context) => live.close(context),
    async syncNow(input) {
      const session = await deps.clusters.session(input.context);
      const answer = await syncNow(session, input.id);
      live.refresh(input.context);
      return answer;
    },
    async remove(input, mode) {
      const session = await deps.clusters.session(input.context);
      const { row: found, all } = await row(input.context, input.id);
      const answer = await removeKept(session, found, all, mode, input);
      if (answer.written) live.refresh(input.context);
      return answer;
    },
    closeAll: () => live.closeAll(),
  };
}
