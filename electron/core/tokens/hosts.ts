/**
 * Pure and Node-free (the renderer uses it too): which cloud registry a host is — Amazon ECR
 * (`<account>.dkr.ecr.<region>.amazonaws.com[.cn]`, ECR Public `public.ecr.aws`), Google Artifact
 * Registry / GCR (`*-docker.pkg.dev`, `gcr.io`, `*.gcr.io`), Azure ACR (`*.azurecr.io`) — and an
 * ECR host's region.
 */

const ECR_HOST = /^[0-9]{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const GOOGLE_HOST = /^([a-z0-9-]+-docker\.pkg\.dev|gcr\.io|[a-z0-9-]+\.gcr\.io)$/;
const ACR_HOST = /^[a-z0-9-]+\.azurecr\.io$/;

/** The host of a canonical registry key (no scheme, no path, no port, lower case). */
export const hostOf = (registry: string) =>
  registry
    .replace(/^https?:\/\//i, '')
    .split('/')[0]!
    .replace(/:\d+$/, '')
    .toLowerCase();

export function registryKind(registry: string): 'ecr' | 'gcr' | 'acr' | null {
  const host = hostOf(registry);
  if (ECR_HOST.test(host) || host === 'public.ecr.aws') return 'ecr';
  if (GOOGLE_HOST.test(host)) return 'gcr';
  if (ACR_HOST.test(host)) return 'acr';
  return null;
}

/** The AWS region of an ECR host ("eu-west-1"), or ''. */
export function ecrRegion(registry: string): string {
  return /\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(hostOf(registry))?.[1] ?? '';
}
