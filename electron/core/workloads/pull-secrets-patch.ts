/**
 * Pure: the patch that adds pull secrets to a workload's pod template, and nothing else. The
 * list is merged (the existing entries first, in their order, then the new ones, no
 * duplicates) and sent whole in a JSON merge patch with the resourceVersion it was computed
 * from, so a change made meanwhile is a 409 instead of a lost entry.
 */
import type { AttachableKind } from '../api/contract';

interface PodSpecHolder {
  spec?: { imagePullSecrets?: Array<{ name?: string }> } | undefined;
}

export interface WorkloadLike {
  metadata?: { resourceVersion?: string } | undefined;
  spec?:
    | {
        template?: PodSpecHolder | undefined;
        jobTemplate?: { spec?: { template?: PodSpecHolder | undefined } | undefined } | undefined;
      }
    | undefined;
}

/** The pod template's imagePullSecrets (a CronJob's is under spec.jobTemplate.spec.template). */
export function templatePullSecrets(kind: AttachableKind, workload: WorkloadLike): string[] {
  const template =
    kind === 'CronJob' ? workload.spec?.jobTemplate?.spec?.template : workload.spec?.template;
  return (template?.spec?.imagePullSecrets ?? []).map((ref) => ref.name ?? '').filter(Boolean);
}

/** Existing names first (kept, in order), then the wanted ones not already there. */
export function mergePullSecrets(current: string[], wanted: string[]): string[] {
  return [...new Set([...current, ...wanted])];
}

/** The merge patch, or null when every wanted secret is already there (nothing to write). */
export function attachPullSecretsPatch(
  kind: AttachableKind,
  workload: WorkloadLike,
  wanted: string[],
): { patch: Record<string, unknown>; imagePullSecrets: string[] } | null {
  const current = templatePullSecrets(kind, workload);
  const merged = mergePullSecrets(current, wanted);
  if (merged.length === current.length) return null;
  const podSpec = { spec: { imagePullSecrets: merged.map((name) => ({ name })) } };
  return {
    patch: {
      metadata: { resourceVersion: workload.metadata?.resourceVersion },
      spec:
        kind === 'CronJob'
          ? { jobTemplate: { spec: { template: podSpec } } }
          : { template: podSpec },
    },
    imagePullSecrets: merged,
  };
}

/** The field an attach changes, as a path ("spec.template.spec.imagePullSecrets"). */
export function pullSecretsField(kind: AttachableKind): string {
  return kind === 'CronJob'
    ? 'spec.jobTemplate.spec.template.spec.imagePullSecrets'
    : 'spec.template.spec.imagePullSecrets';
}

/** The merge patch exactly as sent, for the confirmation (it holds names only, no credential). */
export function patchPreview(
  target: string,
  field: string,
  patch: Record<string, unknown> | null,
): string {
  if (!patch) return `# ${target}: every secret is listed already, nothing to write\n`;
  return `# JSON merge patch of ${target}, as sent: only ${field} changes, and only if resourceVersion is still the one shown\n${JSON.stringify(patch, null, 2)}\n`;
}
