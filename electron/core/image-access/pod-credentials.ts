/**
 * The credentials a pod will use for an image, in the kubelet's order: its pull secrets as the
 * ServiceAccount admission leaves them, read and matched as the kubelet does. When the user may
 * not read the secrets, the logins saved on this computer for the host stand in.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { isAppError } from '../api/errors';
import { DOCKERCONFIGJSON_TYPE } from '../dockerconfig/dockerconfig';
import { kubeletCredentials, type CredentialMatch } from '../dockerconfig/keyring';
import { podPullSecretNames } from '../dockerconfig/kubelet-config';
import { accountPullSecretNames, readDefaultServiceAccount } from '../kube/default-service-account';
import type { KubeSession } from '../kube/session';
import { keychainHost } from '../oci/hosts';
import type { ImageReference } from '../oci/reference';
import { exceptLocked, type Vault } from '../vault/vault';

/** The namespace's dockerconfigjson secrets. */
export async function namespaceSecrets(
  session: KubeSession,
  namespace: string,
): Promise<V1Secret[]> {
  const list = await session.call(() =>
    session.core.listNamespacedSecret({
      namespace,
      fieldSelector: `type=${DOCKERCONFIGJSON_TYPE}`,
    }),
  );
  return list.items;
}

/** The credentials the pod will use for its image, in the kubelet's order. */
export async function podCredentials(
  vault: Vault,
  session: KubeSession,
  namespace: string,
  reference: ImageReference,
  pullSecrets: string[],
) {
  let readable = true;
  let secrets: V1Secret[] = [];
  try {
    secrets = await namespaceSecrets(session, namespace);
  } catch (error) {
    if (!(isAppError(error) && error.code === 'CLUSTER_FORBIDDEN')) throw error;
    readable = false;
  }
  const fromAccount = accountPullSecretNames(await readDefaultServiceAccount(session, namespace));
  // The pod's secrets as admitted (the ServiceAccount's only when it names none), in order.
  const names = [...new Set(podPullSecretNames(pullSecrets, fromAccount))];
  // Secrets of other types (a legacy kubernetes.io/dockercfg one) are read by name.
  const others = readable
    ? await Promise.all(
        names
          .filter((name) => !secrets.some((secret) => secret.metadata?.name === name))
          .map((name) =>
            session
              .call(() => session.core.readNamespacedSecret({ name, namespace }))
              .catch(() => null),
          ),
      )
    : [];
  const known = [...secrets, ...others.flatMap((secret) => (secret ? [secret] : []))];
  const podSecrets = names.flatMap((name) => known.filter((s) => s.metadata?.name === name));
  const kubelet = kubeletCredentials(reference.name, podSecrets);
  let matches: CredentialMatch[] = kubelet.matches;
  if (!readable) {
    // The user may not read the secrets: use the logins saved on this computer for the host.
    const logins = (await vault.listLogins().catch(exceptLocked([]))).filter(
      (login) => keychainHost(login.host) === keychainHost(reference.registry),
    );
    matches = [];
    for (const login of logins) {
      const password = await vault
        .get(login.host, login.username)
        .catch(exceptLocked<string | null>(null));
      if (password)
        matches.push({
          source: `saved login ${login.username}`,
          key: login.host,
          indexKey: login.host,
          username: login.username,
          password,
          reason: 'saved login',
        });
    }
  }
  return { matches, rejected: kubelet.rejected };
}
