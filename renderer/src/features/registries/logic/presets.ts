/** Registry presets of the create form; `host` with <placeholders> must be completed. */
export interface RegistryPreset {
  id: string;
  label: string;
  host: string;
  note?: string;
}

export const registryPresets: RegistryPreset[] = [
  {
    id: 'dockerhub',
    label: 'Docker Hub',
    host: 'docker.io',
    note: 'Written as https://index.docker.io/v1/, like kubectl.',
  },
  { id: 'quay', label: 'Quay.io', host: 'quay.io' },
  {
    id: 'ghcr',
    label: 'GitHub (ghcr.io)',
    host: 'ghcr.io',
    note: 'Use a personal access token with read:packages as the password.',
  },
  {
    id: 'gitlab',
    label: 'GitLab',
    host: 'registry.gitlab.com',
    note: 'Use a deploy token or a personal access token.',
  },
  {
    id: 'gar',
    label: 'Google Artifact Registry',
    host: '<region>-docker.pkg.dev',
    note: 'Replace <region>, e.g. europe-west1-docker.pkg.dev; user _json_key with a key file, or oauth2accesstoken.',
  },
  {
    id: 'ecr',
    label: 'Amazon ECR',
    host: '<account>.dkr.ecr.<region>.amazonaws.com',
    note: 'ECR tokens expire after 12 hours: rotate the password or use a credential helper on the nodes.',
  },
  { id: 'acr', label: 'Azure Container Registry', host: '<name>.azurecr.io' },
  { id: 'artifactory', label: 'Artifactory', host: '<name>.jfrog.io' },
  { id: 'custom', label: 'Custom host[:port]', host: '' },
];

export function hasPlaceholder(host: string): boolean {
  return /<[^>]+>/.test(host);
}
