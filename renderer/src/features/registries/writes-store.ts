/**
 * The registries store's calls besides listing: verify, create, edit, reveal, delete, sync,
 * rotate, the default ServiceAccount toggle and the TLS settings. Composed into
 * `useRegistriesStore` (called in its setup); components call these, never `call` themselves.
 */
import type {
  ChannelInput,
  ChannelOutput,
  RegistryFanOut,
  RegistryGroup,
  RegistryTlsSetting,
  RotateTarget,
  WriteReport,
} from '@core/api/contract';
import type { Ref } from 'vue';
import { call } from '../../api';
import { newOperationId } from './operation-id';
import { useNotificationsStore } from '../../stores/notifications';

type Login = Pick<
  ChannelInput<'registries:verify'>,
  'host' | 'username' | 'password' | 'email' | 'ca' | 'insecureSkipVerify'
>;
type RunWrite = (
  title: string,
  request: (operationId: string) => Promise<WriteReport>,
  retry?: ((namespaces: string[]) => Promise<void>) | 'main' | null,
  options?: {
    created?: { name: string; host: string; username: string; scope: CreateScope };
    cancellable?: boolean;
  },
) => Promise<WriteReport | null>;
type CreateScope = ChannelInput<'registries:create'>['scope'];
type CreateInput = Omit<ChannelInput<'registries:create'>, 'context' | 'operationId' | 'dryRun'>;
type EditLogin = Login & { skipVerify?: boolean };

export function useRegistryWrites(deps: {
  context: Ref<string | null>;
  runWrite: RunWrite;
  /** Outcomes "Retry failed" writes again (not a clash or forbidden: retrying cannot help). */
  retryableOutcomes: Set<string>;
}) {
  const { context, runWrite, retryableOutcomes } = deps;
  const notifications = useNotificationsStore();

  /** Checks a login against the registry; throws the call's error (code kept). */
  function verify(login: Login) {
    return call('registries:verify', login);
  }

  /** Creates the registry; failed namespaces can be retried by the main process. */
  async function create(input: CreateInput): Promise<WriteReport | null> {
    const where = context.value;
    if (!where) return null;
    return runWrite(
      `Create registry ${input.name}`,
      (operationId) => call('registries:create', { ...input, context: where, operationId }),
      'main',
      {
        created: {
          name: input.name,
          host: input.host,
          username: input.username,
          scope: input.scope,
        },
        cancellable: true,
      },
    );
  }

  /** The copies of `group` an edit writes, at the versions the user saw. */
  const editCopies = (group: RegistryGroup) =>
    group.copies.map((copy) => ({
      namespace: copy.namespace,
      name: copy.name,
      resourceVersion: copy.resourceVersion,
    }));

  /** Merges the login into every copy of `group`, with the versions the user saw. */
  async function edit(
    group: RegistryGroup,
    entryKey: string | undefined,
    login: EditLogin,
  ): Promise<WriteReport | null> {
    const where = context.value;
    if (!where) return null;
    const copies = editCopies(group);
    return runWrite(
      `Edit registry ${group.name}`,
      (operationId) =>
        call('registries:edit', { context: where, operationId, copies, entryKey, ...login }),
      null,
      { cancellable: true },
    );
  }

  /** The passwords of one secret: returned to the caller, never kept in the store. */
  async function reveal(namespace: string, name: string) {
    if (!context.value) return null;
    try {
      return await call('registries:reveal', { context: context.value, namespace, name });
    } catch (error) {
      notifications.reportError(error, 'Reveal');
      return null;
    }
  }

  /**
   * Adds or removes the secret in the default ServiceAccount: with `write` null, only the patch
   * and the version read (nothing written), else the write at the version the preview read (a
   * change since is a conflict). Throws as the call does: the previewed write reports it.
   */
  function serviceAccountPullSecret(
    namespace: string,
    secret: string,
    enabled: boolean,
    write: { resourceVersion: string | null } | null,
  ) {
    if (!context.value) return Promise.reject(new Error('No context selected'));
    return call('serviceaccounts:pull-secret', {
      context: context.value,
      namespace,
      secret,
      enabled,
      ...(write?.resourceVersion ? { resourceVersion: write.resourceVersion } : {}),
      dryRun: !write,
    });
  }

  const seenCopies = (group: RegistryGroup) =>
    group.copies.map((copy) => ({
      namespace: copy.namespace,
      name: copy.name,
      uid: copy.uid,
      resourceVersion: copy.resourceVersion,
    }));

  /** The delete of the copies the user saw (null: no context). */
  function deleteInput(group: RegistryGroup) {
    const where = context.value;
    return where ? { context: where, copies: seenCopies(group) } : null;
  }

  /** The sync of a project registry as the user saw it (null: no context, not a project). */
  function syncInput(
    group: RegistryGroup,
    confirmJoined: string[],
    source: { namespace: string; resourceVersion: string } | null,
  ) {
    const where = context.value;
    if (!where || group.scope.kind !== 'project') return null;
    const { project, projectKind } = group.scope;
    return {
      context: where,
      name: group.name,
      project,
      projectKind,
      confirmJoined,
      copies: seenCopies(group),
      ...(source ? { source } : {}),
    };
  }

  /**
   * Deletes exactly the copies the user saw: a copy changed since is reported, not deleted.
   * Cancel: the copies not started yet stay (reported "cancelled").
   */
  async function remove(group: RegistryGroup): Promise<void> {
    const input = deleteInput(group);
    if (!input) return;
    await runWrite(
      `Delete registry ${group.name}`,
      (operationId) => call('registries:delete', { ...input, operationId }),
      null,
      { cancellable: true },
    ).catch(() => undefined);
  }

  /**
   * Syncs a project registry; joined namespaces only when confirmed by name. Cancel: the
   * namespaces not started yet are left as they were (reported "cancelled").
   */
  async function sync(
    group: RegistryGroup,
    confirmJoined: string[],
    source: { namespace: string; resourceVersion: string } | null,
  ): Promise<void> {
    const input = syncInput(group, confirmJoined, source);
    if (!input) return;
    await runWrite(
      `Sync registry ${group.name}`,
      (operationId) => call('registries:sync', { ...input, operationId }),
      null,
      { cancellable: true },
    ).catch(() => undefined);
  }

  /**
   * The API server's dry run of `create(input)`: what each namespace would get and the secret as
   * it would be written (throws; nothing is written, verified or kept).
   */
  async function previewCreate(input: CreateInput): Promise<RegistryFanOut | null> {
    const where = context.value;
    if (!where) return null;
    return call('registries:create', {
      ...input,
      context: where,
      operationId: newOperationId(),
      dryRun: true,
    });
  }

  /** The API server's dry run of `edit(…)`: each copy after the merge (throws). */
  async function previewEdit(
    group: RegistryGroup,
    entryKey: string | undefined,
    login: EditLogin,
  ): Promise<RegistryFanOut | null> {
    const where = context.value;
    if (!where) return null;
    const copies = editCopies(group);
    return call('registries:edit', {
      context: where,
      operationId: newOperationId(),
      copies,
      entryKey,
      ...login,
      dryRun: true,
    });
  }

  /** The API server's dry run of `remove(group)`: what each namespace would see (throws). */
  async function previewRemove(group: RegistryGroup): Promise<RegistryFanOut | null> {
    const input = deleteInput(group);
    if (!input) return null;
    return call('registries:delete', { ...input, operationId: newOperationId(), dryRun: true });
  }

  /** The API server's dry run of `sync(…)`: what each namespace would see (throws). */
  async function previewSync(
    group: RegistryGroup,
    confirmJoined: string[],
    source: { namespace: string; resourceVersion: string } | null,
  ): Promise<RegistryFanOut | null> {
    const input = syncInput(group, confirmJoined, source);
    if (!input) return null;
    return call('registries:sync', { ...input, operationId: newOperationId(), dryRun: true });
  }

  function rotateScan(
    host: string,
    username: string,
    contexts: string[],
  ): Promise<ChannelOutput<'registries:rotate-scan'>> {
    return call('registries:rotate-scan', { host, username, contexts });
  }

  /**
   * "Retry failed" of a rotate, answered by the main process from the operation it kept (the new
   * password stays there): it scans the failed secrets again and writes those still holding the
   * login. `last` is the report of the operation to retry.
   */
  function retryRotateInMain(title: string, last: () => WriteReport | null) {
    return async () => {
      const report = last();
      const secrets = (report?.results ?? [])
        .filter((result) => retryableOutcomes.has(result.outcome))
        .map(({ context, namespace, name }) => ({ context, namespace, name }));
      if (!report || !secrets.length) return;
      let retried: WriteReport | null = null;
      retried = await runWrite(
        title,
        (retryId) =>
          call('registries:rotate-retry', { operationId: report.operationId, retryId, secrets }),
        retryRotateInMain(title, () => retried),
        { cancellable: true },
      );
    };
  }

  /** Writes the new password into the targets; "Retry failed" is answered by the main process. */
  async function rotate(
    login: { host: string; username: string; password: string },
    picked: RotateTarget[],
    title: string,
  ): Promise<void> {
    let report: WriteReport | null = null;
    report = await runWrite(
      title,
      (operationId) =>
        call('registries:rotate', {
          operationId,
          host: login.host,
          username: login.username,
          password: login.password,
          targets: picked,
        }),
      retryRotateInMain(`Retry: ${title}`, () => report),
      { cancellable: true },
    );
  }

  /** The TLS settings kept per host (custom CAs); [] when they cannot be read. */
  async function tlsSettings(): Promise<RegistryTlsSetting[]> {
    return call('registries:tls').catch(() => []);
  }

  /** Forgets the custom CA of `host`; the remaining settings, or null (reported) on failure. */
  async function forgetTls(host: string): Promise<RegistryTlsSetting[] | null> {
    try {
      const settings = await call('registries:tls-forget', { host });
      notifications.push({
        severity: 'success',
        summary: 'Custom CA removed',
        detail: `PullKey no longer uses a custom CA for ${host}`,
      });
      return settings;
    } catch (error) {
      notifications.reportError(error, `Removing the custom CA of ${host}`);
      return null;
    }
  }

  return {
    verify,
    create,
    edit,
    reveal,
    serviceAccountPullSecret,
    remove,
    sync,
    previewCreate,
    previewEdit,
    previewRemove,
    previewSync,
    rotateScan,
    rotate,
    tlsSettings,
    forgetTls,
  };
}
