/**
 * The namespace's `default` ServiceAccount and its imagePullSecrets: what a pod that names no
 * pull secrets of its own gets admitted with, and what "Make available to kubectl workloads"
 * changes. One place reads and patches it; the list edit itself is pure.
 */
import { PatchStrategy, setHeaderOptions, type V1ServiceAccount } from '@kubernetes/client-node';
import type { KubeSession } from './session';

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
 * carrying the resourceVersion read, so a concurrent change fails (409) instead of being lost.
 */
export async function setDefaultAccountPullSecret(
  session: KubeSession,
  namespace: string,
  secret: string,
  enabled: boolean,
): Promise<{ imagePullSecrets: string[] }> {
  const account = await session.call(() =>
    session.core.readNamespacedServiceAccount({ name: DEFAULT_SERVICE_ACCOUNT, namespace }),
  );
  const current = accountPullSecretNames(account).filter(Boolean);
  const next = togglePullSecret(current, secret, enabled);
  if (next.length !== current.length) {
    await session.call(() =>
      session.core.patchNamespacedServiceAccount(
        {
          name: DEFAULT_SERVICE_ACCOUNT,
          namespace,
          body: {
            metadata: { resourceVersion: account.metadata?.resourceVersion },
            imagePullSecrets: next.map((name) => ({ name })),
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
  }
  return { imagePullSecrets: next };
}
