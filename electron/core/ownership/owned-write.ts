/**
 * What a previewed write of a workload (or ServiceAccount) says about its owner: the owner read
 * where the user may (owner-status.ts), the specific sentence (owner-sentence.ts), the change for
 * Git (git-change.ts) and, on the write's answer, the field to watch for a revert. Nothing for
 * an object nobody owns.
 */
import type { OwnedWrite, RevertWatchTarget } from '../api/contract';
import type { KubeSession } from '../kube/session';
import { gitChange, type WorkloadChange } from './git-change';
import { ARGO } from './markers';
import { workloadOwner, type OwnedMetadata } from './owner';
import { ownerStatusWarning } from './owner-sentence';
import { readOwnerStatus } from './owner-status';

export interface OwnedObject {
  kind: RevertWatchTarget['kind'];
  namespace: string;
  name: string;
  metadata: OwnedMetadata | undefined;
}

/** The field written, for the revert watch (given on the write only). */
export interface WrittenField {
  path: string;
  written: unknown;
  before: unknown;
}

/** `{ warning, owned }` for a write to `object`, or `{}` when nobody owns it. */
export async function ownedWrite(
  session: KubeSession,
  object: OwnedObject,
  change: WorkloadChange | null,
  written?: WrittenField,
): Promise<{ warning?: string; owned?: OwnedWrite }> {
  const meta = object.metadata;
  const owner = workloadOwner(meta);
  if (!owner || !meta) return {};
  const status = await readOwnerStatus(session, owner, meta);
  const warning = ownerStatusWarning(
    object.kind,
    owner,
    status,
    meta.annotations?.[ARGO.trackingId],
  );
  const watch: RevertWatchTarget | null = written
    ? {
        context: session.context,
        namespace: object.namespace,
        kind: object.kind,
        name: object.name,
        ...written,
        owner: `${owner.engineName} ${owner.source}`,
      }
    : null;
  return {
    warning,
    owned: { owner, status, git: change ? gitChange(object, owner, change) : null, watch },
  };
}
