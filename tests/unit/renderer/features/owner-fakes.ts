/** An engine owner as core answers it, for the renderer tests of owned copies. */
import type { EngineOwner } from '@core/api/contract';

/** External Secrets keeps the copy from ExternalSecret team1/pull; `revert` says how it writes back. */
export const esoOwner = (revert: string): EngineOwner => ({
  engine: 'external-secrets',
  engineName: 'External Secrets',
  source: 'ExternalSecret team1/pull',
  sourceSecret: null,
  sourceWritable: false,
  badge: 'Kept by External Secrets (ExternalSecret team1/pull)',
  revert,
});
