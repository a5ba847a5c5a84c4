/**
 * Registry writes that start from a login: create (one namespace or every namespace of a
 * project), edit (merge one entry into listed copies, resourceVersion-checked) and delete (seen
 * copies only, with preconditions).
 */
import type { RegistryScope, WriteResult } from '../api/contract';
import { AppError, isAppError } from '../api/errors';
import {
  mergeDockerConfig,
  type DockerConfig,
  DOCKERCONFIGJSON_KEY,
  DOCKERCONFIGJSON_TYPE,
} from '../dockerconfig/dockerconfig';
import { canonicalRegistry, configKeyFor } from '../oci/hosts';
import type { LoginInput } from './credentials';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../kube/labels';
import { registrySecret } from '../dockerconfig/secret-manifest';
import { decodeConfig } from '../dockerconfig/secret-config';
import { projectNamespaces } from './model';
import { failureResult } from './outcomes';
import { keptResult, providedOrClash, refuseOwned } from './owned-copies';
import { changedSinceSeen, type SeenCopy, type WriteDeps, type WriteKit } from './write-kit';

export interface CreateInput extends LoginInput {
  context: string;
  operationId: string;
  name: string;
  scope: RegistryScope;
  skipVerify?: boolean | undefined;
  onlyNamespaces?: string[] | undefined;
}

export interface EditInput extends LoginInput {
  context: string;
  operationId: string;
  copies: Array<{ namespace: string; name: string; resourceVersion: string }>;
  entryKey?: string | undefined;
  skipVerify?: boolean | undefined;
}

export function createRegistryWrites(deps: WriteDeps, kit: WriteKit) {
  const { clusters, tls, members, cacheFor } = deps;
  const { passwordFor, verify, remember } = deps.credentials;
  const { writeAll, readSecret, replaceConfig, deleteSeen } = kit;

  async function targetNamespaces(
    context: string,
    scope: RegistryScope,
    only?: string[],
  ): Promise<string[]> {
    let namespaces: string[];
    if (scope.kind === 'namespace') namespaces = [scope.namespace];
    else {
      const list = await clusters.namespaces(context, true);
      namespaces = projectNamespaces(list.namespaces, scope.project, scope.projectKind);
      if (namespaces.length === 0) {
        throw new AppError(
          'KUBE_NOT_FOUND',
          `Project ${scope.project} has no namespaces on context "${context}"`,
        );
      }
    }
    return only ? namespaces.filter((namespace) => only.includes(namespace)) : namespaces;
  }

  async function create(input: CreateInput) {
    const session = await clusters.session(input.context);
    const cache = await cacheFor(input.context);
    const password = await passwordFor(input);
    if (!input.skipVerify) await verify({ ...input, password });
    await tls.remember(input);
    const warnings: string[] = [];
    await remember(input, password, warnings);
    const key = configKeyFor(input.host);
    const config: DockerConfig = {
      auths: {
        [key]: mergeDockerConfig({ auths: {} }, key, {
          username: input.username,
          password,
          email: input.email || undefined,
        }).auths[key]!,
      },
    };
    const namespaces = await targetNamespaces(input.context, input.scope, input.onlyNamespaces);
    // The namespaces the user chose for a project registry: later joiners need a confirmation.
    await members.record(
      input.context,
      input.scope,
      input.name,
      namespaces,
      !!input.onlyNamespaces,
    );
    return writeAll(
      input.operationId,
      namespaces,
      (namespace) => ({ context: input.context, namespace, name: input.name }),
      async (namespace): Promise<WriteResult> => {
        const base = { context: input.context, namespace, name: input.name };
        const wanted = registrySecret(input.name, namespace, input.scope, config);
        try {
          // Create atomically: a name taken by ANY secret (any type) fails with 409 and is
          // then classified, so nothing is ever overwritten (and no check-then-write race).
          try {
            cache.record(
              await session.call(() =>
                session.core.createNamespacedSecret({ namespace, body: wanted }),
              ),
            );
            return { ...base, outcome: 'created' };
          } catch (error) {
            if (!(isAppError(error) && error.code === 'KUBE_CONFLICT')) throw error;
          }
          const existing = await session.call(() =>
            session.core.readNamespacedSecret({ name: input.name, namespace }),
          );
          // An engine's copy of that name: provided by it, or a named clash; never written.
          const kept = providedOrClash(existing, config, base);
          if (kept) return kept;
          const same =
            existing.type === wanted.type &&
            existing.data?.[DOCKERCONFIGJSON_KEY] === wanted.data[DOCKERCONFIGJSON_KEY] &&
            existing.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;
          if (same) return { ...base, outcome: 'unchanged' };
          const owner = existing.metadata?.labels?.[MANAGED_BY_LABEL];
          return {
            ...base,
            outcome: 'clash',
            message: `a secret "${input.name}" of type ${existing.type ?? 'Opaque'} already exists (${owner ? `managed by ${owner}` : 'not managed by PullKey'}): left in place`,
          };
        } catch (error) {
          return failureResult(input.context, namespace, input.name, error);
        }
      },
      warnings,
    );
  }

  async function edit(input: EditInput) {
    const session = await clusters.session(input.context);
    const password = await passwordFor(input);
    if (!input.skipVerify) await verify({ ...input, password });
    await tls.remember(input);
    const warnings: string[] = [];
    await remember(input, password, warnings);
    const newKey = configKeyFor(input.host);
    await refuseOwned(
      'edit',
      input.copies.map((copy) => ({ ...copy, context: input.context })),
      deps.list,
    );
    const where = (copy: { namespace: string; name: string }) => ({
      context: input.context,
      namespace: copy.namespace,
      name: copy.name,
    });
    return writeAll(
      input.operationId,
      input.copies,
      where,
      async (copy): Promise<WriteResult> => {
        const base = { context: input.context, namespace: copy.namespace, name: copy.name };
        try {
          const secret = await readSecret(session, copy.namespace, copy.name);
          const kept = keptResult(secret, base);
          if (kept) return kept;
          if (secret.metadata?.resourceVersion !== copy.resourceVersion) {
            return {
              ...base,
              outcome: 'conflict',
              message:
                'changed elsewhere since you opened it: reload to see the change, then edit again',
            };
          }
          let config = decodeConfig(secret);
          if (input.entryKey && canonicalRegistry(input.entryKey) !== canonicalRegistry(newKey)) {
            const { [input.entryKey]: _removed, ...rest } = config.auths;
            config = { ...config, auths: rest };
          }
          config = mergeDockerConfig(config, newKey, {
            username: input.username,
            password,
            email: input.email || undefined,
          });
          await replaceConfig(session, secret, config, copy.resourceVersion);
          return { ...base, outcome: 'updated' };
        } catch (error) {
          return failureResult(input.context, copy.namespace, copy.name, error);
        }
      },
      warnings,
    );
  }

  /**
   * Deletes only kubernetes.io/dockerconfigjson secrets, each with the preconditions
   * { uid, resourceVersion } the user saw: a secret changed (or replaced) since is reported, not
   * deleted. Cancel: copies not started yet stay, reported "cancelled".
   */
  async function remove(context: string, operationId: string, copies: SeenCopy[]) {
    const session = await clusters.session(context);
    const cache = await cacheFor(context);
    await refuseOwned(
      'delete',
      copies.map((copy) => ({ ...copy, context })),
      deps.list,
    );
    const where = (copy: SeenCopy) => ({ context, namespace: copy.namespace, name: copy.name });
    return writeAll(operationId, copies, where, async (copy): Promise<WriteResult> => {
      const base = where(copy);
      try {
        const secret = await readSecret(session, copy.namespace, copy.name);
        const kept = keptResult(secret, base);
        if (kept) return kept;
        if (secret.type !== DOCKERCONFIGJSON_TYPE) {
          return {
            ...base,
            outcome: 'clash',
            message: `a secret of type ${secret.type ?? 'Opaque'}, not a registry: not deleted`,
          };
        }
        await deleteSeen(session, copy);
        cache.forget(copy.namespace, copy.name);
        return { ...base, outcome: 'deleted' };
      } catch (error) {
        return changedSinceSeen(failureResult(context, copy.namespace, copy.name, error));
      }
    });
  }

  return { create, edit, remove };
}
