/**
 * Pure: what the Pull doctor says of a pod's pull secret an engine keeps. Its evidence line names
 * the engine and source; its note says where to change the credential instead (PullKey never
 * rewrites or edits the copy). Never quotes the secret's data.
 */
import type { EngineOwner } from '../api/contract';

export function ownedSecretEvidence(secret: string, owner: EngineOwner): string {
  return `${secret} is kept by ${owner.engineName} (${owner.source}): fix the source, not the copy.`;
}

export function ownedSecretNote(secret: string, owner: EngineOwner): string {
  const where = owner.sourceSecret
    ? `the source secret ${owner.sourceSecret.namespace}/${owner.sourceSecret.name}`
    : owner.source;
  return `PullKey does not rewrite or edit ${secret}: change its credentials at ${where} (${owner.engineName}). ${owner.revert}`;
}
