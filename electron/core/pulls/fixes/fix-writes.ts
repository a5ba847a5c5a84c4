/**
 * The Pull doctor's writing fixes: "Set image to …" (that container's image only, with the
 * resourceVersion the user saw), "Copy the missing secret from another namespace" and "Rewrite a
 * secret the kubelet rejects". Each first
 * answers a dry run with the exact change, and writes only when asked again without it.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { ObjectVersion, PullFixAnswer } from '../../api/contract';
import { AppError, isAppError } from '../../api/errors';
import { FIELD_MANAGER } from '../../kube/field-manager';
import type { KubeSession } from '../../kube/session';
import { workloadAccess } from '../../kube/workload-access';
import { secretOwner } from '../../ownership/owner';
import { ownedWrite, type WrittenField } from '../../ownership/owned-write';
import { ownedSecretNote } from '../../ownership/owned-secret-note';
import {
  copiedSecret,
  copyPreview,
  patchPreview,
  setImagePatch,
  type ImageFixKind,
} from './fix-plans';
import { copyEntries, readersWarning, usedEntries } from '../model/copy-offer';
import { currentValues } from './patch-current';
import { planRewrite } from './secret-rewrite';
import { withLastAppliedData } from '../../kube/last-applied';

export async function setImage(
  session: KubeSession,
  input: {
    namespace: string;
    kind: ImageFixKind;
    name: string;
    container: string;
    image: string;
    resourceVersion?: string | undefined;
    dryRun: boolean;
  },
): Promise<PullFixAnswer> {
  const { namespace, name, kind } = input;
  const access = workloadAccess(session, kind, namespace, name);
  const read = () => access.read();
  const workload = await read();
  const ops = setImagePatch(kind, workload, input.container, input.image, input.resourceVersion);
  const preview = patchPreview(kind, name, ops);
  const patch = { ops, current: currentValues(workload, ops) };
  const seen = (ops[0]?.value as string | undefined) ?? null;
  // An owned workload: its owner as read, the change for Git, and (written) the field to watch.
  const replaced = ops.find((op) => op.op === 'replace')!;
  const change = {
    type: 'image' as const,
    ...input,
    init: replaced.path.includes('/initContainers/'),
  };
  const owned = (field?: WrittenField) =>
    ownedWrite(session, { kind, namespace, name, metadata: workload.metadata }, change, field);
  if (input.dryRun)
    return { preview, patch, written: false, resourceVersion: seen, ...(await owned()) };
  try {
    const written = await access.patch(ops, 'json');
    const field = {
      path: replaced.path,
      written: input.image,
      before: imageBefore(patch.current[replaced.path]),
    };
    return {
      preview,
      patch,
      written: true,
      resourceVersion: written.metadata?.resourceVersion ?? null,
      ...(await owned(field)),
    };
  } catch (error) {
    // A failed "test" op (the API server answers 422): the workload changed since it was seen.
    const now = await read().catch(() => null);
    if (isAppError(error) && now && now.metadata?.resourceVersion !== seen)
      throw new AppError(
        'KUBE_CONFLICT',
        `${kind} "${name}" changed since you saw it: nothing was written. Reload and try again.`,
      );
    throw error;
  }
}

const imageBefore = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * Fix 3: copy a missing pull secret from another namespace — only when the kubelet would use one
 * of its entries for a failing image, and then only those entries; the preview names each host
 * and user it hands over and those it leaves behind. The dry run answers the source's uid and
 * resourceVersion; the write takes them back and copies nothing when the source changed since.
 */
export async function copySecret(
  session: KubeSession,
  input: {
    namespace: string;
    name: string;
    from: string;
    images: string[];
    source?: ObjectVersion | undefined;
    dryRun: boolean;
  },
): Promise<PullFixAnswer> {
  const source = await session.call<V1Secret>(() =>
    session.core.readNamespacedSecret({ name: input.name, namespace: input.from }),
  );
  const seen: ObjectVersion = {
    uid: source.metadata?.uid ?? '',
    resourceVersion: source.metadata?.resourceVersion ?? '',
  };
  if (
    !input.dryRun &&
    (input.source?.uid !== seen.uid || input.source.resourceVersion !== seen.resourceVersion)
  )
    throw new AppError(
      'KUBE_CONFLICT',
      `Secret "${input.name}" in ${input.from} changed since you saw it: nothing was copied. Reload and try again.`,
    );
  const entries = copyEntries(source, input.images);
  if (!entries?.some((entry) => entry.matches))
    throw new AppError(
      'INVALID_INPUT',
      `Secret "${input.name}" in ${input.from} holds no credential the kubelet would use for ${input.images.join(', ')}: not copied`,
    );
  const body = copiedSecret(source, input.namespace, usedEntries(source, input.images));
  const preview = copyPreview(body, entries);
  const copied = entries.filter((entry) => entry.matches);
  const warning = readersWarning(input.namespace, copied);
  if (input.dryRun)
    return { preview, written: false, resourceVersion: null, warning, source: seen };
  try {
    const created = await session.call(() =>
      session.core.createNamespacedSecret({
        namespace: input.namespace,
        body,
        fieldManager: FIELD_MANAGER,
      }),
    );
    return {
      preview,
      written: true,
      resourceVersion: created.metadata?.resourceVersion ?? null,
      warning,
      source: seen,
    };
  } catch (error) {
    if (isAppError(error) && error.code === 'KUBE_CONFLICT')
      throw new AppError(
        'KUBE_CONFLICT',
        `A secret "${input.name}" exists in ${input.namespace} already: nothing was overwritten`,
      );
    throw error;
  }
}

/**
 * Fix 9: rewrite a pull secret the kubelet rejects, keeping every readable credential. Only the
 * config's data key changes; the write carries the resourceVersion the user saw.
 */
export async function rewriteSecret(
  session: KubeSession,
  input: { namespace: string; name: string; resourceVersion?: string | undefined; dryRun: boolean },
): Promise<PullFixAnswer> {
  const secret = await session.call<V1Secret>(() =>
    session.core.readNamespacedSecret({ name: input.name, namespace: input.namespace }),
  );
  const seen = secret.metadata?.resourceVersion ?? null;
  if (input.resourceVersion && input.resourceVersion !== seen) throw changedSecret(input.name);
  // A copy an engine keeps is never rewritten (the engine would put it back, or worse).
  const owner = secretOwner(secret.metadata);
  if (owner)
    throw new AppError(
      'OWNED_BY_ENGINE',
      `${ownedSecretNote(input.name, owner)} Nothing was written.`,
      {
        engine: owner.engine,
        source: owner.source,
      },
    );
  const plan = planRewrite(secret);
  if (input.dryRun) return { preview: plan.preview, written: false, resourceVersion: seen };
  const encoded = Buffer.from(plan.text, 'utf8').toString('base64');
  const annotations = withLastAppliedData(secret.metadata?.annotations, plan.dataKey, encoded);
  const body: V1Secret = {
    ...secret,
    metadata: {
      ...secret.metadata,
      // kubectl apply's copy of the data says what is written now, never the old config.
      ...(annotations ? { annotations } : {}),
      resourceVersion: input.resourceVersion ?? seen ?? undefined,
    },
    data: { ...secret.data, [plan.dataKey]: encoded },
  };
  try {
    const written = await session.call(() =>
      session.core.replaceNamespacedSecret({
        name: input.name,
        namespace: input.namespace,
        body,
        fieldManager: FIELD_MANAGER,
      }),
    );
    return {
      preview: plan.preview,
      written: true,
      resourceVersion: written.metadata?.resourceVersion ?? null,
    };
  } catch (error) {
    if (isAppError(error) && error.code === 'KUBE_CONFLICT') throw changedSecret(input.name);
    throw error;
  }
}

const changedSecret = (name: string) =>
  new AppError(
    'KUBE_CONFLICT',
    `Secret "${name}" changed since you saw it: nothing was written. Reload and try again.`,
  );
