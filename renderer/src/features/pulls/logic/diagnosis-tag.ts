/**
 * Pure: the short tag the Pulls list puts before a diagnosis or a latent problem that needs its
 * own word — a failing in-cluster token generator (issue 21): its sentence follows in the row.
 */
import type { LatentPull, PullDiagnosis } from '@core/api/contract';

export interface DiagnosisTag {
  label: string;
  severity: 'warn' | 'danger';
  /** What the tag means, for a screen reader and the tooltip. */
  title: string;
}

const GENERATOR_TITLE =
  'The External Secrets token generator behind this pull secret cannot make a new token: the copy keeps its last token until it expires.';

/** The tag of a failing pull's diagnosis, or null (the sentence alone says it). */
export function failingTag(diagnosis: PullDiagnosis): DiagnosisTag | null {
  return diagnosis.kind === 'token-generator-failing'
    ? { label: 'token generator failing', severity: 'danger', title: GENERATOR_TITLE }
    : null;
}

/** The tag of a latent problem, or null. */
export function latentTag(item: Pick<LatentPull, 'failingGenerators'>): DiagnosisTag | null {
  return item.failingGenerators?.length
    ? { label: 'token generator failing', severity: 'warn', title: GENERATOR_TITLE }
    : null;
}
