/**
 * The namespace's `default` ServiceAccount and its imagePullSecrets: what a pod that names no
 * pull secrets of its own gets admitted with, and what "Make available to kubectl workloads"
 * changes. One place reads and patches it; the list edit itself is pure.
 */
import { PatchStrategy, setHeaderOptions, type V1ServiceAccount } from '@kubernetes/client-node';
import type { PreviewedWrite } from '../api/contract';
import { AppError } from '../api/errors';
import type { KubeSession } from './session';
import { ownedWrite, pullSecretsWritten } from '../ownership/owned-write';

export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** The default ServiceAccount, or null when it cannot be read (missing, forbidden, offline). */
export function readDefaultServiceAccount(
  session: KubeSession,
  namespace: string,
): Promise<V1ServiceAccount | null> {
  return session
    .call(() =>
      session.core.readNamespacedServiceAccount({ name: DEFAULT_SERVICE_ACCOUNT, namespace }),
    )
    .catch(() => null);
}

/** The pull secret names an account lists, in order. */
export function accountPullSecretNames(account: V1ServiceAccount | null): string[] {
  return (account?.imagePullSecrets ?? []).map((ref) => ref.name ?? '');
}

/** Pure: the list with `secret` added at the end or removed; unchanged when already so. */
export function togglePullSecret(current: string[], secret: string, enabled: boolean): string[] {
  if (enabled) return current.includes(secret) ? current : [...current, secret];
  return current.filter((name) => name !== secret);
}

/**
 * Adds or removes `secret` in the default ServiceAccount's imagePullSecrets with a merge patch
 * carrying the resourceVersion read (or the one the caller saw), so a concurrent change fails
 * (409) instead of being lost. A previewed write: `dryRun` answers the patch and the version read.
 */
export async function setDefaultAccountPullSecret(
  session: KubeSession,
  namespace: string,
  secret: string,
  enabled: boolean,
  seen: { resourceVersion?: string | undefined; dryRun?: boolean | undefined } = {},
): Promise<PreviewedWrite & { imagePullSecrets: string[] }> {
  const account = await session.call(() =>
    session.core.readNamespacedServiceAccount({ name: DEFAULT_SERVICE_ACCOUNT, namespace }),
  );
  const read = account.metadata?.resourceVersion ?? null;
  if (seen.resourceVersion && seen.resourceVersion !== read)
    throw new AppError(
      'KUBE_CONFLICT',
      `ServiceAccount "${DEFAULT_SERVICE_ACCOUNT}" changed since you saw it: nothing was written. Reload and try again.`,
    );
  const current = accountPullSecretNames(account).filter(Boolean);
  const next = togglePullSecret(current, secret, enabled);
  const body = {
    metadata: { resourceVersion: seen.resourceVersion ?? read ?? undefined },
    imagePullSecrets: next.map((name) => ({ name })),
  };
  const changes = next.length !== current.length;
  // An owned ServiceAccount: its owner as read, the change for Git, (written) the revert watch.
  const owned = (written: boolean) =>
    ownedWrite(
      session,
      {
        kind: 'ServiceAccount',
        namespace,
        name: DEFAULT_SERVICE_ACCOUNT,
        metadata: account.metadata,
      },
      { type: 'pull-secrets', secrets: next },
      written ? pullSecretsWritten('/imagePullSecrets', current, next) : undefined,
    );
  const answer = {
    imagePullSecrets: next,
    preview: changes
      ? `# JSON merge patch of ServiceAccount ${DEFAULT_SERVICE_ACCOUNT}, as sent\n${JSON.stringify(body, null, 2)}\n`
      : `# ServiceAccount ${DEFAULT_SERVICE_ACCOUNT}: nothing to write\n`,
    written: false,
    resourceVersion: read,
    ...(await owned(false)),
  };
  if (seen.dryRun || !changes) return answer;
  const written = await session.call(() =>
    session.core.patchNamespacedServiceAccount(
      { name: DEFAULT_SERVICE_ACCOUNT, namespace, body },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    ),
  );
  return {
    ...answer,
    written: true,
    resourceVersion: written.metadata?.resourceVersion ?? null,
    ...(await owned(true)),
  };
}
