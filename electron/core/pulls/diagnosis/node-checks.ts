/**
 * Pure: the evidence of the node-side diagnoses — platforms of the nodes, Docker Hub style
 * rate-limit headers, containerd's hosts.toml for a registry the node cannot talk TLS to, and
 * which side (node or this computer) cannot reach a registry.
 */
import type { PullNetworkEvidence } from '../../api/contract';
import type { NodeTlsProblem } from '../../diagnosis/pull-failure';

/** "0;w=21600" → { count: 0, windowSeconds: 21600 } (the RateLimit header draft Docker Hub uses). */
function parseQuota(value: string | null): { count: number; windowSeconds: number | null } | null {
  const match = value ? /^\s*(\d+)\s*(?:;\s*w=(\d+))?/.exec(value) : null;
  if (!match) return null;
  return { count: Number(match[1]), windowSeconds: match[2] ? Number(match[2]) : null };
}

function windowWords(seconds: number | null): string {
  if (!seconds) return '';
  return seconds % 3600 === 0 ? ` per ${seconds / 3600} h` : ` per ${seconds} s`;
}

/** Plain words for the `ratelimit-limit` / `ratelimit-remaining` headers of a manifest HEAD. */
export function rateLimitSummary(limit: string | null, remaining: string | null): string {
  const left = parseQuota(remaining);
  const max = parseQuota(limit);
  if (!left && !max) return 'the registry does not report its limit';
  if (!left) return `limit ${max!.count} pulls${windowWords(max!.windowSeconds)}`;
  const of = max ? ` of ${max.count}` : '';
  return `${left.count}${of} pulls left${windowWords(left.windowSeconds ?? max?.windowSeconds ?? null)} for the address and account that asked`;
}

/** containerd's registry directory name and server URL for an image host. */
function containerdHost(host: string): { dir: string; server: string } {
  if (host === 'docker.io' || host === 'index.docker.io' || host === 'registry-1.docker.io')
    return { dir: 'docker.io', server: 'https://registry-1.docker.io' };
  return { dir: host, server: `https://${host}` };
}

/**
 * The `/etc/containerd/certs.d/<host>/hosts.toml` that makes every node pull from `host` (containerd
 * docs/hosts.md): the registry's CA for an unknown authority, plain http for an http-only registry.
 */
export function hostsToml(
  host: string,
  problem: NodeTlsProblem,
): { path: string; content: string; note: string } {
  const { dir, server } = containerdHost(host);
  const path = `/etc/containerd/certs.d/${dir}/hosts.toml`;
  if (problem === 'plain-http') {
    const plain = server.replace(/^https:/, 'http:');
    return {
      path,
      content: `server = "${plain}"\n\n[host."${plain}"]\n  capabilities = ["pull", "resolve"]\n`,
      note: `The registry speaks plain http and the nodes try https. On every node, write this file (containerd 2.x reads /etc/containerd/certs.d by default; containerd 1.x needs config_path = "/etc/containerd/certs.d" in the CRI registry section). Better: serve the registry over TLS.`,
    };
  }
  if (problem === 'tls-other')
    return {
      path,
      content: `server = "${server}"\n\n[host."${server}"]\n  capabilities = ["pull", "resolve"]\n  skip_verify = true\n`,
      note: `The certificate of ${host} is not valid for the nodes (wrong name or expired). Fix the certificate; until then, this file on every node turns the check off for this registry only.`,
    };
  const ca = `/etc/containerd/certs.d/${dir}/ca.crt`;
  return {
    path,
    content: `server = "${server}"\n\n[host."${server}"]\n  capabilities = ["pull", "resolve"]\n  ca = "${ca}"\n`,
    note: `The nodes do not trust the certificate of ${host}. On every node, put the registry's CA certificate (PEM) at ${ca} and write this file (containerd 2.x reads /etc/containerd/certs.d by default; containerd 1.x needs config_path set). skip_verify = true instead of ca also works but turns off the check.`,
  };
}

/** The node's side of a network failure, from the kubelet's message. */
export function nodeNetworkFailure(message: string): string | null {
  const dns = /lookup ([^\s:]+)(?: on [^:]+:\d+)?: no such host/.exec(message);
  if (dns) return `the node's DNS does not resolve ${dns[1]}`;
  if (/connection refused/i.test(message)) return 'the node is refused (connection refused)';
  if (/i\/o timeout|context deadline exceeded|Client\.Timeout/i.test(message))
    return 'the node gets no answer (timeout)';
  if (/network is unreachable|no route to host/i.test(message))
    return 'the node has no route to the registry';
  return null;
}

/** Which side fails: the node (kubelet's message) and this computer (checked now). */
export function reachabilityVerdict(
  host: string,
  node: string,
  laptop: { ok: true } | { ok: false; reason: string },
): string {
  if (laptop.ok)
    return `${host} answers from this computer but not from the cluster's node (${node}): fix the node's DNS, firewall or proxy; nothing is wrong with the image or its credentials`;
  return `${host} fails from both sides: the node (${node}) and this computer (${laptop.reason}); check the registry's name and that it is up`;
}

/** The "Copy diagnostics" section for the laptop-side evidence (no credential in it). */
export function networkReport(evidence: PullNetworkEvidence): string {
  const lines = ['', `## Checked from this computer (${evidence.host})`, ''];
  const { platforms, rateLimit, hostsToml: toml, reachability } = evidence;
  if (platforms)
    lines.push(
      `- Image platforms: ${platforms.image?.join(', ') ?? 'not readable'}`,
      `- Node platforms: ${platforms.nodes.join(', ') || 'unknown'}`,
      `- Nodes without a matching image: ${platforms.missing.join(', ') || 'none'}`,
    );
  if (rateLimit)
    lines.push(
      `- Rate limit: ${rateLimit.summary} (ratelimit-limit: ${rateLimit.limit ?? '-'}, ratelimit-remaining: ${rateLimit.remaining ?? '-'})`,
    );
  if (toml)
    lines.push(
      `- ${toml.note}`,
      '',
      `\`${toml.path}\`:`,
      '',
      '```toml',
      toml.content.trimEnd(),
      '```',
    );
  if (reachability)
    lines.push(
      `- Node: ${reachability.node}`,
      `- This computer: ${reachability.laptop}`,
      `- ${reachability.verdict}`,
    );
  return lines.join('\n') + '\n';
}
