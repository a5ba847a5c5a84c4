/**
 * Pure: what "Create registry and attach" will write — the pod template's imagePullSecrets after
 * the merge (others kept), as the patch shown before writing, and the warning when the
 * ServiceAccount's secrets stop being added because the pod template gets a list of its own.
 */
import type { PullCredentialSources, PullWorkloadKind } from '@core/api/contract';

export interface AttachPlan {
  imagePullSecrets: string[];
  patch: string;
  warning: string | null;
}

export function attachPlan(
  kind: PullWorkloadKind,
  sources: PullCredentialSources | null,
  secret: string,
): AttachPlan {
  const own = sources?.origin === 'own' ? sources.imagePullSecrets : [];
  const merged = [...new Set([...own, secret])];
  const list = merged.map((name) => `  - name: ${name}`).join('\n');
  const path = kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
  const patch = `# merge patch of ${kind} (${path}), nothing else changes\n${path}.imagePullSecrets:\n${list}\n`;
  const inherited = sources?.origin === 'service-account' ? sources.serviceAccountSecrets : [];
  const warning = inherited.length
    ? `The pods now get ${inherited.join(', ')} from ServiceAccount ${sources!.serviceAccount}; with a list of their own they get none from it any more.`
    : null;
  return { imagePullSecrets: merged, patch, warning };
}

/** A secret name for a registry host: "registry.example.com:5000" → "registry-example-com-5000". */
export function secretNameFor(host: string): string {
  const name = host
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name || 'registry';
}
