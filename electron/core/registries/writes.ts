/**
 * Registry writes that start from a login: create (one namespace or every namespace of a
 * project), edit (merge one entry into listed copies, resourceVersion-checked) and delete (seen
 * copies only, with preconditions).
 */
import type { RegistryFanOut, RegistryScope } from '../api/contract';
import { AppError, isAppError } from '../api/errors';
import {
  mergeDockerConfig,
  type DockerConfig,
  DOCKERCONFIGJSON_KEY,
  DOCKERCONFIGJSON_TYPE,
} from '../dockerconfig/dockerconfig';
import { configKeyFor } from '../oci/hosts';
import { withLogin } from './login-merge';
import type { LoginInput } from './credentials';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../kube/labels';
import { registrySecret } from '../dockerconfig/secret-manifest';
import { decodeConfig } from '../dockerconfig/secret-config';
import { secretLook } from '../dockerconfig/secret-look';
import { projectNamespaces } from './model';
import type { TargetResult } from './fan-out';
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
  /** A server-side dry run per namespace: nothing is written, verified or kept. */
  dryRun?: boolean | undefined;
}

export interface EditInput extends LoginInput {
  context: string;
  operationId: string;
  copies: Array<{ namespace: string; name: string; resourceVersion: string }>;
  entryKey?: string | undefined;
  skipVerify?: boolean | undefined;
  /** A server-side dry run per copy: nothing is written, verified or kept. */
  dryRun?: boolean | undefined;
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

  /** The login checked and kept (a dry run checks and keeps nothing); its password. */
  async function login(input: (CreateInput | EditInput) & { dryRun?: boolean | undefined }) {
    const password = await passwordFor(input);
    const warnings: string[] = [];
    if (input.dryRun) return { password, warnings };
    if (!input.skipVerify) await verify({ ...input, password });
    await tls.remember(input);
    await remember(input, password, warnings);
    return { password, warnings };
  }

  async function create(input: CreateInput) {
    const session = await clusters.session(input.context);
    const cache = await cacheFor(input.context);
    const dryRun = !!input.dryRun;
    const { password, warnings } = await login(input);
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
    if (!dryRun)
      await members.record(
        input.context,
        input.scope,
        input.name,
        namespaces,
        !!input.onlyNamespaces,
      );
    const answer = await writeAll(
      input.operationId,
      namespaces,
      (namespace) => ({ context: input.context, namespace, name: input.name }),
      async (namespace): Promise<TargetResult> => {
        const base = { context: input.context, namespace, name: input.name };
        const wanted = registrySecret(input.name, namespace, input.scope, config);
        try {
          // Create atomically: a name taken by ANY secret (any type) fails with 409 and is
          // then classified, so nothing is ever overwritten (and no check-then-write race).
          try {
            const created = await session.call(() =>
              session.core.createNamespacedSecret({
                namespace,
                body: wanted,
                ...(dryRun ? { dryRun: 'All' } : {}),
              }),
            );
            if (dryRun) return { ...base, outcome: 'created', resourceVersion: null };
            cache.record(created);
            return {
              ...base,
              outcome: 'created',
              resourceVersion: created.metadata?.resourceVersion ?? null,
            };
          } catch (error) {
            if (!(isAppError(error) && error.code === 'KUBE_CONFLICT')) throw error;
          }
          const existing = await session.call(() =>
            session.core.readNamespacedSecret({ name: input.name, namespace }),
          );
          // An engine's copy of that name: provided by it, or a named clash; never written.
          const read = { ...base, resourceVersion: existing.metadata?.resourceVersion ?? null };
          const kept = providedOrClash(existing, config, read);
          if (kept) return { ...kept, resourceVersion: read.resourceVersion };
          const same =
            existing.type === wanted.type &&
            existing.data?.[DOCKERCONFIGJSON_KEY] === wanted.data[DOCKERCONFIGJSON_KEY] &&
            existing.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;
          if (same) return { ...read, outcome: 'unchanged' };
          const owner = existing.metadata?.labels?.[MANAGED_BY_LABEL];
          return {
            ...read,
            outcome: 'clash',
            message: `a secret "${input.name}" of type ${existing.type ?? 'Opaque'} already exists (${owner ? `managed by ${owner}` : 'not managed by PullKey'}): left in place`,
          };
        } catch (error) {
          return failureResult(input.context, namespace, input.name, error);
        }
      },
      warnings,
      dryRun,
    );
    const first = namespaces[0];
    return dryRun && first
      ? { ...answer, secret: secretLook(input.context, first, input.name, config) }
      : answer;
  }

  async function edit(input: EditInput) {
    const session = await clusters.session(input.context);
    const dryRun = !!input.dryRun;
    const { password, warnings } = await login(input);
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
    // Dry run: the first copy as it would be written (other registries in it kept).
    let look: RegistryFanOut['secret'];
    const answer = await writeAll(
      input.operationId,
      input.copies,
      where,
      async (copy): Promise<TargetResult> => {
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
          const config = withLogin(decodeConfig(secret), input, password);
          if (dryRun && copy === input.copies[0])
            look = secretLook(input.context, copy.namespace, copy.name, config);
          const version = await replaceConfig(
            session,
            secret,
            config,
            copy.resourceVersion,
            dryRun,
          );
          return { ...base, outcome: 'updated', resourceVersion: version };
        } catch (error) {
          return failureResult(input.context, copy.namespace, copy.name, error);
        }
      },
      warnings,
      dryRun,
    );
    return look ? { ...answer, secret: look } : answer;
  }

  /**
   * Deletes only kubernetes.io/dockerconfigjson secrets, each with the preconditions
   * { uid, resourceVersion } the user saw: a secret changed (or replaced) since is reported, not
   * deleted. Cancel: copies not started yet stay, reported "cancelled".
   */
  async function remove(context: string, operationId: string, copies: SeenCopy[], dryRun = false) {
    const session = await clusters.session(context);
    const cache = await cacheFor(context);
    await refuseOwned(
      'delete',
      copies.map((copy) => ({ ...copy, context })),
      deps.list,
    );
    const where = (copy: SeenCopy) => ({ context, namespace: copy.namespace, name: copy.name });
    const write = async (copy: SeenCopy): Promise<TargetResult> => {
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
        await deleteSeen(session, copy, dryRun);
        // A dry run answers the version read; a delete leaves no version.
        if (dryRun) return { ...base, outcome: 'deleted', resourceVersion: copy.resourceVersion };
        cache.forget(copy.namespace, copy.name);
        return { ...base, outcome: 'deleted', resourceVersion: null };
      } catch (error) {
        return changedSinceSeen(failureResult(context, copy.namespace, copy.name, error));
      }
    };
    return writeAll(operationId, copies, where, write, [], dryRun);
  }

  return { create, edit, remove };
}
