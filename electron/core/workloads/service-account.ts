/**
 * "Attach to the ServiceAccount the workload uses": the ServiceAccount's imagePullSecrets get
 * the new secrets (merged: existing first, in order, no duplicates), written with the
 * resourceVersion it was computed from. Only pods created afterwards get them (the
 * ServiceAccount admission plugin fills a pod's list when it is created), and only pods that
 * name no imagePullSecrets of their own.
 */
import { PatchStrategy, setHeaderOptions, type V1ServiceAccount } from '@kubernetes/client-node';
import type { AttachAnswer } from '../api/contract';
import { AppError, isAppError } from '../api/errors';
import { FIELD_MANAGER } from '../kube/field-manager';
import type { KubeSession } from '../kube/session';
import { ownedWrite, pullSecretsWritten } from '../ownership/owned-write';
import { mergePullSecrets, patchPreview } from './pull-secrets-patch';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Pure: the merge patch of the ServiceAccount, or null when nothing is missing. */
export function serviceAccountPatch(
  account: { metadata?: { resourceVersion?: string }; imagePullSecrets?: Array<{ name?: string }> },
  wanted: string[],
  seenResourceVersion?: string,
): { patch: Record<string, unknown>; imagePullSecrets: string[] } | null {
  const current = (account.imagePullSecrets ?? []).map((ref) => ref.name ?? '').filter(Boolean);
  const merged = mergePullSecrets(current, wanted);
  if (merged.length === current.length) return null;
  return {
    patch: {
      metadata: { resourceVersion: seenResourceVersion ?? account.metadata?.resourceVersion },
      imagePullSecrets: merged.map((name) => ({ name })),
    },
    imagePullSecrets: merged,
  };
}

interface ServiceAccountAttach {
  namespace: string;
  serviceAccount: string;
  secrets: string[];
  resourceVersion?: string | undefined;
  /** Answer the exact patch and the version read; write nothing. */
  dryRun?: boolean | undefined;
}

export async function attachToServiceAccount(
  session: KubeSession,
  input: ServiceAccountAttach,
): Promise<AttachAnswer> {
  const { namespace, serviceAccount: name } = input;
  const account = await session.call<V1ServiceAccount>(() =>
    session.core.readNamespacedServiceAccount({ name, namespace }),
  );
  const seen = account.metadata?.resourceVersion ?? null;
  const planned = serviceAccountPatch(account, input.secrets, input.resourceVersion);
  if (input.dryRun && input.resourceVersion && input.resourceVersion !== seen)
    throw changedAccount(name);
  const before = (account.imagePullSecrets ?? []).map((ref) => ref.name ?? '').filter(Boolean);
  const after = planned?.imagePullSecrets ?? before;
  // An owned ServiceAccount: its owner as read, the change for Git, and (written) the field to watch.
  const owned = (written: boolean) =>
    ownedWrite(
      session,
      { kind: 'ServiceAccount', namespace, name, metadata: account.metadata },
      { type: 'pull-secrets', secrets: after },
      written ? pullSecretsWritten('/imagePullSecrets', before, after) : undefined,
    );
  const answer: AttachAnswer = {
    outcome: planned ? 'preview' : 'unchanged',
    before,
    imagePullSecrets: planned?.imagePullSecrets ?? before,
    preview: patchPreview(`ServiceAccount ${name}`, 'imagePullSecrets', planned?.patch ?? null),
    written: false,
    resourceVersion: seen,
    ...(await owned(false)),
  };
  if (input.dryRun || !planned) return answer;
  try {
    const written = await session.call<V1ServiceAccount>(() =>
      session.core.patchNamespacedServiceAccount(
        { name, namespace, body: planned.patch, fieldManager: FIELD_MANAGER },
        mergePatch,
      ),
    );
    return {
      ...answer,
      outcome: 'updated',
      written: true,
      resourceVersion: written.metadata?.resourceVersion ?? null,
      ...(await owned(true)),
    };
  } catch (error) {
    if (isAppError(error) && error.code === 'KUBE_CONFLICT') throw changedAccount(name);
    throw error;
  }
}

const changedAccount = (name: string) =>
  new AppError(
    'KUBE_CONFLICT',
    `ServiceAccount "${name}" changed since you saw it: nothing was written. Reload and attach again.`,
  );
