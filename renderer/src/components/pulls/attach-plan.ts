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

/**
 * Pure: what "attach to the ServiceAccount" will write — its imagePullSecrets after the merge —
 * and the warnings: pods naming their own imagePullSecrets get none from the ServiceAccount, and
 * existing pods keep the list they were created with until they are recreated.
 */
export function serviceAccountPlan(
  sources: PullCredentialSources | null,
  secret: string,
): AttachPlan {
  const account = sources?.serviceAccount ?? 'default';
  const merged = [...new Set([...(sources?.serviceAccountSecrets ?? []), secret])];
  const list = merged.map((name) => `  - name: ${name}`).join('\n');
  const patch = `# merge patch of ServiceAccount ${account}, nothing else changes\nimagePullSecrets:\n${list}\n`;
  const warning =
    sources?.origin === 'own'
      ? `The pods name imagePullSecrets of their own (${sources.imagePullSecrets.join(', ')}), so the ServiceAccount's are ignored for them: attach to the workload instead.`
      : null;
  return { imagePullSecrets: merged, patch, warning };
}

/** The note after a ServiceAccount write: only pods created from now on get the secret. */
export function recreateNote(kind: PullWorkloadKind, account: string): string {
  return kind === 'Pod'
    ? `Existing pods keep the imagePullSecrets they were created with: recreate the pod to pull with ServiceAccount ${account}'s new secret.`
    : `Existing pods keep the imagePullSecrets they were created with: recreate them (their ${kind} makes new ones) to pull with ServiceAccount ${account}'s new secret.`;
}
