/**
 * Deploy: which pull secrets an image needs (the kubelet's own matching), a preflight that
 * checks the name, the permission and the manifest with exactly the credentials the pod will
 * use, and the apply itself.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type {
  DeploySuggestion,
  PreflightCheck,
  PreflightResult,
  RecentDeployment,
} from '../api/contract';
import { AppError, isAppError } from '../api/errors';
import { DNS1123_LABEL } from '../api/validation';
import type { ClusterService } from '../kube/clusters';
import { accountPullSecretNames, readDefaultServiceAccount } from '../kube/default-service-account';
import type { KubeSession } from '../kube/session';
import type { RegistriesService } from '../pull-secrets/service';
import { decodeConfig } from '../pull-secrets/model';
import { createRegistryClient, type RegistryCredentials } from '../oci/client';
import { DOCKERCONFIGJSON_TYPE, entriesOf } from '../dockerconfig/dockerconfig';
import { keychainHost } from '../oci/hosts';
import {
  kubeletCandidates,
  kubeletCredentials,
  type CredentialMatch,
} from '../dockerconfig/keyring';
import { podPullSecretNames, rejectionMessage } from '../dockerconfig/kubelet-config';
import { parseImageReference, type ImageReference } from '../oci/reference';
import type { SettingsStore } from '../settings/store';
import { exceptLocked, type Vault } from '../vault/vault';
import { readExisting } from './existing';
import { platformFinding } from './platform-check';
import { buildWorkload, type WorkloadInput } from './manifest';
import {
  applyUpdate,
  createSeenSnapshots,
  dryRunReplacement,
  planUpdate,
  replacementPod,
  type SeenInput,
} from './update';

const MAX_RECENT = 20;

async function namespaceSecrets(session: KubeSession, namespace: string): Promise<V1Secret[]> {
  const list = await session.call(() =>
    session.core.listNamespacedSecret({
      namespace,
      fieldSelector: `type=${DOCKERCONFIGJSON_TYPE}`,
    }),
  );
  return list.items;
}

export function createDeployService(
  clusters: ClusterService,
  registries: RegistriesService,
  vault: Vault,
  settings: SettingsStore,
) {
  const seenSnapshots = createSeenSnapshots();

  async function suggest(
    context: string,
    namespace: string,
    image: string,
    name?: string,
  ): Promise<DeploySuggestion> {
    const session = await clusters.session(context);
    let reference: ImageReference | null = null;
    let imageError: string | null = null;
    try {
      reference = image.trim() ? parseImageReference(image.trim()) : null;
    } catch (error) {
      imageError = (error as Error).message;
    }
    const [secrets, account, existing] = await Promise.all([
      namespaceSecrets(session, namespace).catch(() => [] as V1Secret[]),
      readDefaultServiceAccount(session, namespace),
      name && DNS1123_LABEL.test(name)
        ? readExisting(session, namespace, name).then(
            (found) => found?.view ?? null,
            () => null,
          )
        : null,
    ]);
    const { matches, rejected } = kubeletCandidates(reference?.name ?? null, secrets);
    return {
      image: reference,
      imageError,
      secrets: secrets.map((secret) => {
        let hosts: string[];
        try {
          hosts = entriesOf(decodeConfig(secret)).map((entry) => entry.registry);
        } catch {
          hosts = [];
        }
        const reason = rejected.get(secret.metadata?.name ?? '');
        return {
          name: secret.metadata?.name ?? '',
          hosts,
          ...(reason
            ? { kubeletRejects: rejectionMessage({ secret: secret.metadata?.name ?? '', reason }) }
            : {}),
        };
      }),
      matches: matches.map((match) => ({
        secret: match.source,
        key: match.key,
        username: match.username,
        reason: match.reason,
      })),
      preselected: [...new Set(matches.map((match) => match.source))],
      serviceAccountSecrets: accountPullSecretNames(account).filter(Boolean),
      existing,
    };
  }

  /** The credentials the pod will use for its image, in the kubelet's order. */
  async function podCredentials(
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

  /** The pod's credentials for the image and a client for its registry (TLS as remembered). */
  async function imageAccess(
    session: KubeSession,
    namespace: string,
    reference: ImageReference,
    pullSecrets: string[],
  ) {
    const { matches, rejected } = await podCredentials(session, namespace, reference, pullSecrets);
    const tls = await registries.tlsFor({ host: reference.registry });
    const client = createRegistryClient({ host: reference.registry, ...tls, timeoutMs: 5_000 });
    return { matches, rejected, client };
  }

  async function imageCheck(
    session: KubeSession,
    workload: WorkloadInput,
  ): Promise<PreflightCheck> {
    const reference = parseImageReference(workload.image);
    const { matches, rejected, client } = await imageAccess(
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

  /** Platform mismatch, predicted: the image's platforms against the nodes' (null: nothing to say). */
  async function platformCheck(
    session: KubeSession,
    workload: WorkloadInput,
  ): Promise<PreflightCheck | null> {
    const reference = parseImageReference(workload.image);
    const [nodes, access] = await Promise.all([
      session.call(() => session.core.listNode()).then((list) => list.items),
      imageAccess(session, workload.namespace, reference, workload.pullSecrets),
    ]);
    const target = reference.digest ?? reference.tag ?? 'latest';
    const attempts = access.matches.length
      ? access.matches.map((match) => ({ username: match.username, password: match.password }))
      : [null];
    for (const credentials of attempts) {
      const platforms = await access.client
        .platforms(reference.repository, target, credentials)
        .catch(() => null);
      if (platforms) return platformFinding(workload.image, platforms, nodes);
    }
    return null;
  }

  async function preflight(
    context: string,
    workload: WorkloadInput,
    update: boolean,
  ): Promise<PreflightResult> {
    const started = performance.now();
    const session = await clusters.session(context);
    const resource =
      workload.kind === 'Deployment'
        ? { group: 'apps', resource: 'deployments' }
        : { group: '', resource: 'pods' };
    const [existing, review, image, platform] = await Promise.all([
      readExisting(session, workload.namespace, workload.name),
      session.call(() =>
        session.authz.createSelfSubjectAccessReview({
          body: {
            spec: {
              resourceAttributes: {
                namespace: workload.namespace,
                verb: update ? 'update' : 'create',
                ...resource,
              },
            },
          },
        }),
      ),
      imageCheck(session, workload).catch((error: unknown): PreflightCheck => ({
        id: 'image',
        status: 'fail',
        message: (error as Error).message,
      })),
      // Best effort: nodes not readable or the registry silent means nothing to say.
      platformCheck(session, workload).catch(() => null),
    ]);
    const plan = existing && update ? planUpdate(existing, workload) : null;
    let updatePreview: PreflightResult['update'] = null;
    let nameCheck: PreflightCheck;
    if (existing?.view.owner) {
      nameCheck = {
        id: 'name',
        status: 'fail',
        message: `${existing.kind} "${workload.name}" is managed by ${existing.view.owner.kind} "${existing.view.owner.name}": PullKey does not update or replace it; change the ${existing.view.owner.kind} instead`,
      };
    } else if (existing && !update) {
      nameCheck = {
        id: 'name',
        status: 'fail',
        message: `a ${existing.kind} "${workload.name}" already exists in ${workload.namespace}: choose another name or update it`,
      };
    } else if (plan && 'refused' in plan) {
      nameCheck = { id: 'name', status: 'fail', message: plan.refused };
    } else if (plan && existing) {
      seenSnapshots.remember(workload.namespace, workload.name, existing.object);
      updatePreview = plan;
      nameCheck = {
        id: 'name',
        status: 'ok',
        message:
          plan.action === 'unchanged'
            ? `${existing.kind} "${workload.name}" already looks like this: nothing to change`
            : plan.action === 'replace'
              ? `Pod "${workload.name}" will be replaced (only its image can change in place); the old Pod is deleted only after the new one passed a dry run`
              : `${existing.kind} "${workload.name}" will be updated: only the fields in the patch change`,
      };
      if (plan.action === 'replace' && existing.kind === 'Pod') {
        const impossible = await dryRunReplacement(
          session,
          replacementPod(existing.object, workload, plan.seen.container),
        );
        if (impossible) {
          nameCheck = {
            id: 'name',
            status: 'fail',
            message: `Pod "${workload.name}" cannot be replaced: ${impossible}. It will be left as it is.`,
          };
        }
      }
    } else {
      nameCheck = {
        id: 'name',
        status: 'ok',
        message: `"${workload.name}" is free in ${workload.namespace}`,
      };
    }
    const checks: PreflightCheck[] = [
      nameCheck,
      review.status?.allowed
        ? {
            id: 'access',
            status: 'ok',
            message: `you may ${update ? 'update' : 'create'} ${resource.resource} in ${workload.namespace}`,
          }
        : {
            id: 'access',
            status: 'fail',
            message: `you may not ${update ? 'update' : 'create'} ${resource.resource} in ${workload.namespace}${review.status?.reason ? `: ${review.status.reason}` : ''}`,
          },
      image,
      ...(platform ? [platform] : []),
    ];
    return {
      ok: checks.every((check) => check.status !== 'fail'),
      checks,
      durationMs: Math.round(performance.now() - started),
      update: updatePreview,
    };
  }

  async function apply(
    context: string,
    workload: WorkloadInput,
    update: boolean,
    seen?: SeenInput,
  ): Promise<RecentDeployment> {
    const session = await clusters.session(context);
    const body = buildWorkload(workload);
    const { namespace } = workload;
    if (update) {
      if (!seen) {
        throw new AppError(
          'INVALID_INPUT',
          'Updating an existing workload needs what the preview showed (seen): run the preflight first',
        );
      }
      await applyUpdate(session, workload, seen, seenSnapshots);
    } else if (workload.kind === 'Deployment') {
      await session.call(() =>
        session.apps.createNamespacedDeployment({ namespace, body: body as never }),
      );
    } else {
      await session.call(() =>
        session.core.createNamespacedPod({ namespace, body: body as never }),
      );
    }
    const { name } = workload;
    const entry: RecentDeployment = {
      context,
      namespace,
      kind: workload.kind,
      name,
      image: workload.image,
      at: new Date().toISOString(),
    };
    await settings.update(({ recentDeployments: recent = [] }) => ({
      recentDeployments: [
        entry,
        ...recent.filter(
          (item) =>
            !(
              item.context === context &&
              item.namespace === namespace &&
              item.name === name &&
              item.kind === workload.kind
            ),
        ),
      ].slice(0, MAX_RECENT),
    }));
    return entry;
  }

  async function tags(
    context: string,
    namespace: string,
    image: string,
    pullSecrets: string[],
  ): Promise<string[]> {
    const session = await clusters.session(context);
    const reference = parseImageReference(image);
    const { matches, client } = await imageAccess(session, namespace, reference, pullSecrets);
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

  return {
    suggest,
    preflight,
    apply,
    tags,
    async recent() {
      return (await settings.read()).recentDeployments ?? [];
    },
  };
}

export type DeployService = ReturnType<typeof createDeployService>;
