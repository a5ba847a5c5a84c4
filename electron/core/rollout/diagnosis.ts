/**
 * Pure: why an image pull failed, in plain words, from the kubelet's event and status texts
 * (containerd's wording) and the pull secrets that match the image's registry.
 */
import type { PullDiagnosis } from '../api/contract';

export interface DiagnosisInput {
  /** The kubelet's message (Failed event or container waiting message). */
  message: string;
  image: string;
  host: string;
  repository: string;
  tag: string | null;
  matchingSecrets: string[];
}

export function diagnosePull(input: DiagnosisInput): PullDiagnosis {
  const { message, host, matchingSecrets } = input;
  const base = { host, secrets: matchingSecrets };
  const secretWords = matchingSecrets.map((name) => `"${name}"`).join(', ');
  if (
    /\b(not found|manifest unknown|NotFound)\b/i.test(message) &&
    !/no such host/i.test(message)
  ) {
    return {
      ...base,
      kind: 'not-found',
      message: `${input.tag ? `tag ${input.tag}` : 'the image'} not found in ${host}/${input.repository}`,
    };
  }
  if (
    /dial tcp|connection refused|no such host|i\/o timeout|network is unreachable|TLS handshake|x509:|tls: failed/i.test(
      message,
    )
  ) {
    return {
      ...base,
      kind: 'unreachable',
      message: `the cluster cannot reach ${host} (${message.match(/dial tcp[^:]*: [^"]+|no such host|x509: [^"]+|i\/o timeout|connection refused/i)?.[0] ?? 'network error'})`,
    };
  }
  if (/insufficient_scope|pull access denied|403 Forbidden|denied:/i.test(message)) {
    return matchingSecrets.length
      ? {
          ...base,
          kind: 'access-denied',
          message: `the credentials in secret ${secretWords} may not pull ${input.repository} from ${host}`,
        }
      : {
          ...base,
          kind: 'no-credentials',
          message: `no credentials for ${host}: the registry refuses anonymous pulls of ${input.repository}`,
        };
  }
  if (/401 Unauthorized|unauthorized|authentication required|failed to authorize/i.test(message)) {
    return matchingSecrets.length
      ? {
          ...base,
          kind: 'credentials-rejected',
          message: `the registry rejected the credentials in secret ${secretWords} for ${host}`,
        }
      : {
          ...base,
          kind: 'no-credentials',
          message: `no credentials for ${host}: no pull secret of the pod matches this registry`,
        };
  }
  return { ...base, kind: 'unknown', message };
}

/**
 * When the kubelet retries next: it doubles its back-off each failure (10 s to 300 s by
 * default), so the next wait is twice the last observed gap, or the default first step.
 */
export function nextRetryAt(
  failureTimes: number[],
  firstBackoffMs = 10_000,
  maxBackoffMs = 300_000,
): number | null {
  if (failureTimes.length === 0) return null;
  const sorted = [...failureTimes].sort((a, b) => a - b);
  const last = sorted.at(-1)!;
  const gap = sorted.length >= 2 ? last - sorted.at(-2)! : firstBackoffMs / 2;
  return last + Math.min(Math.max(gap * 2, 1_000), maxBackoffMs);
}
