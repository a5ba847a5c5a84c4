/**
 * The registry-credential workflows on a cluster: list (live), verify, create (namespace or
 * project, per-namespace progress), view, reveal, edit (merge, resourceVersion), delete, sync
 * project copies, rotate everywhere, and the default ServiceAccount's imagePullSecrets.
 */
import type { V1Secret } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type {
  RegistriesList,
  RegistryDetail,
  RegistryScope,
  RevealedEntry,
  RotateTarget,
  WriteReport,
  WriteResult,
} from '../api/contract';
import { AppError, isAppError } from '../api/errors';
import type { EventHub } from '../api/events';
import type { ClusterService } from '../kube/clusters';
import {
  accountPullSecretNames,
  readDefaultServiceAccount,
  setDefaultAccountPullSecret,
} from '../kube/default-service-account';
import type { KubeSession } from '../kube/session';
import { createRegistryClient } from '../oci/client';
import {
  entriesOf,
  mergeDockerConfig,
  type DockerConfig,
  DOCKERCONFIGJSON_KEY,
  DOCKERCONFIGJSON_TYPE,
} from '../dockerconfig/dockerconfig';
import { canonicalRegistry, configKeyFor, keychainHost } from '../oci/hosts';
import { kubectlCreateSecretCommand, shellQuote } from '../dockerconfig/kubectl-command';
import type { SettingsStore } from '../settings/store';
import type { Vault } from '../vault/vault';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './labels';
import { maskedSecretYaml, registrySecret } from './manifest';
import { maskedConfigText } from './masking';
import {
  decodeConfig,
  groupRegistries,
  projectNamespaces,
  revealableConfig,
  toCopy,
} from './model';
import { createCancellations } from './cancellations';
import { failureResult } from './outcomes';
import { createSecretsCache, type SecretsCache } from './secrets-cache';
import { createProjectMembers, namespacesToCreate } from './project-members';
import { createRegistryTls, type TlsInput } from './tls';
import { newestCopy, WRITTEN_AT_ANNOTATION } from './written-at';

const WRITE_CONCURRENCY = 16;

type WriteTarget = Pick<WriteResult, 'context' | 'namespace' | 'name'>;
/** A target that names itself (rotate's): its context, namespace and name. */
function ownTarget(target: unknown): WriteTarget | null {
  const { context, namespace, name } = (target ?? {}) as Partial<WriteTarget>;
  return typeof context === 'string' && typeof namespace === 'string' && typeof name === 'string'
    ? { context, namespace, name }
    : null;
}

/** A failed precondition (409) in plain words: the secret changed since the user saw it. */
function changedSinceSeen(result: WriteResult): WriteResult {
  return result.outcome === 'conflict'
    ? {
        ...result,
        message: `changed since you looked (${result.message ?? 'conflict'}): not written; reload and try again`,
      }
    : result;
}

export interface LoginInput {
  host: string;
  username: string;
  password?: string | undefined;
  email?: string | undefined;
  ca?: string | undefined;
  insecureSkipVerify?: boolean | undefined;
}

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

export function createRegistriesService(
  clusters: ClusterService,
  vault: Vault,
  events: EventHub,
  settings: SettingsStore,
) {
  const caches = new Map<string, { session: KubeSession; cache: SecretsCache }>();

  async function cacheFor(context: string): Promise<SecretsCache> {
    const session = await clusters.session(context);
    const existing = caches.get(context);
    if (existing && existing.session === session) return existing.cache;
    existing?.cache.stop();
    const cache = createSecretsCache(session, () => {
      void list(context).then(
        (result) => events.emit('registries:changed', result),
        () => undefined,
      );
    });
    caches.set(context, { session, cache });
    return cache;
  }

  async function list(context: string, refresh = false): Promise<RegistriesList> {
    const cache = await cacheFor(context);
    const namespaceList = await clusters.namespaces(context);
    const { secrets, partial, freshness } = await cache.snapshot({
      refresh,
      namespaces: () =>
        Promise.resolve(
          namespaceList.namespaces.filter((ns) => ns.access.secrets.list).map((ns) => ns.name),
        ),
    });
    return members.annotate(context, {
      context,
      groups: groupRegistries(secrets, namespaceList.namespaces),
      partial,
      note: partial
        ? 'You may not list secrets in every namespace: showing the namespaces where you may.'
        : null,
      freshness,
    });
  }

  /** The password to write: given now, or the saved login for host + username. */
  async function passwordFor(input: LoginInput): Promise<string> {
    if (input.password) return input.password;
    const saved = await vault.get(keychainHost(input.host), input.username);
    if (!saved) {
      throw new AppError(
        'INVALID_INPUT',
        `No password given and no saved login for ${input.username}@${keychainHost(input.host)}`,
      );
    }
    return saved;
  }

  const tls = createRegistryTls(settings);
  const members = createProjectMembers(settings);

  /** TLS for one request to a host: the CA given now or kept for that host; a skip is never kept. */
  function tlsFor(input: TlsInput) {
    return tls.resolve(input);
  }

  async function verify(input: LoginInput): Promise<{ auth: 'none' | 'basic' | 'bearer' }> {
    const host = canonicalRegistry(input.host).split('/')[0]!;
    const client = createRegistryClient({ host, ...(await tlsFor(input)) });
    return client.verifyLogin({ username: input.username, password: await passwordFor(input) });
  }

  /** Saves the login in the keychain; a keychain problem is a warning, not a lost write. */
  async function remember(input: LoginInput, password: string, warnings: string[]) {
    if (!input.password) return;
    try {
      await vault.set({ host: keychainHost(input.host), username: input.username, password });
    } catch (error) {
      warnings.push(`The password was not saved in the keychain: ${(error as Error).message}`);
    }
  }

  const cancellations = createCancellations();

  /**
   * Runs one write per target with bounded concurrency, reporting each as it finishes. Once the
   * operation is cancelled no new target starts: `where` (or the target's own context, namespace
   * and name) names it in its "cancelled" result; without either it cannot be cancelled.
   */
  async function writeAll<T>(
    operationId: string,
    targets: T[],
    write: (target: T) => Promise<WriteResult>,
    warnings: string[] = [],
    where: ((target: T) => WriteTarget | null) | undefined = ownTarget,
  ): Promise<WriteReport & { warnings: string[] }> {
    const limit = pLimit(WRITE_CONCURRENCY);
    let done = 0;
    const results = await Promise.all(
      targets.map((target) =>
        limit(async () => {
          const skipped = cancellations.isCancelled(operationId) ? where(target) : null;
          const result: WriteResult = skipped
            ? { ...skipped, outcome: 'cancelled', message: 'cancelled before it started' }
            : await write(target);
          done += 1;
          events.emit('registries:progress', { operationId, result, done, total: targets.length });
          return result;
        }),
      ),
    );
    cancellations.forget(operationId);
    return { operationId, results, warnings };
  }

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
      (namespace) => ({ context: input.context, namespace, name: input.name }),
    );
  }

  async function readSecret(
    session: KubeSession,
    namespace: string,
    name: string,
  ): Promise<V1Secret> {
    return session.call(() => session.core.readNamespacedSecret({ name, namespace }));
  }

  async function replaceConfig(
    session: KubeSession,
    secret: V1Secret,
    config: DockerConfig,
    resourceVersion: string,
  ) {
    // Without managedFields: the API server then records this write (writtenAt reads it).
    const { managedFields: _recorded, ...metadata } = secret.metadata ?? {};
    const body: V1Secret = {
      ...secret,
      metadata: {
        ...metadata,
        resourceVersion,
        annotations: {
          ...secret.metadata?.annotations,
          [WRITTEN_AT_ANNOTATION]: new Date().toISOString(),
        },
      },
      data: {
        ...secret.data,
        [DOCKERCONFIGJSON_KEY]: Buffer.from(JSON.stringify(config), 'utf8').toString('base64'),
      },
    };
    const updated = await session.call(() =>
      session.core.replaceNamespacedSecret({
        name: secret.metadata!.name!,
        namespace: secret.metadata!.namespace!,
        body,
      }),
    );
    (await cacheFor(session.context)).record(updated);
  }

  async function edit(input: EditInput) {
    const session = await clusters.session(input.context);
    const password = await passwordFor(input);
    if (!input.skipVerify) await verify({ ...input, password });
    await tls.remember(input);
    const warnings: string[] = [];
    await remember(input, password, warnings);
    const newKey = configKeyFor(input.host);
    return writeAll(
      input.operationId,
      input.copies,
      async (copy): Promise<WriteResult> => {
        const base = { context: input.context, namespace: copy.namespace, name: copy.name };
        try {
          const secret = await readSecret(session, copy.namespace, copy.name);
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
      (copy) => ({ context: input.context, namespace: copy.namespace, name: copy.name }),
    );
  }

  /**
   * Deletes only kubernetes.io/dockerconfigjson secrets, each with the preconditions
   * { uid, resourceVersion } the user saw: a secret changed (or replaced) since is reported, not
   * deleted.
   */
  async function remove(
    context: string,
    operationId: string,
    copies: Array<{ namespace: string; name: string; uid: string; resourceVersion: string }>,
  ) {
    const session = await clusters.session(context);
    const cache = await cacheFor(context);
    return writeAll(operationId, copies, async (copy): Promise<WriteResult> => {
      const base = { context, namespace: copy.namespace, name: copy.name };
      try {
        const secret = await readSecret(session, copy.namespace, copy.name);
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

  /** Delete with preconditions: the object the user saw, at the version they saw. */
  async function deleteSeen(
    session: KubeSession,
    copy: { namespace: string; name: string; uid: string; resourceVersion: string },
  ) {
    await session.call(() =>
      session.core.deleteNamespacedSecret({
        name: copy.name,
        namespace: copy.namespace,
        body: { preconditions: { uid: copy.uid, resourceVersion: copy.resourceVersion } },
      }),
    );
  }

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
    copies?:
      Array<{ namespace: string; name: string; uid: string; resourceVersion: string }> | undefined;
  }) {
    const session = await clusters.session(input.context);
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
    const chosen = input.source
      ? group.copies.find((copy) => copy.namespace === input.source!.namespace)
      : newestCopy(group.copies);
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
    type Step = { namespace: string; action: 'create' | 'update' | 'delete' };
    // Namespaces that joined the project since the last sync get a copy only when confirmed.
    const toCreate = namespacesToCreate(
      group.sync.missing,
      group.sync.joined ?? group.sync.missing,
      input.confirmJoined,
    );
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
            copy.contentHash !== sourceHash && !group.sync!.orphaned.includes(copy.namespace),
        )
        .map((copy) => ({ namespace: copy.namespace, action: 'update' as const })),
      ...group.sync.orphaned.map((namespace) => ({ namespace, action: 'delete' as const })),
    ];
    return writeAll(input.operationId, steps, async (step): Promise<WriteResult> => {
      const base = { context: input.context, namespace: step.namespace, name: input.name };
      try {
        if (step.action === 'create') {
          cache.record(
            await session.call(() =>
              session.core.createNamespacedSecret({
                namespace: step.namespace,
                body: registrySecret(input.name, step.namespace, scope, config),
              }),
            ),
          );
          return { ...base, outcome: 'created' };
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
          await deleteSeen(session, { ...saw, name: input.name });
          cache.forget(step.namespace, input.name);
          return { ...base, outcome: 'deleted' };
        }
        await replaceConfig(session, secret, config, saw.resourceVersion);
        return { ...base, outcome: 'updated' };
      } catch (error) {
        return changedSinceSeen(failureResult(input.context, step.namespace, input.name, error));
      }
    });
  }

  async function detail(context: string, namespace: string, name: string): Promise<RegistryDetail> {
    const session = await clusters.session(context);
    const secret = await readSecret(session, namespace, name);
    const copy = toCopy(secret);
    let config: DockerConfig | null;
    try {
      config = decodeConfig(secret);
    } catch {
      config = null;
    }
    const [workloads, defaultServiceAccount] = await Promise.all([
      workloadsUsing(session, namespace, name),
      readDefaultServiceAccount(session, namespace).then((account) =>
        account ? accountPullSecretNames(account).includes(name) : null,
      ),
    ]);
    return {
      copy,
      maskedConfig: maskedConfigText(
        Buffer.from(secret.data?.[DOCKERCONFIGJSON_KEY] ?? '', 'base64').toString('utf8'),
      ),
      kubectlCommand:
        config && !copy.invalid ? kubectlCommand(context, namespace, name, config, false) : '',
      yaml: maskedSecretYaml(secret),
      workloads,
      defaultServiceAccount,
    };
  }

  function kubectlCommand(
    context: string,
    namespace: string,
    name: string,
    config: DockerConfig,
    withPassword: boolean,
  ): string {
    const entries = entriesOf(config);
    if (entries.length === 1) {
      const [entry] = entries;
      return kubectlCreateSecretCommand({
        context,
        name,
        namespace,
        server: entry!.key,
        username: entry!.username,
        password: withPassword ? entry!.password : null,
        email: entry!.email,
      });
    }
    // Several registries in one secret: kubectl takes the whole config file.
    return `kubectl --context ${shellQuote(context)} create secret generic ${shellQuote(name)} --namespace ${shellQuote(namespace)} --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=./config.json`;
  }

  async function workloadsUsing(session: KubeSession, namespace: string, name: string) {
    const uses = (spec: { imagePullSecrets?: Array<{ name?: string }> } | undefined) =>
      (spec?.imagePullSecrets ?? []).some((ref) => ref.name === name);
    const [deployments, pods] = await Promise.all([
      session
        .call(() => session.apps.listNamespacedDeployment({ namespace }))
        .then((l) => l.items)
        .catch(() => []),
      session
        .call(() => session.core.listNamespacedPod({ namespace }))
        .then((l) => l.items)
        .catch(() => []),
    ]);
    return [
      ...deployments
        .filter((d) => uses(d.spec?.template.spec))
        .map((d) => ({ kind: 'Deployment', name: d.metadata?.name ?? '' })),
      ...pods
        .filter((p) => !(p.metadata?.ownerReferences ?? []).length && uses(p.spec))
        .map((p) => ({ kind: 'Pod', name: p.metadata?.name ?? '' })),
    ];
  }

  async function reveal(
    context: string,
    namespace: string,
    name: string,
  ): Promise<{ entries: RevealedEntry[]; kubectlCommand: string }> {
    const session = await clusters.session(context);
    const config = revealableConfig(await readSecret(session, namespace, name));
    return {
      entries: entriesOf(config).map((entry) => ({
        key: entry.key,
        username: entry.username,
        password: entry.password,
      })),
      kubectlCommand: kubectlCommand(context, namespace, name, config, true),
    };
  }

  async function rotateScan(host: string, username: string, contexts: string[]) {
    const wanted = canonicalRegistry(host);
    const targets: RotateTarget[] = [];
    const errors: WriteResult[] = [];
    for (const context of contexts) {
      try {
        const registries = await list(context, true);
        for (const group of registries.groups) {
          for (const copy of group.copies) {
            for (const entry of copy.entries) {
              if (entry.registry === wanted && entry.username === username) {
                targets.push({
                  context,
                  namespace: copy.namespace,
                  name: copy.name,
                  key: entry.key,
                  resourceVersion: copy.resourceVersion,
                });
              }
            }
          }
        }
      } catch (error) {
        errors.push(failureResult(context, '', '', error));
      }
    }
    return { targets, errors };
  }

  /**
   * "Update password everywhere": the new password is verified against the registry first (a
   * wrong one writes nothing); each target is written only if it still holds host + username at
   * the version the scan saw (precondition on the write: a secret changed or deleted since is
   * reported, never re-created, and a removed entry is not re-added); the keychain is updated
   * only once at least one write succeeded.
   */
  async function rotate(input: {
    operationId: string;
    host: string;
    username: string;
    password: string;
    targets: RotateTarget[];
  }) {
    await verify({ host: input.host, username: input.username, password: input.password });
    const wanted = canonicalRegistry(input.host);
    const report = await writeAll(input.operationId, input.targets, async (target) => {
      const base = { context: target.context, namespace: target.namespace, name: target.name };
      try {
        const session = await clusters.session(target.context);
        const secret = await readSecret(session, target.namespace, target.name);
        if (secret.metadata?.resourceVersion !== target.resourceVersion) {
          return {
            ...base,
            outcome: 'conflict' as const,
            message: 'changed since the scan: not written; scan again',
          };
        }
        const config = decodeConfig(secret);
        const entry = entriesOf(config).find((candidate) => candidate.key === target.key);
        if (!entry || entry.registry !== wanted || entry.username !== input.username) {
          return {
            ...base,
            outcome: 'conflict' as const,
            message: `no longer holds ${input.username}@${wanted}: not written`,
          };
        }
        const merged = mergeDockerConfig(config, target.key, {
          username: input.username,
          password: input.password,
          email: entry.email ?? undefined,
        });
        await replaceConfig(session, secret, merged, target.resourceVersion);
        return { ...base, outcome: 'updated' as const };
      } catch (error) {
        return changedSinceSeen(
          failureResult(target.context, target.namespace, target.name, error),
        );
      }
    });
    if (report.results.some((result) => result.outcome === 'updated')) {
      await remember(input, input.password, report.warnings);
    } else {
      report.warnings.push('Nothing was written, so the keychain keeps the old password.');
    }
    return report;
  }

  async function serviceAccountPullSecret(
    context: string,
    namespace: string,
    secret: string,
    enabled: boolean,
  ) {
    const session = await clusters.session(context);
    return setDefaultAccountPullSecret(session, namespace, secret, enabled);
  }

  return {
    /** Asks a running write to start no new target (false: it was asked before). */
    cancel(operationId: string): { cancelled: boolean } {
      const before = cancellations.isCancelled(operationId);
      cancellations.cancel(operationId);
      return { cancelled: !before };
    },
    list,
    tlsFor,
    tlsSettings: tls.list,
    forgetTls: tls.forget,
    verify,
    create,
    edit,
    remove,
    sync,
    detail,
    reveal,
    rotateScan,
    rotate,
    serviceAccountPullSecret,
    close() {
      for (const { cache } of caches.values()) cache.stop();
      caches.clear();
    },
  };
}

export type RegistriesService = ReturnType<typeof createRegistriesService>;
