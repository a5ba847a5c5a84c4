/**
 * Pure: which same-named secrets of other namespaces may be offered as "Copy the missing secret"
 * — only those whose entries the kubelet would use for a failing image (its own matching), so a
 * pod naming `regcred` cannot get another team's `regcred` for an unrelated registry copied into
 * its namespace — and what a copy discloses: the host and user of each entry it copies (only
 * those the kubelet uses for the failing image).
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { PullCopySource } from '../../api/contract';
import { kubeletCredentials } from '../../dockerconfig/keyring';
import {
  kubeletReadSecret,
  type KubeletEntry,
  type SecretInput,
} from '../../dockerconfig/kubelet-config';
import { parseImageReference } from '../../oci/reference';

type CopyEntry = PullCopySource['entries'][number];

function imageName(image: string): string | null {
  try {
    return parseImageReference(image).name;
  } catch {
    return null;
  }
}

/** The keys of the secret's entries the kubelet would use for one of `images`. */
function usedKeys(secret: SecretInput, images: string[]): Set<string> {
  const used = new Set<string>();
  for (const name of images.map(imageName))
    if (name) for (const match of kubeletCredentials(name, [secret]).matches) used.add(match.key);
  return used;
}

/**
 * The secret's entries (host and user, never a password), each marked when the kubelet would
 * use it for one of `images`. Null when the kubelet would reject the secret (copying it would
 * break every pull of the pod) or it holds no entry.
 */
export function copyEntries(secret: SecretInput, images: string[]): CopyEntry[] | null {
  const verdict = kubeletReadSecret(secret);
  if (verdict.rejected || !verdict.entries.length) return null;
  const used = usedKeys(secret, images);
  return verdict.entries.map((entry) => ({
    key: entry.key,
    username: entry.username,
    matches: used.has(entry.key),
  }));
}

/** What a copy holds: only the entries (with their credentials) the kubelet uses for `images`. */
export function usedEntries(secret: SecretInput, images: string[]): KubeletEntry[] {
  const verdict = kubeletReadSecret(secret);
  if (verdict.rejected) return [];
  const used = usedKeys(secret, images);
  return verdict.entries.filter((entry) => used.has(entry.key));
}

/** The namespaces whose secret of that name can be offered for the failing images. */
export function copySources(
  candidates: V1Secret[],
  images: string[],
  targetNamespace: string,
): PullCopySource[] {
  return candidates.flatMap((secret) => {
    const namespace = secret.metadata?.namespace ?? '';
    if (!namespace || namespace === targetNamespace) return [];
    const entries = copyEntries(secret, images);
    return entries?.some((entry) => entry.matches) ? [{ namespace, entries }] : [];
  });
}

/** "host (user alice), other.example (user bob)": what a copy hands over. */
function entriesInWords(entries: CopyEntry[]): string {
  return entries.map((entry) => `${entry.key} (user ${entry.username || 'none'})`).join(', ');
}

/** Who else gets the credentials once copied (`entries`: those the copy holds). */
export function readersWarning(namespace: string, entries: CopyEntry[]): string {
  return `Everyone who can read secrets in namespace ${namespace} will be able to read these credentials once copied: ${entriesInWords(entries)}.`;
}
