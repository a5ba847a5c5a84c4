/**
 * Pure, read-only hints: node or workload identity that may give the kubelet credentials without
 * any pull secret (cloud credential providers), so PullKey never claims "no credentials" where
 * the node may have its own.
 */

/** The cloud registry a host belongs to, if any. */
export function cloudRegistryOf(host: string): 'ECR' | 'Artifact Registry' | 'ACR' | null {
  const lower = host.toLowerCase();
  if (/^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?(:\d+)?$/.test(lower))
    return 'ECR';
  if (/(^|\.)(gcr\.io|pkg\.dev)(:\d+)?$/.test(lower)) return 'Artifact Registry';
  if (/\.azurecr\.(io|cn|us)(:\d+)?$/.test(lower)) return 'ACR';
  return null;
}

/** The cloud of a node from `spec.providerID` (aws://, gce://, azure://…). */
export function cloudOfProviderId(providerId: string | undefined): string | null {
  const scheme = /^([a-z0-9-]+):\/\//i.exec(providerId ?? '')?.[1]?.toLowerCase();
  if (!scheme) return null;
  const names: Record<string, string> = {
    aws: 'AWS',
    gce: 'Google Cloud',
    azure: 'Azure',
    kind: 'kind',
    k3s: 'k3s',
  };
  return names[scheme] ?? scheme;
}

export const WORKLOAD_IDENTITY_ANNOTATIONS: Record<string, string> = {
  'eks.amazonaws.com/role-arn': 'EKS IAM role for service accounts',
  'azure.workload.identity/client-id': 'Azure workload identity',
  'iam.gke.io/gcp-service-account': 'GKE workload identity',
};

/** Hints, in words, for an image host, the nodes' providerIDs and the ServiceAccount's annotations. */
export function nodeIdentityHints(input: {
  hosts: string[];
  providerIds: Array<string | undefined>;
  serviceAccount: string;
  serviceAccountAnnotations: Record<string, string> | undefined;
}): string[] {
  const hints: string[] = [];
  const clouds = [...new Set(input.providerIds.map(cloudOfProviderId).filter(Boolean))];
  if (clouds.length)
    hints.push(
      `nodes run on ${clouds.join(', ')} (node.spec.providerID): a kubelet credential provider may supply registry credentials`,
    );
  for (const host of new Set(input.hosts)) {
    const cloud = cloudRegistryOf(host);
    if (cloud)
      hints.push(
        `${host} is ${cloud}: nodes with a matching cloud identity can pull from it without any pull secret`,
      );
  }
  for (const [key, what] of Object.entries(WORKLOAD_IDENTITY_ANNOTATIONS)) {
    const value = input.serviceAccountAnnotations?.[key];
    if (value) hints.push(`ServiceAccount ${input.serviceAccount} has ${key}=${value} (${what})`);
  }
  return hints;
}
