/**
 * Pure: what "Create a registry and attach it" says besides its patch: the ServiceAccount's
 * secrets stop being added when the pod template gets a list of its own; pods naming their own
 * list ignore the ServiceAccount's; only pods created afterwards get a ServiceAccount's new list.
 */
import type { PullCredentialSources, PullWorkloadKind } from '../../api/contract';

type Sources = Pick<
  PullCredentialSources,
  'origin' | 'serviceAccount' | 'serviceAccountSecrets' | 'imagePullSecrets'
>;

/** Where the pods' pull secrets come from, as the template and its ServiceAccount say. */
export function sourcesOf(
  serviceAccount: string,
  template: string[],
  account: string[] | null,
): Sources {
  const serviceAccountSecrets = account ?? [];
  if (template.length)
    return { origin: 'own', serviceAccount, serviceAccountSecrets, imagePullSecrets: template };
  return serviceAccountSecrets.length
    ? {
        origin: 'service-account',
        serviceAccount,
        serviceAccountSecrets,
        imagePullSecrets: serviceAccountSecrets,
      }
    : { origin: 'none', serviceAccount, serviceAccountSecrets, imagePullSecrets: [] };
}

/** Attaching to the workload: the ServiceAccount's secrets the pods lose. */
export function attachWarning(sources: Sources | null): string | null {
  const inherited = sources?.origin === 'service-account' ? sources.serviceAccountSecrets : [];
  return inherited.length
    ? `The pods now get ${inherited.join(', ')} from ServiceAccount ${sources!.serviceAccount}; with a list of their own they get none from it any more.`
    : null;
}

/** Attaching to the ServiceAccount: pods naming imagePullSecrets of their own ignore its list. */
export function serviceAccountWarning(sources: Sources | null): string | null {
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
