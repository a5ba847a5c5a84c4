/**
 * Image access from this computer with exactly the credentials a pod will use: the manifest and
 * platform checks of the deploy preflight, and the repository's tags (deploy form, rollout, Pulls).
 */
import { isAppError } from '../api/errors';
import type { PreflightCheck } from '../api/contract';
import { rejectionMessage } from '../dockerconfig/kubelet-config';
import type { ClusterService } from '../kube/clusters';
import type { KubeSession } from '../kube/session';
import { createRegistryClient, type RegistryCredentials } from '../oci/client';
import { parseImageReference, type ImageReference } from '../oci/reference';
import type { RegistryTlsStore } from '../settings/registry-tls';
import type { Vault } from '../vault/vault';
import { preflightTokenNote } from '../tokens/phrase';
import { recognizeToken } from '../tokens/recognize';
import { platformFinding } from './platform-check';
import { podCredentials } from './pod-credentials';

export function createImageAccess(clusters: ClusterService, vault: Vault, tls: RegistryTlsStore) {
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

  type Access = ReturnType<typeof access>;

  /** What the preflight says of a short-lived token the pod would pull with (issue 21). */
  function tokenNote(
    registry: string,
    attempt: { label: string; credentials: RegistryCredentials | null },
  ) {
    if (!attempt.credentials) return null;
    const token = recognizeToken({ registry, ...attempt.credentials });
    return token && !token.estimate ? preflightTokenNote(token, attempt.label) : null;
  }

  /** The deploy preflight's image check: the manifest, tried with each credential in order. */
  async function checkImage(reference: ImageReference, found: Access): Promise<PreflightCheck> {
    const { matches, rejected, client } = await found;
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
        const note = tokenNote(reference.registry, attempt);
        return {
          id: 'image',
          status: note?.warn ? 'warn' : 'ok',
          message: `${reference.name}:${target} found with ${attempt.label} (${manifest.digest ?? 'no digest'}${size})${note ? `; ${note.text}` : ''}`,
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
          const note = tokenNote(reference.registry, attempt);
          failures.push(
            `401 from ${reference.registry} with ${attempt.label}: ${note ? note.text : 'password rejected'}${attempt.staleFields ? ' (its "auth" field holds other credentials than its username/password, and the kubelet uses "auth")' : ''}`,
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

  /** Platform mismatch, predicted: the image's platforms against the nodes' (null: nothing to say). */
  async function checkPlatform(
    session: KubeSession,
    image: string,
    reference: ImageReference,
    access: Access,
  ): Promise<PreflightCheck | null> {
    const [nodes, found] = await Promise.all([
      session.call(() => session.core.listNode()).then((list) => list.items),
      access,
    ]);
    const target = reference.digest ?? reference.tag ?? 'latest';
    const attempts = found.matches.length
      ? found.matches.map((match) => ({ username: match.username, password: match.password }))
      : [null];
    for (const credentials of attempts) {
      const platforms = await found.client
        .platforms(reference.repository, target, credentials)
        .catch(() => null);
      if (platforms) return platformFinding(image, platforms, nodes);
    }
    return null;
  }

  /**
   * The preflight's image and platform checks, sharing one read of the pod's credentials. A
   * failure of the image check is its finding; the platform check is best effort (nodes not
   * readable or the registry silent: nothing to say).
   */
  async function preflightChecks(
    session: KubeSession,
    workload: { namespace: string; image: string; pullSecrets: string[] },
  ): Promise<{ image: PreflightCheck; platform: PreflightCheck | null }> {
    const failed = (error: unknown): PreflightCheck => ({
      id: 'image',
      status: 'fail',
      message: (error as Error).message,
    });
    let reference: ImageReference;
    try {
      reference = parseImageReference(workload.image);
    } catch (error) {
      return { image: failed(error), platform: null };
    }
    const found = access(session, workload.namespace, reference, workload.pullSecrets);
    const [image, platform] = await Promise.all([
      checkImage(reference, found).catch(failed),
      checkPlatform(session, workload.image, reference, found).catch(() => null),
    ]);
    return { image, platform };
  }

  return { preflightChecks, tags };
}

export type ImageAccess = ReturnType<typeof createImageAccess>;
