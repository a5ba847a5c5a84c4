/**
 * Pure: the warnings of "Create registry and attach" (the patch itself comes from the back end's
 * dry run): the ServiceAccount's secrets stop being added when the pod template gets a list of
 * its own; pods naming their own list ignore the ServiceAccount's.
 */
import type { PullCredentialSources, PullWorkloadKind } from '@core/api/contract';

/** Attaching to the workload: the ServiceAccount's secrets the pods lose. */
export function attachWarning(sources: PullCredentialSources | null): string | null {
  const inherited = sources?.origin === 'service-account' ? sources.serviceAccountSecrets : [];
  return inherited.length
    ? `The pods now get ${inherited.join(', ')} from ServiceAccount ${sources!.serviceAccount}; with a list of their own they get none from it any more.`
    : null;
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

/** Attaching to the ServiceAccount: pods naming imagePullSecrets of their own ignore its list. */
export function serviceAccountWarning(sources: PullCredentialSources | null): string | null {
  return sources?.origin === 'own'
    ? `The pods name imagePullSecrets of their own (${sources.imagePullSecrets.join(', ')}), so the ServiceAccount's are ignored for them: attach to the workload instead.`
    : null;
}

/** The note after a ServiceAccount write: only pods created from now on get the secret. */
export function recreateNote(kind: PullWorkloadKind, account: string): string {
  return kind === 'Pod'
    ? `Existing pods keep the imagePullSecrets they were created with: recreate the pod to pull with ServiceAccount ${account}'s new secret.`
    : `Existing pods keep the imagePullSecrets they were created with: recreate them (their ${kind} makes new ones) to pull with ServiceAccount ${account}'s new secret.`;
}
