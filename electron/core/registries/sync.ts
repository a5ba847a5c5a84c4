/** Sync of a project registry: one source copy made current in every namespace of the project. */
import type { RegistryScope, WriteResult } from '../api/contract';
import type { TargetResult } from './fan-out';
import { AppError } from '../api/errors';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../kube/labels';
import { registrySecret } from '../dockerconfig/secret-manifest';
import { decodeConfig } from '../dockerconfig/secret-config';
import { toCopy } from './model';
import { isAppError } from '../api/errors';
import { failureResult } from './outcomes';
import { keptResult, providedOrClash } from './owned-copies';
import { namespacesToCreate } from './project-members';
import { changedSinceSeen, type SeenCopy, type WriteDeps, type WriteKit } from './write-kit';
import { newestCopy } from './written-at';

export function createRegistrySync(deps: WriteDeps, kit: WriteKit) {
  const { clusters, members, cacheFor, list } = deps;
  const { writeAll, readSecret, replaceConfig, deleteSeen } = kit;

  /**
   * Brings a project registry's copies in line with one source copy: the one the user chose, or
   * the most recently written (managedFields time / PullKey's written-at annotation). Only the
   * copies the user saw are updated or deleted, each with the version they saw.
   */
  async function sync(input: {
    context: string;
    operationId: string;
    name: string;
    project: string;
    projectKind: 'rancher' | 'pullkey';
    confirmJoined?: string[] | undefined;
    source?: { namespace: string; resourceVersion: string } | undefined;
    copies?: SeenCopy[] | undefined;
    /** A server-side dry run per namespace: nothing is written or kept. */
    dryRun?: boolean | undefined;
  }) {
    const session = await clusters.session(input.context);
    const dryRun = !!input.dryRun;
    const asked = dryRun ? { dryRun: 'All' } : {};
    const current = await list(input.context, true);
    const group = current.groups.find(
      (candidate) =>
        candidate.scope.kind === 'project' &&
        candidate.scope.project === input.project &&
        candidate.name === input.name,
    );
    if (!group?.sync)
      throw new AppError(
        'KUBE_NOT_FOUND',
        `No project registry "${input.name}" in ${input.project}`,
      );
    const cache = await cacheFor(input.context);
    // By default the newest copy PullKey may write (an engine's copy is read only when chosen).
    const chosen = input.source
      ? group.copies.find((copy) => copy.namespace === input.source!.namespace)
      : (newestCopy(group.copies.filter((copy) => !copy.owner)) ?? newestCopy(group.copies));
    if (!chosen) {
      throw new AppError(
        'KUBE_NOT_FOUND',
        `No copy of "${input.name}" in ${input.source?.namespace ?? input.project} to copy from`,
      );
    }
    const source = await readSecret(session, chosen.namespace, chosen.name);
    if (input.source && source.metadata?.resourceVersion !== input.source.resourceVersion) {
      throw new AppError(
        'KUBE_CONFLICT',
        `The copy in ${chosen.namespace} changed since you chose it as the source: review it and sync again. Nothing was written.`,
      );
    }
    const config = decodeConfig(source);
    const sourceHash = toCopy(source).contentHash;
    const scope: RegistryScope = {
      kind: 'project',
      project: input.project,
      projectKind: input.projectKind,
    };
    // What the user saw (or, without it, the copies as listed now).
    const seen = new Map(
      (input.copies ?? group.copies).map((copy) => [copy.namespace, copy] as const),
    );
    // Copies an engine keeps are never written: each is reported as provided by it, or a clash.
    type Step = { namespace: string; action: 'create' | 'update' | 'delete' | 'kept' };
    const kept = new Set(group.copies.filter((copy) => copy.owner).map((copy) => copy.namespace));
    // Namespaces that joined the project since the last sync get a copy only when confirmed.
    const toCreate = namespacesToCreate(
      group.sync.missing,
      group.sync.joined ?? group.sync.missing,
      input.confirmJoined,
    );
    if (!dryRun)
      await members.record(
        input.context,
        scope,
        input.name,
        [...group.copies.map((copy) => copy.namespace), ...toCreate].filter(
          (namespace) => !group.sync!.orphaned.includes(namespace),
        ),
      );
    const steps: Step[] = [
      ...toCreate.map((namespace) => ({ namespace, action: 'create' as const })),
      ...group.copies
        .filter(
          (copy) =>
            !kept.has(copy.namespace) &&
            copy.contentHash !== sourceHash &&
            !group.sync!.orphaned.includes(copy.namespace),
        )
        .map((copy) => ({ namespace: copy.namespace, action: 'update' as const })),
      ...group.sync.orphaned
        .filter((namespace) => !kept.has(namespace))
        .map((namespace) => ({ namespace, action: 'delete' as const })),
      ...[...kept]
        .filter((namespace) => namespace !== chosen.namespace)
        .map((namespace) => ({ namespace, action: 'kept' as const })),
    ];
    // Cancel: steps not started yet leave their namespace as it was, reported "cancelled".
    const where = (step: Step) => ({
      context: input.context,
      namespace: step.namespace,
      name: input.name,
    });
    const write = async (step: Step): Promise<TargetResult> => {
      const base = where(step);
      try {
        if (step.action === 'create') {
          let version: string | null = null;
          try {
            const created = await session.call(() =>
              session.core.createNamespacedSecret({
                namespace: step.namespace,
                body: registrySecret(input.name, step.namespace, scope, config),
                ...asked,
              }),
            );
            if (!dryRun) {
              cache.record(created);
              version = created.metadata?.resourceVersion ?? null;
            }
          } catch (error) {
            // A same-named secret is there: an engine's copy is provided by it or a clash.
            if (!(isAppError(error) && error.code === 'KUBE_CONFLICT')) throw error;
            const existing = await readSecret(session, step.namespace, input.name);
            const owned = providedOrClash(existing, config, base);
            if (owned) return owned;
            throw error;
          }
          return { ...base, outcome: 'created', resourceVersion: version };
        }
        if (step.action === 'kept') {
          const existing = await readSecret(session, step.namespace, input.name);
          return providedOrClash(existing, config, base) ?? keptOrLeft(base);
        }
        const saw = seen.get(step.namespace);
        if (!saw) {
          return {
            ...base,
            outcome: 'conflict',
            message: 'appeared after you looked: left as it is; review and sync again',
          };
        }
        const secret = await readSecret(session, step.namespace, input.name);
        const owned = keptResult(secret, base);
        if (owned) return owned;
        if (
          secret.metadata?.uid !== saw.uid ||
          secret.metadata?.resourceVersion !== saw.resourceVersion
        ) {
          return {
            ...base,
            outcome: 'conflict',
            message: 'changed since you looked: left as it is; review and sync again',
          };
        }
        if (step.action === 'delete') {
          if (secret.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
            return { ...base, outcome: 'clash', message: 'not managed by PullKey: left in place' };
          }
          await deleteSeen(session, { ...saw, name: input.name }, dryRun);
          if (dryRun) return { ...base, outcome: 'deleted', resourceVersion: saw.resourceVersion };
          cache.forget(step.namespace, input.name);
          return { ...base, outcome: 'deleted', resourceVersion: null };
        }
        const version = await replaceConfig(session, secret, config, saw.resourceVersion, dryRun);
        return { ...base, outcome: 'updated', resourceVersion: version };
      } catch (error) {
        return changedSinceSeen(failureResult(input.context, step.namespace, input.name, error));
      }
    };
    return writeAll(input.operationId, steps, where, write, [], dryRun);
  }

  return sync;
}

/** A copy listed as an engine's that no longer is: left as it is until the user looks again. */
function keptOrLeft(base: Pick<WriteResult, 'context' | 'namespace' | 'name'>): WriteResult {
  return {
    ...base,
    outcome: 'conflict',
    message: 'changed since you looked: left as it is; review and sync again',
  };
}
