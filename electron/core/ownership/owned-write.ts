/**
 * What a previewed write of a workload (or ServiceAccount) says about its owner: the owner read
 * where the user may (owner-status.ts), the specific sentence (owner-sentence.ts), the change for
 * Git (git-change.ts) and, on the write's answer, the field to watch for a revert. Nothing for
 * an object nobody owns.
 */
import type {
  EngineOwner,
  OwnedWrite,
  OwnerStatus,
  RevertWatchTarget,
  WrittenValue,
} from '../api/contract';
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
  written: WrittenValue;
  before: WrittenValue;
}

/** An imagePullSecrets list written at `path` (a JSON pointer), before and after, to watch. */
export function pullSecretsWritten(path: string, before: string[], after: string[]): WrittenField {
  const list = (names: string[]) => (names.length ? names.map((name) => ({ name })) : null);
  return { path, written: list(after), before: list(before) };
}

/** Who would put the field back, as read ("Argo CD application argocd/web"), else as marked. */
function ownerName(owner: EngineOwner, status: OwnerStatus): string {
  if (status.read === 'argocd') return `Argo CD application ${status.application}`;
  if (status.read === 'flux') return `Flux ${status.kind} ${status.object}`;
  return `${owner.engineName} ${owner.source}`;
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
        owner: ownerName(owner, status),
      }
    : null;
  return {
    warning,
    owned: { owner, status, git: change ? gitChange(object, owner, change) : null, watch },
  };
}
