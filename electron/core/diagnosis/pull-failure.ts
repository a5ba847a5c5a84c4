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
  /** The pod's pull secrets the kubelet cannot decode (dockerconfig/kubelet-config), with why. */
  rejectedSecrets?: Array<{ secret: string; reason: string }> | undefined;
  /** Matching secrets whose `auth` holds other credentials than their username/password. */
  staleAuthSecrets?: string[] | undefined;
}

/**
 * The texts of the errors the kubelet's pull-secret decoding returns (Go's encoding/json and
 * encoding/base64, credentialprovider's auth check). The kubelet then shows the error text
 * itself as the container's waiting reason (not ErrImagePull) and pulls nothing.
 */
export const KUBELET_SECRET_ERROR =
  /illegal base64 data at input byte|unable to parse auth field|json: cannot unmarshal|looking for beginning of|unexpected end of JSON input|after top-level value|after object key|in string literal|in string escape code|after array element|in numeric literal|in literal (true|false|null)|exceeded max depth/;

export type NodeTlsProblem = 'untrusted-ca' | 'plain-http' | 'tls-other';

/** Which TLS trouble the kubelet's (containerd's) message shows, if any. */
export function nodeTlsProblem(message: string): NodeTlsProblem | null {
  if (/server gave HTTP response to HTTPS client/i.test(message)) return 'plain-http';
  if (/x509: certificate signed by unknown authority|certificate is not trusted/i.test(message))
    return 'untrusted-ca';
  if (/tls: |x509:/i.test(message)) return 'tls-other';
  return null;
}

export function diagnosePull(input: DiagnosisInput): PullDiagnosis {
  const { message, host, matchingSecrets } = input;
  const base = { host, secrets: matchingSecrets };
  const secretWords = matchingSecrets.map((name) => `"${name}"`).join(', ');
  const rejected = input.rejectedSecrets ?? [];
  if (rejected.length > 0) {
    return {
      host,
      secrets: rejected.map((item) => item.secret),
      kind: 'secret-rejected',
      message: `${rejected.map((item) => `the kubelet rejects secret "${item.secret}": ${item.reason}`).join('; ')}. No image of this pod can be pulled until the secret is fixed or removed from its imagePullSecrets`,
    };
  }
  if (
    KUBELET_SECRET_ERROR.test(message) &&
    // The same Go texts appear in pull errors (a registry answering HTML instead of JSON).
    !/Failed to pull image|rpc error|failed to (pull|resolve|fetch|authorize|do request)/i.test(
      message,
    )
  ) {
    // Never repeat the text: Go's JSON errors quote the secret's bytes.
    return {
      ...base,
      kind: 'secret-rejected',
      message: `the kubelet cannot decode one of the pod's pull secrets, so it pulls nothing: fix the secret or remove it from the pod's imagePullSecrets`,
    };
  }
  const node = nodeSideDiagnosis(input);
  if (node) return node;
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
      message: `the cluster cannot reach ${host} (${message.match(/lookup [^\s:]+(?: on [^:]+:\d+)?: no such host/)?.[0] ?? message.match(/dial tcp[^:]*: [^"]+|no such host|x509: [^"]+|i\/o timeout|connection refused/i)?.[0] ?? 'network error'})`,
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
          message: `the registry rejected the credentials in secret ${secretWords} for ${host}${staleNote(input.staleAuthSecrets)}`,
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
 * Failures on the node's side that no secret causes: the image has no variant for the node's
 * platform, the registry's rate limit, TLS the node does not accept (containerd's wording).
 */
function nodeSideDiagnosis(input: DiagnosisInput): PullDiagnosis | null {
  const { message, host, matchingSecrets } = input;
  const base = { host, secrets: matchingSecrets };
  // containerd: "no match for platform in manifest: not found" (code NotFound)
  if (/no match for platform in manifest/i.test(message))
    return {
      ...base,
      kind: 'platform-mismatch',
      message: `${host}/${input.repository}${input.tag ? `:${input.tag}` : ''} has no variant for the node's platform (OS/architecture): build or pick an image for it, or keep the pod off that node`,
    };
  // containerd's fetcher: "unexpected status code <url>: 429 Too Many Requests - Server message: toomanyrequests: …"
  if (/\b429 Too Many Requests\b|toomanyrequests/i.test(message))
    return {
      ...base,
      kind: 'rate-limited',
      message: `${host} refuses more pulls for now: its rate limit is reached (429 toomanyrequests)${matchingSecrets.length ? '' : '; pulls with credentials get a higher limit'}`,
    };
  const tls = nodeTlsProblem(message);
  if (tls === 'plain-http')
    return {
      ...base,
      kind: 'node-tls',
      message: `${host} answers in plain http but the cluster's node uses https (http: server gave HTTP response to HTTPS client): PullKey cannot change the node's container runtime; configure it for this registry`,
    };
  if (tls === 'untrusted-ca')
    return {
      ...base,
      kind: 'node-tls',
      message: `the cluster's node does not trust the TLS certificate of ${host} (x509: certificate signed by unknown authority): PullKey cannot change the node; give its container runtime the registry's CA`,
    };
  if (tls === 'tls-other')
    return {
      ...base,
      kind: 'node-tls',
      message: `the cluster's node rejects the TLS certificate of ${host} (${message.match(/x509: [^"]+|tls: [^"]+/)?.[0] ?? 'TLS error'}): PullKey cannot change the node; fix the registry's certificate`,
    };
  return null;
}

function staleNote(stale: string[] | undefined): string {
  if (!stale?.length) return '';
  return ` (the "auth" field of ${stale.map((name) => `"${name}"`).join(', ')} holds other credentials than its username/password, and the kubelet uses "auth")`;
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
