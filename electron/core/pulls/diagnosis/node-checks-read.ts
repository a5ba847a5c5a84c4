/**
 * The laptop-side checks behind diagnoses 5–8, run when a detail opens: the image's platforms
 * against the nodes', the registry's rate-limit headers (a manifest HEAD, which Docker Hub does not
 * count), containerd's hosts.toml for node TLS trouble, and whether this computer reaches a
 * registry the node cannot. Every check is best effort: a failure becomes words, never an error.
 */
import type { V1Node } from '@kubernetes/client-node';
import type { PullFailure, PullNetworkEvidence } from '../../api/contract';
import { isAppError } from '../../api/errors';
import { createRegistryClient, type RegistryTarget } from '../../oci/client';
import { missingPlatforms } from '../../oci/platforms';
import { parseImageReference, type ImageReference } from '../../oci/reference';
import { nodeTlsProblem } from '../../diagnosis/pull-failure';
import { nodePlatforms } from '../../image-access/platform-check';
import {
  hostsToml,
  nodeNetworkFailure,
  rateLimitSummary,
  reachabilityVerdict,
} from './node-checks';

export type RegistryTls = (host: string) => Promise<Omit<RegistryTarget, 'host'>>;

export interface EvidenceInput {
  failure: PullFailure;
  /** The cluster's nodes (all when readable, else the pod's own). */
  nodes: () => Promise<V1Node[]>;
  tls: RegistryTls;
  timeoutMs?: number;
}

const NETWORK_KINDS = new Set(['platform-mismatch', 'rate-limited', 'node-tls', 'unreachable']);

export async function networkEvidence(input: EvidenceInput): Promise<PullNetworkEvidence | null> {
  const { diagnosis } = input.failure;
  if (!NETWORK_KINDS.has(diagnosis.kind)) return null;
  const container =
    input.failure.containers.find((item) => item.image.startsWith(`${diagnosis.host}/`)) ??
    input.failure.containers[0];
  if (!container) return null;
  let reference: ImageReference;
  try {
    reference = parseImageReference(container.image);
  } catch {
    return null;
  }
  const host = reference.registry;
  const target = reference.digest ?? reference.tag ?? 'latest';
  const client = async () =>
    createRegistryClient({ host, ...(await input.tls(host)), timeoutMs: input.timeoutMs ?? 5_000 });
  const evidence: PullNetworkEvidence = { host };

  if (diagnosis.kind === 'platform-mismatch') {
    const [image, nodes] = await Promise.all([
      client()
        .then((registry) => registry.platforms(reference.repository, target, null))
        .catch(() => null),
      input.nodes().catch(() => [] as V1Node[]),
    ]);
    const nodeList = nodePlatforms(nodes);
    evidence.platforms = {
      image,
      nodes: nodeList,
      missing: image ? missingPlatforms(image, nodeList) : [],
    };
  } else if (diagnosis.kind === 'rate-limited') {
    let limits: { limit: string | null; remaining: string | null } | undefined;
    try {
      limits = (await (await client()).manifest(reference.repository, target, null)).rateLimit;
    } catch (error) {
      const details = isAppError(error)
        ? (error.details as { rateLimit?: typeof limits } | undefined)
        : undefined;
      limits = details?.rateLimit;
    }
    evidence.rateLimit = {
      limit: limits?.limit ?? null,
      remaining: limits?.remaining ?? null,
      summary: rateLimitSummary(limits?.limit ?? null, limits?.remaining ?? null),
    };
  } else if (diagnosis.kind === 'node-tls') {
    const problem = nodeTlsProblem(container.message);
    if (problem) evidence.hostsToml = hostsToml(host, problem);
  } else {
    const node = nodeNetworkFailure(container.message) ?? 'the node cannot reach it';
    let laptop: { ok: true } | { ok: false; reason: string };
    try {
      await (await client()).verifyLogin(null);
      laptop = { ok: true };
    } catch (error) {
      // An answer (401, denied) means the registry is reachable from here.
      laptop =
        isAppError(error) &&
        !['REGISTRY_UNREACHABLE', 'REGISTRY_TLS', 'REGISTRY_ERROR'].includes(error.code)
          ? { ok: true }
          : { ok: false, reason: (error as Error).message };
    }
    evidence.reachability = {
      node,
      laptop: laptop.ok ? 'reachable from this computer' : laptop.reason,
      verdict: reachabilityVerdict(host, node, laptop),
    };
  }
  return evidence;
}
