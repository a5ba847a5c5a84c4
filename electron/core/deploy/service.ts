/**
 * Deploy: which pull secrets an image needs (the kubelet's own matching), a preflight that
 * checks the name, the permission and the manifest (image-access, with exactly the credentials
 * the pod will use), and the apply itself.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type {
  DeploySuggestion,
  PreflightCheck,
  PreflightResult,
  AppliedDeployment,
  RecentDeployment,
} from '../api/contract';
import { AppError } from '../api/errors';
import { DNS1123_LABEL } from '../api/validation';
import { entriesOf } from '../dockerconfig/dockerconfig';
import { kubeletCandidates } from '../dockerconfig/keyring';
import { rejectionMessage } from '../dockerconfig/kubelet-config';
import type { ImageAccess } from '../image-access/access';
import { namespaceSecrets } from '../image-access/pod-credentials';
import type { ClusterService } from '../kube/clusters';
import { accountPullSecretNames, readDefaultServiceAccount } from '../kube/default-service-account';
import { decodeConfig } from '../dockerconfig/secret-config';
import { parseImageReference, type ImageReference } from '../oci/reference';
import type { SettingsStore } from '../settings/store';
import { readExisting } from './existing';
import { ownedUpdate } from './owned-update';
import { buildWorkload, workloadYaml, type WorkloadInput } from './manifest';
import {
  applyUpdate,
  createSeenSnapshots,
  dryRunReplacement,
  planUpdate,
  replacementPod,
  type SeenInput,
} from './update';

const MAX_RECENT = 20;

export function createDeployService(
  clusters: ClusterService,
  images: ImageAccess,
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
    const [existing, review, { image, platform }] = await Promise.all([
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
      images.preflightChecks(session, workload),
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
      // An owned workload: the owner sentence as read and the image's change for Git.
      updatePreview = {
        ...plan,
        ...(await ownedUpdate(session, existing, workload, plan.seen.container)),
      };
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
      // An engine owns the workload: the update is allowed, the check says what becomes of it.
      if (updatePreview.warning && plan.action !== 'unchanged')
        nameCheck = {
          id: 'name',
          status: 'warn',
          message: `${nameCheck.message}. ${updatePreview.warning}`,
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

  /**
   * Creates the workload, or updates the existing one as previewed (`seen`). `dryRun`: the API
   * server's dry run of the same request; nothing is written or listed among the recent ones.
   */
  async function apply(
    context: string,
    workload: WorkloadInput,
    update: boolean,
    seen?: SeenInput,
    dryRun = false,
  ): Promise<AppliedDeployment> {
    const session = await clusters.session(context);
    const body = buildWorkload(workload);
    const { namespace } = workload;
    const asked = dryRun ? { dryRun: 'All' } : {};
    let written: Pick<AppliedDeployment, 'preview' | 'resourceVersion' | 'warning' | 'owned'> & {
      changed: boolean;
    };
    if (update) {
      if (!seen) {
        throw new AppError(
          'INVALID_INPUT',
          'Updating an existing workload needs what the preview showed (seen): run the preflight first',
        );
      }
      const done = await applyUpdate(session, workload, seen, seenSnapshots, dryRun);
      written = { ...done, changed: done.done !== 'unchanged' };
    } else {
      const created = await (workload.kind === 'Deployment'
        ? session.call(() =>
            session.apps.createNamespacedDeployment({ namespace, body: body as never, ...asked }),
          )
        : session.call(() =>
            session.core.createNamespacedPod({ namespace, body: body as never, ...asked }),
          ));
      const version = created.metadata?.resourceVersion ?? null;
      written = {
        preview: workloadYaml(workload),
        resourceVersion: dryRun ? null : version,
        changed: true,
      };
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
    const answer: AppliedDeployment = {
      ...entry,
      preview: written.preview,
      resourceVersion: written.resourceVersion,
      written: !dryRun && written.changed,
      ...(written.warning ? { warning: written.warning } : {}),
      ...(written.owned ? { owned: written.owned } : {}),
    };
    if (dryRun) return answer;
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
    return answer;
  }

  return {
    suggest,
    preflight,
    apply,
    async recent() {
      return (await settings.read()).recentDeployments ?? [];
    },
  };
}
