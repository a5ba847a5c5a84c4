/**
 * Pure: the deploy preflight's platform finding — does the image offer a variant for the nodes
 * the new workload can land on (schedulable, no NoSchedule/NoExecute taint: the deploy form adds
 * no tolerations)? Said only when something is wrong: a fit is no news.
 */
import type { V1Node } from '@kubernetes/client-node';
import type { PreflightCheck } from '../api/contract';
import { missingPlatforms } from '../oci/platforms';

/** "os/arch" of each node (its kubernetes.io labels, else its nodeInfo), sorted, unique. */
export function nodePlatforms(nodes: V1Node[]): string[] {
  const names = nodes.map((node) => {
    const labels = node.metadata?.labels ?? {};
    const os = labels['kubernetes.io/os'] ?? node.status?.nodeInfo?.operatingSystem ?? 'linux';
    const arch = labels['kubernetes.io/arch'] ?? node.status?.nodeInfo?.architecture ?? 'unknown';
    return `${os}/${arch}`;
  });
  return [...new Set(names)].sort();
}

export function schedulableNodes(nodes: V1Node[]): V1Node[] {
  return nodes.filter(
    (node) =>
      !node.spec?.unschedulable &&
      !(node.spec?.taints ?? []).some(
        (taint) => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute',
      ),
  );
}

export function platformFinding(
  image: string,
  imagePlatforms: string[] | null,
  nodes: V1Node[],
): PreflightCheck | null {
  const targets = nodePlatforms(schedulableNodes(nodes));
  if (!imagePlatforms?.length || targets.length === 0) return null;
  const missing = missingPlatforms(imagePlatforms, targets);
  if (missing.length === 0) return null;
  const offers = `${image} offers ${imagePlatforms.join(', ')}`;
  if (missing.length === targets.length)
    return {
      id: 'platform',
      status: 'fail',
      message: `no node can run it: ${offers}; the nodes are ${targets.join(', ')} (the kubelet will report "no match for platform in manifest")`,
    };
  return {
    id: 'platform',
    status: 'warn',
    message: `${offers}, nothing for ${missing.join(', ')}: a pod scheduled on such a node fails with "no match for platform in manifest"`,
  };
}
