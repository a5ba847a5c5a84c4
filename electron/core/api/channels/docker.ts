/** Contract, Docker logins: read ~/.docker/config.json (`docker:logins`) and import into the keychain. */
import { z } from 'zod';
import { channel, noInput, operationId, recordKey } from './shared';
import type { SavedLogin } from './vault';

/** A login of the Docker config, as docker:logins listed it (the host as the file spells it). */
const dockerLoginRef = z
  .object({ host: recordKey(300).min(1), username: z.string().max(256) })
  .strict();

export interface DockerLogin {
  host: string;
  username: string | null;
  source: 'auths' | 'credsStore' | 'credHelpers';
  helper: string | null;
  error: string | null;
}

/**
 * One login of an Import from Docker: `imported` (in the keychain now), `failed` (message says
 * why), or `cancelled` (the import was cancelled before it was stored: nothing stored for it).
 */
export interface DockerImportResult {
  /** The host as the Docker config spells it (as chosen in docker:logins). */
  host: string;
  username: string;
  outcome: 'imported' | 'failed' | 'cancelled';
  message?: string;
}

export interface DockerImportReport {
  operationId: string;
  /** One per chosen login, in the order chosen. */
  results: DockerImportResult[];
  /** The keychain's logins after the import. */
  logins: SavedLogin[];
}

/** Progress of an Import from Docker: a login starts (`result` null) or ends (its result). */
export interface DockerImportProgress {
  operationId: string;
  /** The login under way or just ended: its position (1-based) of `total`, and its host. */
  index: number;
  total: number;
  host: string;
  /** Logins ended so far. */
  done: number;
  result: DockerImportResult | null;
}

export const dockerChannels = {
  'docker:logins': channel<DockerLogin[]>()(noInput),
  /**
   * Imports chosen ~/.docker/config.json logins into the keychain (never writes the file), one
   * after the other, with docker:import-progress events; `registries:cancel` with its operationId
   * stops it before the next login is stored (each login's outcome is in the report).
   */
  'docker:import': channel<DockerImportReport>()(
    z
      .object({
        /** For progress events and Cancel (default: one made up by the back end). */
        operationId: operationId.optional(),
        // The host as ~/.docker/config.json spells it (docker:logins): bounded, no prototype name.
        logins: z.array(dockerLoginRef).min(1).max(200),
      })
      .strict(),
  ),
} as const;

export interface DockerEvents {
  /** A login of an Import from Docker starts or ends. */
  'docker:import-progress': DockerImportProgress;
}
