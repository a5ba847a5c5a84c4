/**
 * Fix 2, "Create a registry and attach it", as one previewed write: the dry run reads the target
 * (the workload's pod template, or the ServiceAccount its pods use) and answers the exact patch
 * at the version read, with what the change means for the pods; the write checks that version
 * again (nothing is created when the target changed since), creates the registry from the saved
 * login, then attaches it at that version. Refused part way, it says what was done.
 */
import type {
  AttachableKind,
  AttachAnswer,
  AttachRegistryAnswer,
  WriteReport,
} from '../../api/contract';
import { AppError, isAppError, type ErrorCode } from '../../api/errors';
import type { KubeSession } from '../../kube/session';
import { joinWarnings } from '../../ownership/owner';
import { attachPullSecrets } from '../../workloads/attach';
import { attachToServiceAccount } from '../../workloads/service-account';
import {
  attachWarning,
  recreateNote,
  serviceAccountWarning,
  sourcesOf,
} from './attach-registry-plan';

export interface AttachRegistryInput {
  namespace: string;
  kind: AttachableKind;
  name: string;
  /** The ServiceAccount the workload's pods use. */
  serviceAccount: string;
  host: string;
  /** The saved login the registry is made from (its password stays in the keychain). */
  username: string;
  secret: string;
  target: 'workload' | 'service-account';
  resourceVersion?: string | undefined;
  dryRun: boolean;
}

/** A registry in one namespace from a saved login (the registries workflow's create). */
export type CreateRegistry = (registry: {
  namespace: string;
  name: string;
  host: string;
  username: string;
}) => Promise<WriteReport>;

const createdOutcomes = new Set(['created', 'updated', 'unchanged']);
const outcomeCodes: Partial<Record<string, ErrorCode>> = {
  clash: 'KUBE_CONFLICT',
  conflict: 'KUBE_CONFLICT',
  forbidden: 'CLUSTER_FORBIDDEN',
};

export async function attachRegistry(
  session: KubeSession,
  createRegistry: CreateRegistry,
  input: AttachRegistryInput,
): Promise<AttachRegistryAnswer> {
  const { namespace, kind, name, serviceAccount, secret, target } = input;
  const secrets = [secret];
  const onWorkload = (dryRun: boolean, resourceVersion?: string) =>
    attachPullSecrets(session, { namespace, kind, name, secrets, resourceVersion, dryRun });
  const onAccount = (dryRun: boolean, resourceVersion?: string) =>
    attachToServiceAccount(session, {
      namespace,
      serviceAccount,
      secrets,
      resourceVersion,
      dryRun,
    });
  const attach = target === 'service-account' ? onAccount : onWorkload;
  const header = `# Creates secret ${secret} in namespace ${namespace} from the saved login ${input.username} for ${input.host} (its password stays in the keychain), then:\n`;
  /** `created`: the write's registry (null for the dry run). */
  const answer = (
    attached: AttachAnswer,
    warning: string | null,
    created: boolean | null,
  ): AttachRegistryAnswer => {
    // The pods' side of the change first, then who owns the target (never one without the other).
    const warned = joinWarnings(warning ?? undefined, attached.warning);
    return {
      preview: header + attached.preview,
      written: attached.written || created === true,
      resourceVersion: attached.resourceVersion,
      ...(warned ? { warning: warned } : {}),
      ...(attached.owned ? { owned: attached.owned } : {}),
      target,
      serviceAccount,
      secret,
      imagePullSecrets: attached.imagePullSecrets,
      // After a write to the ServiceAccount: existing pods keep the list they were admitted with.
      recreate:
        created !== null && target === 'service-account'
          ? recreateNote(kind, serviceAccount)
          : null,
    };
  };

  if (input.dryRun) {
    // The other side is read for the warning only (where the pods' secrets come from now).
    const other = target === 'service-account' ? onWorkload : onAccount;
    const [shown, beside] = await Promise.all([attach(true), other(true).catch(() => null)]);
    const template = target === 'workload' ? shown.before : (beside?.before ?? []);
    const account = target === 'workload' ? (beside?.before ?? null) : shown.before;
    const sources = sourcesOf(serviceAccount, template, account);
    return answer(
      shown,
      target === 'service-account' ? serviceAccountWarning(sources) : attachWarning(sources),
      null,
    );
  }

  const seen = input.resourceVersion;
  // Nothing is created when the target changed since the preview.
  try {
    await attach(true, seen);
  } catch (error) {
    if (!isAppError(error)) throw error;
    throw new AppError(
      error.code,
      `Nothing was created or attached: ${error.message}`,
      error.details,
    );
  }
  const report = await createRegistry({
    namespace,
    name: secret,
    host: input.host,
    username: input.username,
  });
  const failed = report.results.find((result) => !createdOutcomes.has(result.outcome));
  if (failed)
    throw new AppError(
      outcomeCodes[failed.outcome] ?? 'KUBE_API_ERROR',
      `Registry ${secret}: ${failed.outcome}${failed.message ? ` (${failed.message})` : ''}. Nothing was attached.`,
    );
  try {
    const attached = await attach(false, seen);
    return answer(
      attached,
      null,
      report.results.some((result) => result.outcome !== 'unchanged'),
    );
  } catch (error) {
    throw new AppError(
      isAppError(error) ? error.code : 'INTERNAL',
      `Registry ${secret} was created in namespace ${namespace}; attaching it was refused: ${error instanceof Error ? error.message : String(error)}`,
      { partial: true },
    );
  }
}
