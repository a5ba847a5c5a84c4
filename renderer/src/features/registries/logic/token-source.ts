/**
 * Pure: the refresh-source form of a registry — the choices (credential helpers found on PATH,
 * then the cloud CLIs), the form's fields from a kept source (or a suggestion from the host), and
 * the source the form describes (null while a required field is empty).
 */
import type { TokenSource } from '@core/api/contract';
import { ecrRegion } from '@core/tokens/hosts';

export interface SourceForm {
  /** "helper:<name>", "aws", "gcloud" or "az". */
  choice: string;
  region: string;
  profile: string;
  registryName: string;
}

export function sourceChoices(helpers: string[]): Array<{ value: string; label: string }> {
  return [
    ...helpers.map((helper) => ({
      value: `helper:${helper}`,
      label: `Docker credential helper docker-credential-${helper}`,
    })),
    { value: 'aws', label: 'AWS CLI (aws ecr get-login-password)' },
    { value: 'gcloud', label: 'Google Cloud CLI (gcloud auth print-access-token)' },
    { value: 'az', label: 'Azure CLI (az acr login --expose-token)' },
  ];
}

/** The form for a kept source, or PullKey's suggestion for the host. */
export function formFor(host: string, kept: TokenSource | null, helpers: string[]): SourceForm {
  const form: SourceForm = {
    choice: '',
    region: ecrRegion(host),
    profile: '',
    registryName: host.endsWith('.azurecr.io') ? host.split('.')[0]! : '',
  };
  if (kept) {
    if (kept.kind === 'helper') return { ...form, choice: `helper:${kept.helper}` };
    if (kept.kind === 'aws')
      return { ...form, choice: 'aws', region: kept.region, profile: kept.profile ?? '' };
    if (kept.kind === 'az') return { ...form, choice: 'az', registryName: kept.registryName };
    return { ...form, choice: 'gcloud' };
  }
  const helperFor = host.includes('.dkr.ecr.')
    ? 'ecr-login'
    : host.endsWith('.azurecr.io')
      ? 'acr-env'
      : /(^|\.)gcr\.io$|-docker\.pkg\.dev$/.test(host)
        ? 'gcloud'
        : null;
  if (helperFor && helpers.includes(helperFor)) return { ...form, choice: `helper:${helperFor}` };
  if (host.includes('.ecr.') || host === 'public.ecr.aws') return { ...form, choice: 'aws' };
  if (form.registryName) return { ...form, choice: 'az' };
  if (helperFor === 'gcloud') return { ...form, choice: 'gcloud' };
  return { ...form, choice: helpers[0] ? `helper:${helpers[0]}` : '' };
}

/** The source the form describes; null while a required field is empty. */
export function sourceOf(form: SourceForm): TokenSource | null {
  if (form.choice.startsWith('helper:')) return { kind: 'helper', helper: form.choice.slice(7) };
  if (form.choice === 'aws') {
    if (!form.region.trim()) return null;
    return {
      kind: 'aws',
      region: form.region.trim(),
      ...(form.profile.trim() ? { profile: form.profile.trim() } : {}),
    };
  }
  if (form.choice === 'gcloud') return { kind: 'gcloud' };
  if (form.choice === 'az')
    return form.registryName.trim() ? { kind: 'az', registryName: form.registryName.trim() } : null;
  return null;
}
