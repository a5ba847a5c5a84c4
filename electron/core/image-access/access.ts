/**
 * Image access from this computer with exactly the credentials a pod will use: the manifest check
 * of the deploy preflight, and the repository's tags (deploy form, rollout and Pulls "not found").
 */
import { isAppError } from '../api/errors';
import type { PreflightCheck } from '../api/contract';
import { rejectionMessage } from '../dockerconfig/kubelet-config';
import type { ClusterService } from '../kube/clusters';
import type { KubeSession } from '../kube/session';
import { createRegistryClient, type RegistryCredentials } from '../oci/client';
import { parseImageReference, type ImageReference } from '../oci/reference';
import type { createRegistryTls } from '../pull-secrets/tls';
import type { Vault } from '../vault/vault';
import { podCredentials } from './pod-credentials';

export function createImageAccess(
  clusters: ClusterService,
  vault: Vault,
  tls: ReturnType<typeof createRegistryTls>,
) {
  /** The pod's credentials for the image and a client for its registry (TLS as remembered). */
  async function access(
    session: KubeSession,
    namespace: string,
    reference: ImageReference,
    pullSecrets: string[],
  ) {
    const { matches, rejected } = await podCredentials(
      vault,
      session,
      namespace,
      reference,
      pullSecrets,
    );
    const options = await tls.resolve({ host: reference.registry });
    const client = createRegistryClient({ host: reference.registry, ...options, timeoutMs: 5_000 });
    return { matches, rejected, client };
  }

  /** The deploy preflight's image check: the manifest, tried with each credential in order. */
  async function checkImage(
    session: KubeSession,
    workload: { namespace: string; image: string; pullSecrets: string[] },
  ): Promise<PreflightCheck> {
    const reference = parseImageReference(workload.image);
    const { matches, rejected, client } = await access(
      session,
      workload.namespace,
      reference,
      workload.pullSecrets,
    );
    if (rejected.length > 0) {
      return {
        id: 'image',
        status: 'fail',
        message: `${rejected.map(rejectionMessage).join('; ')}: every image pull of the pod fails while it lists ${rejected.length > 1 ? 'these secrets' : 'this secret'}`,
      };
    }
    const target = reference.digest ?? reference.tag ?? 'latest';
    const attempts: Array<{
      label: string;
      credentials: RegistryCredentials | null;
      staleFields?: boolean;
    }> = matches.length
      ? matches.map((match) => ({
          label: match.source.startsWith('saved login') ? match.source : `secret ${match.source}`,
          credentials: { username: match.username, password: match.password },
          staleFields: match.staleFields === true,
        }))
      : [{ label: 'no credentials', credentials: null }];
    const failures: string[] = [];
    for (const attempt of attempts) {
      try {
        const manifest = await client.manifest(reference.repository, target, attempt.credentials);
        const size = manifest.size ? `, ${manifest.size} bytes` : '';
        return {
          id: 'image',
          status: 'ok',
          message: `${reference.name}:${target} found with ${attempt.label} (${manifest.digest ?? 'no digest'}${size})`,
        };
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === 'REGISTRY_UNREACHABLE') {
          return {
            id: 'image',
            status: 'warn',
            message: `registry unreachable from this computer (the cluster may still reach it): ${error.message}`,
          };
        }
        if (error.code === 'REGISTRY_TLS') {
          return {
            id: 'image',
            status: 'warn',
            message: `${error.message} (the cluster may trust it)`,
          };
        }
        if (error.code === 'REGISTRY_NOT_FOUND') {
          const tags = await client
            .tags(reference.repository, attempt.credentials)
            .catch(() => [] as string[]);
          return {
            id: 'image',
            status: 'fail',
            message: `tag ${target} not found in ${reference.registry}/${reference.repository}${tags.length ? `; tags: ${tags.join(', ')}` : ''}`,
            tags,
          };
        }
        if (error.code === 'REGISTRY_UNAUTHORIZED' && attempt.credentials) {
          failures.push(
            `401 from ${reference.registry} with ${attempt.label}: password rejected${attempt.staleFields ? ' (its "auth" field holds other credentials than its username/password, and the kubelet uses "auth")' : ''}`,
          );
        } else if (error.code === 'REGISTRY_DENIED' && attempt.credentials) {
          failures.push(
            `${attempt.label} may not pull ${reference.repository} from ${reference.registry}`,
          );
        } else if (!attempt.credentials) {
          failures.push(
            `no credentials for ${reference.registry}: create a registry for it or pick a pull secret`,
          );
        } else failures.push(error.message);
      }
    }
    return { id: 'image', status: 'fail', message: failures.join('; ') };
  }

  async function tags(
    context: string,
    namespace: string,
    image: string,
    pullSecrets: string[],
  ): Promise<string[]> {
    const session = await clusters.session(context);
    const reference = parseImageReference(image);
    const { matches, client } = await access(session, namespace, reference, pullSecrets);
    for (const credentials of [
      ...matches.map((match) => ({ username: match.username, password: match.password })),
      null,
    ]) {
      try {
        return await client.tags(reference.repository, credentials, 200);
      } catch {
        // try the next credential
      }
    }
    return [];
  }

  return { checkImage, tags };
}

export type ImageAccess = ReturnType<typeof createImageAccess>;
