/**
 * Updating a workload that already exists, safely on a shared cluster:
 * - only what the form owns changes (strategic-merge patch, field manager pullkey);
 * - what the user saw at preview (uid + fingerprint of spec/labels/annotations) must still be
 *   there, and the write carries the resourceVersion read just before it: a change made since is
 *   reported with what changed, never overwritten;
 * - controller-owned objects are never updated or replaced;
 * - a bare Pod whose change is more than its image is replaced only after a dry-run create of
 *   the new one succeeded; the old one is deleted with preconditions { uid, resourceVersion }.
 */
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { OwnedWrite } from '../api/contract';
import { AppError, isAppError } from '../api/errors';
import type { KubeSession } from '../kube/session';
import { FIELD_MANAGER } from '../kube/field-manager';
import { recreatePod } from '../kube/pods';
import { workloadAccess } from '../kube/workload-access';
import { changedPaths, fingerprint, judgedPart, lastWriter } from './changes';
import { controllerOf } from '../kube/owners';
import { readExisting, type ExistingObject } from './existing';
import { ownedUpdate } from './owned-update';
import type { WorkloadInput } from './manifest';
import {
  applyFormToPodSpec,
  deploymentPatch,
  podImagePatch,
  podUpdateKind,
  updatePreviewYaml,
  type PodSpecLike,
  type SeenWorkload,
} from './update-patch';
import { workloadChangeWarning } from '../ownership/owner';

export interface SeenInput extends SeenWorkload {
  fingerprint: string;
}

export interface UpdatePlan {
  action: 'patch' | 'replace' | 'unchanged';
  seen: SeenInput;
  /** The patch (YAML) that will be sent, for the preview. */
  patch: string;
  /** Who owns the workload besides PullKey, and what becomes of this change. */
  warning?: string;
}

/** Remembers what previews showed, so a conflict can say which fields changed since. */
export function createSeenSnapshots(max = 100) {
  const snapshots = new Map<string, unknown>();
  const key = (namespace: string, name: string, print: string) => `${namespace}/${name}/${print}`;
  return {
    remember(namespace: string, name: string, object: ExistingObject['object']) {
      const print = fingerprint(object);
      snapshots.delete(key(namespace, name, print));
      snapshots.set(key(namespace, name, print), judgedPart(object));
      while (snapshots.size > max) snapshots.delete(snapshots.keys().next().value!);
    },
    get: (namespace: string, name: string, print: string) =>
      snapshots.get(key(namespace, name, print)),
  };
}
export type SeenSnapshots = ReturnType<typeof createSeenSnapshots>;

function refusal(existing: ExistingObject, input: WorkloadInput): string | null {
  const { view } = existing;
  if (view.owner) {
    return `${view.kind} "${view.name}" is managed by ${view.owner.kind} "${view.owner.name}": PullKey does not update or replace it; change the ${view.owner.kind} instead`;
  }
  if (view.kind !== input.kind) return `"${view.name}" is a ${view.kind}, not a ${input.kind}`;
  if (!view.container) return `${view.kind} "${view.name}" has no container to update`;
  return null;
}

/** What an update would do, and the patch the preview shows; a refusal names why. */
export function planUpdate(
  existing: ExistingObject,
  input: WorkloadInput,
): UpdatePlan | { refused: string } {
  const refused = refusal(existing, input);
  if (refused) return { refused };
  const owned = workloadChangeWarning(existing.kind, existing.object.metadata);
  const warning = owned ? { warning: owned } : {};
  const seen: SeenInput = {
    uid: existing.view.uid,
    resourceVersion: existing.view.resourceVersion,
    container: existing.view.container!,
    fingerprint: fingerprint(existing.object),
  };
  if (existing.kind === 'Deployment') {
    const template = existing.object.spec?.template.spec as PodSpecLike | undefined;
    return { action: 'patch', seen, patch: updatePreviewYaml(input, seen, template), ...warning };
  }
  const spec = existing.object.spec as PodSpecLike;
  const kind = podUpdateKind(spec, input, seen.container);
  return {
    action: kind === 'unchanged' ? 'unchanged' : kind === 'image' ? 'patch' : 'replace',
    seen,
    patch: updatePreviewYaml(input, seen, spec, kind),
    ...warning,
  };
}

/** The new Pod a replacement creates: the current one with the form's changes. */
export function replacementPod(pod: V1Pod, input: WorkloadInput, container: string): V1Pod {
  const {
    nodeName: _scheduled,
    ephemeralContainers: _debug,
    ...spec
  } = pod.spec ?? { containers: [] };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.metadata?.name,
      namespace: pod.metadata?.namespace,
      ...(pod.metadata?.labels ? { labels: pod.metadata.labels } : {}),
      ...(pod.metadata?.annotations ? { annotations: pod.metadata.annotations } : {}),
    },
    spec: applyFormToPodSpec(spec as PodSpecLike, input, container),
  };
}

/** Dry-run create of the replacement (the API server's validation and admission), or why not. */
export async function dryRunReplacement(session: KubeSession, pod: V1Pod): Promise<string | null> {
  const namespace = pod.metadata!.namespace!;
  const { name, ...metadata } = pod.metadata!;
  try {
    await session.call(() =>
      session.core.createNamespacedPod({
        namespace,
        dryRun: 'All',
        body: { ...pod, metadata: { ...metadata, generateName: `${name}-` } },
      }),
    );
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function changedSince(
  kind: string,
  name: string,
  current: V1Deployment | V1Pod,
  seenPart: unknown,
): AppError {
  const paths = seenPart ? changedPaths(seenPart, judgedPart(current)) : [];
  const writer = lastWriter(current);
  return new AppError(
    'KUBE_CONFLICT',
    `${kind} "${name}" changed since the preview${writer ? ` (last written by ${writer})` : ''}${paths.length ? `: ${paths.join(', ')}` : ''}. Nothing was written: review the change and update again.`,
    { changed: paths, lastWriter: writer },
  );
}

/** Status writes (controllers, the kubelet) race with ours: retried while the spec is as seen. */
const ATTEMPTS = 5;

/**
 * Writes with the latest resourceVersion. A 409 is retried from a fresh read only while the
 * object is still the one the user saw (uid and fingerprint: a status write, not a change);
 * otherwise it is "changed since the preview", with what changed.
 */
async function guarded<T>(
  write: (resourceVersion: string) => Promise<T>,
  first: string,
  kind: string,
  name: string,
  reread: () => Promise<V1Deployment | V1Pod>,
  seen: SeenInput,
  seenPart: unknown,
): Promise<T> {
  let resourceVersion = first;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(resourceVersion);
    } catch (error) {
      if (!(isAppError(error) && error.code === 'KUBE_CONFLICT')) throw error;
      const now = await reread().catch(() => null);
      const same = now && now.metadata?.uid === seen.uid && fingerprint(now) === seen.fingerprint;
      if (!same || attempt >= ATTEMPTS) throw changedSince(kind, name, now ?? {}, seenPart);
      resourceVersion = now.metadata?.resourceVersion ?? resourceVersion;
    }
  }
}

/** What an update did (a dry run: would do), and the version written (a dry run: read). */
export interface UpdateDone {
  done: 'patched' | 'replaced' | 'unchanged';
  resourceVersion: string | null;
  /** The patch sent (as the preview showed it). */
  preview: string;
  /** An owned workload: the owner sentence as read (owner-sentence.ts). */
  warning?: string;
  /** An owned workload: its owner, the image's change for Git, (written) the field to watch. */
  owned?: OwnedWrite;
}

/**
 * Updates the workload as previewed. `dryRun`: the same checks, then the API server's dry run of
 * the patch (of a replacement: the dry-run create of the new Pod); nothing is written.
 */
export async function applyUpdate(
  session: KubeSession,
  input: WorkloadInput,
  seen: SeenInput,
  snapshots: SeenSnapshots,
  dryRun = false,
): Promise<UpdateDone> {
  const { namespace, name } = input;
  const existing = await readExisting(session, namespace, name);
  if (!existing) {
    throw new AppError(
      'KUBE_NOT_FOUND',
      `${input.kind} "${name}" no longer exists in ${namespace}: nothing was written`,
    );
  }
  const done = await updateExisting(session, existing, input, seen, snapshots, dryRun);
  // An owned workload: the owner as read, the image's change for Git, (written) the revert watch.
  const written = !dryRun && done.done !== 'unchanged';
  return { ...done, ...(await ownedUpdate(session, existing, input, seen.container, written)) };
}

async function updateExisting(
  session: KubeSession,
  existing: ExistingObject,
  input: WorkloadInput,
  seen: SeenInput,
  snapshots: SeenSnapshots,
  dryRun: boolean,
): Promise<UpdateDone> {
  const { namespace, name } = input;
  const refused = refusal(existing, input);
  if (refused) throw new AppError('KUBE_CONFLICT', refused);
  const seenPart = snapshots.get(namespace, name, seen.fingerprint);
  if (existing.view.uid !== seen.uid) {
    throw new AppError(
      'KUBE_CONFLICT',
      `${input.kind} "${name}" was deleted and created again since the preview. Nothing was written: review it and update again.`,
    );
  }
  if (fingerprint(existing.object) !== seen.fingerprint) {
    throw changedSince(input.kind, name, existing.object, seenPart);
  }
  const first = existing.view.resourceVersion;
  const at = (resourceVersion: string) => ({ ...seen, resourceVersion });
  if (existing.kind === 'Deployment') {
    const template = existing.object.spec?.template.spec as PodSpecLike | undefined;
    const deployment = workloadAccess(session, 'Deployment', namespace, name);
    const written = await guarded(
      (resourceVersion) =>
        deployment.patch(
          deploymentPatch(input, at(resourceVersion), template),
          'strategic',
          dryRun,
        ),
      first,
      'Deployment',
      name,
      () => deployment.read(),
      seen,
      seenPart,
    );
    return {
      done: 'patched',
      resourceVersion: versionOf(written, first, dryRun),
      preview: updatePreviewYaml(input, seen, template),
    };
  }
  const pod = existing.object;
  const podAccess = workloadAccess(session, 'Pod', namespace, name);
  const rereadPod = () => podAccess.read();
  const guardedPod = (write: (resourceVersion: string) => Promise<unknown>) =>
    guarded(write, first, 'Pod', name, rereadPod, seen, seenPart);
  const kind = podUpdateKind(pod.spec as PodSpecLike, input, seen.container);
  const preview = updatePreviewYaml(input, seen, pod.spec as PodSpecLike, kind);
  if (kind === 'unchanged') return { done: 'unchanged', resourceVersion: first, preview };
  if (kind === 'image') {
    const written = await guardedPod((resourceVersion) =>
      podAccess.patch(
        podImagePatch(input, at(resourceVersion), pod.spec as PodSpecLike),
        'strategic',
        dryRun,
      ),
    );
    return {
      done: 'patched',
      resourceVersion: versionOf(written as V1Pod, first, dryRun),
      preview,
    };
  }
  if (controllerOf(pod.metadata?.ownerReferences)) {
    throw new AppError('KUBE_CONFLICT', `Pod "${name}" is controller-owned: not replaced`);
  }
  const next = replacementPod(pod, input, seen.container);
  const impossible = await dryRunReplacement(session, next);
  if (impossible) {
    throw new AppError(
      'KUBE_API_ERROR',
      `Pod "${name}" cannot be replaced (the API server refused the new Pod in a dry run: ${impossible}). The Pod was left as it is.`,
    );
  }
  if (dryRun) return { done: 'replaced', resourceVersion: first, preview };
  const created = await recreatePod(
    session,
    namespace,
    next,
    () =>
      guardedPod((resourceVersion) =>
        session.call(() =>
          session.core.deleteNamespacedPod({
            name,
            namespace,
            gracePeriodSeconds: 0,
            body: { preconditions: { uid: seen.uid, resourceVersion } },
          }),
        ),
      ),
    FIELD_MANAGER,
  );
  return { done: 'replaced', resourceVersion: versionOf(created, null, false), preview };
}

/** The version written (a dry run: the version read, as the dry run answers no new one). */
function versionOf(
  written: { metadata?: { resourceVersion?: string } } | null | undefined,
  read: string | null,
  dryRun: boolean,
): string | null {
  return dryRun ? read : (written?.metadata?.resourceVersion ?? read);
}
