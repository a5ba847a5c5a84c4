/**
 * Pure: the platforms an image offers (its index) against the platforms of the nodes, matched
 * the way containerd's CRI matches a node's default platform.
 */

export interface OciPlatform {
  os?: string | undefined;
  architecture?: string | undefined;
  variant?: string | undefined;
}

const indexTypes = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/** "os/arch" or "os/arch/variant". */
export function platformName(platform: OciPlatform): string {
  return [platform.os ?? 'unknown', platform.architecture ?? 'unknown', platform.variant]
    .filter(Boolean)
    .join('/');
}

/**
 * The platforms listed by a manifest answer, or null for a single-platform manifest (its
 * platform is in its config blob). Attestation entries ("unknown/unknown") are not platforms.
 */
export function indexPlatforms(body: string, mediaType: string | null): string[] | null {
  let parsed: { mediaType?: string; manifests?: Array<{ platform?: OciPlatform }> };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return null;
  }
  const type = (mediaType ?? '').split(';')[0]!.trim() || parsed.mediaType || '';
  if (!indexTypes.has(type) && !Array.isArray(parsed.manifests)) return null;
  const names = (parsed.manifests ?? [])
    .map((entry) => entry.platform)
    .filter((platform): platform is OciPlatform => !!platform && platform.os !== 'unknown')
    .map(platformName);
  return [...new Set(names)].sort();
}

/**
 * Whether an image platform runs on a node platform: same OS and architecture; variants are not
 * compared (containerd's default matcher prefers one but accepts others), and an arm64 node also
 * runs 32-bit arm images (containerd's platforms.Only for arm64).
 */
export function runsOn(image: string, node: string): boolean {
  const [imageOs, imageArch] = image.split('/');
  const [nodeOs, nodeArch] = node.split('/');
  if (imageOs !== nodeOs) return false;
  return imageArch === nodeArch || (nodeArch === 'arm64' && imageArch === 'arm');
}

/** The node platforms no image platform runs on. */
export function missingPlatforms(imagePlatforms: string[], nodePlatforms: string[]): string[] {
  return nodePlatforms.filter((node) => !imagePlatforms.some((image) => runsOn(image, node)));
}
