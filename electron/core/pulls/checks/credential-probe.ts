/**
 * The laptop's check of one credential a running pod's kubelet would use: a manifest HEAD of
 * the pod's image with it. 401 (password rejected) and 403 (may not pull) are "rejected";
 * anything the registry answers otherwise means the credential still works; a network or TLS
 * failure says nothing about the credential ("unknown", with why). The check runs by itself
 * (never typed by the user for this computer), so the credential travels over verified https
 * only: no plain-http fallback, no http token realm, no skipped TLS verification. Nor to this
 * computer's loopback by a name that resolves there (unless the context's nodes share it): every
 * name is resolved first and the connection goes to the very addresses checked.
 */
import { isAppError } from '../../api/errors';
import { checkedResolver, systemResolve, type ResolveAll } from '../../net/checked-addresses';
import { createRegistryClient } from '../../oci/client';
import type { CheckVerdict, CredentialCheck } from './credential-checks';

export type TlsLookup = (host: string) => Promise<{ ca?: string | null | undefined }>;

/** Where a context's checks may go: `localRegistries`, its nodes share this computer. */
export interface CheckReach {
  localRegistries: boolean;
}

export type CheckCredential = (check: CredentialCheck, reach: CheckReach) => Promise<CheckVerdict>;

export function credentialProbe(
  tlsFor: TlsLookup,
  { timeoutMs = 5_000, resolve = systemResolve }: { timeoutMs?: number; resolve?: ResolveAll } = {},
): CheckCredential {
  return async (check, reach) => {
    const { ca } = await tlsFor(check.host);
    const resolver = checkedResolver(resolve, { loopback: reach.localRegistries });
    const client = createRegistryClient({
      host: check.host,
      ca,
      insecureSkipVerify: false,
      httpsOnly: true,
      timeoutMs,
      lookup: resolver.lookup,
    });
    try {
      await client.manifest(check.repository, check.reference, {
        username: check.username,
        password: check.password,
      });
      return { state: 'ok' };
    } catch (error) {
      const refused = resolver.refused();
      if (refused)
        return {
          state: 'unknown',
          reason: `not checked from this computer: ${refused} resolves to this computer's loopback`,
        };
      if (!isAppError(error)) return { state: 'unknown', reason: 'no answer from the registry' };
      if (error.code === 'REGISTRY_UNAUTHORIZED')
        return {
          state: 'rejected',
          reason: `${check.host} answers 401 to user ${check.username}: password rejected`,
        };
      if (error.code === 'REGISTRY_DENIED')
        return {
          state: 'rejected',
          reason: `${check.host} answers 403: user ${check.username} may not pull ${check.repository}`,
          repository: check.repository,
        };
      // Not found and other registry answers: the credential itself was accepted.
      if (error.code === 'REGISTRY_NOT_FOUND') return { state: 'ok' };
      return { state: 'unknown', reason: `not checked: ${error.message}` };
    }
  };
}
