/**
 * "Attach pull secrets to an existing workload": Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job, CronJob. Only the pod template's imagePullSecrets change (merge, no
 * duplicates, others kept), with a resourceVersion precondition. A controller-owned workload
 * (a Deployment's ReplicaSet, a CronJob's Job) is changed through its owner, never directly.
 */
import type { AttachableKind, AttachAnswer } from '../api/contract';
import { AppError, isAppError } from '../api/errors';
import type { KubeSession } from '../kube/session';
import { controllerOf } from '../kube/owners';
import { workloadAccess } from '../kube/workload-access';
import type { OwnedMetadata } from '../ownership/owner';
import { ownedWrite, pullSecretsWritten } from '../ownership/owned-write';
import {
  attachPullSecretsPatch,
  patchPreview,
  pullSecretsField,
  templatePullSecrets,
  type WorkloadLike,
} from './pull-secrets-patch';

export interface AttachInput {
  namespace: string;
  kind: AttachableKind;
  name: string;
  secrets: string[];
  resourceVersion?: string | undefined;
  generation?: number | undefined;
  /** Answer the exact patch and the version read; write nothing. */
  dryRun?: boolean | undefined;
}

interface Owned extends WorkloadLike {
  metadata?: OwnedMetadata & {
    resourceVersion?: string;
    generation?: number;
    ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }>;
  };
}

/** Status writes by controllers race with the patch: a fresh read is retried this often. */
const ATTEMPTS = 5;

const changedSince = (kind: string, name: string) =>
  new AppError(
    'KUBE_CONFLICT',
    `${kind} "${name}" changed since you saw it: nothing was written. Reload and attach again.`,
  );

/**
 * Preconditions the caller may give: `resourceVersion` (any change since is a conflict) or
 * `generation` (a change of the spec since is a conflict; status updates are not). The write
 * itself always carries the resourceVersion it was computed from; without a caller's
 * resourceVersion, a 409 caused by a status write is retried from a fresh read. A dry run
 * answers the patch the write will send (given that version) and the version it read; a dry
 * run given a resourceVersion also checks it is still the current one.
 */
export async function attachPullSecrets(
  session: KubeSession,
  input: AttachInput,
): Promise<AttachAnswer> {
  const { kind, name, namespace } = input;
  const access = workloadAccess(session, kind, namespace, name);
  for (let attempt = 1; ; attempt++) {
    const workload: Owned = await access.read();
    const owner = controllerOf(workload.metadata?.ownerReferences);
    if (owner) {
      throw new AppError(
        'KUBE_CONFLICT',
        `${kind} "${name}" is managed by ${owner.kind} "${owner.name}": attach the pull secrets to the ${owner.kind} instead (a change here would be undone)`,
        { owner },
      );
    }
    if (input.generation !== undefined && workload.metadata?.generation !== input.generation) {
      throw changedSince(kind, name);
    }
    const seen = workload.metadata?.resourceVersion ?? null;
    if (input.dryRun && input.resourceVersion && input.resourceVersion !== seen)
      throw changedSince(kind, name);
    const basis: WorkloadLike = input.resourceVersion
      ? { ...workload, metadata: { ...workload.metadata, resourceVersion: input.resourceVersion } }
      : workload;
    const planned = attachPullSecretsPatch(kind, basis, input.secrets);
    const before = templatePullSecrets(kind, workload);
    const after = planned?.imagePullSecrets ?? before;
    // An owned workload: its owner as read, the change for Git, and (written) the field to watch.
    const owned = (written: boolean) =>
      ownedWrite(
        session,
        { kind, namespace, name, metadata: workload.metadata },
        { type: 'pull-secrets', secrets: after },
        written
          ? pullSecretsWritten(`/${pullSecretsField(kind).replace(/\./g, '/')}`, before, after)
          : undefined,
      );
    const answer: AttachAnswer = {
      outcome: planned ? 'preview' : 'unchanged',
      before,
      imagePullSecrets: planned?.imagePullSecrets ?? before,
      preview: patchPreview(`${kind} ${name}`, pullSecretsField(kind), planned?.patch ?? null),
      written: false,
      resourceVersion: seen,
      ...(await owned(false)),
    };
    if (input.dryRun || !planned) return answer;
    try {
      const written: Owned = await access.patch(planned.patch, 'merge');
      return {
        ...answer,
        outcome: 'updated',
        written: true,
        resourceVersion: written.metadata?.resourceVersion ?? null,
        ...(await owned(true)),
      };
    } catch (error) {
      if (isAppError(error) && error.code === 'KUBE_CONFLICT') {
        if (input.resourceVersion || attempt >= ATTEMPTS) throw changedSince(kind, name);
        continue;
      }
      if (kind === 'Job' && isAppError(error) && /immutable/i.test(error.message)) {
        throw new AppError(
          'KUBE_API_ERROR',
          `A Job's pod template cannot change once the Job exists (${error.message}). Attach the pull secrets to its CronJob, or create the Job again with them.`,
        );
      }
      throw error;
    }
  }
}
