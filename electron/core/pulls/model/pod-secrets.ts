/**
 * Pure: a pod's pull secrets as the Pull doctor reads them (the fold, the evidence and the
 * scheduler of checks), and the diagnosis's note on those missing.
 */
import type { V1Pod, V1Secret } from '@kubernetes/client-node';

/** A secret as the fold sees it: the object, 'missing' (read: not found), or unknown yet. */
export type SecretLookup = (namespace: string, name: string) => V1Secret | 'missing' | undefined;

/** The pod's pull secrets split into those read, those missing, and those not known yet. */
export function podSecrets(pod: V1Pod, secret: SecretLookup) {
  const namespace = pod.metadata?.namespace ?? '';
  const names = (pod.spec?.imagePullSecrets ?? []).map((ref) => ref.name ?? '').filter(Boolean);
  const found: V1Secret[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const value = secret(namespace, name);
    if (value === 'missing') missing.push(name);
    else if (value) found.push(value);
  }
  return { names, found, missing };
}

export const MISSING_NOTE_START = 'imagePullSecrets names ';

/** The diagnosis's note on missing secrets (the detail says whose list names them). */
export function missingSecretsNote(missing: string[], namespace: string): string {
  return `${MISSING_NOTE_START}${missing.map((name) => `"${name}"`).join(', ')}, missing in namespace ${namespace}`;
}
