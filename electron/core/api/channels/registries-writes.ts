/**
 * Contract, registries domain (writes): create, edit, delete, sync and rotate, each reported per
 * namespace with progress events, their "Retry failed" (answered from the input the main process
 * kept, so the renderer never keeps a password) and Cancel.
 */
import { z } from 'zod';
import { configKey, loginInput, registryHost, registryScope, registryTls } from './registries';
import type { PreviewedFanOut } from './writes';
import {
  channel,
  contextName,
  dns1123Label,
  dns1123Subdomain,
  objectVersion,
  operationId,
  projectKind,
  recordKey,
  resourceVersion,
  secretRef,
} from './shared';

/** A copy as the user saw it: written or deleted only if still this uid and resourceVersion. */
const versionedCopy = secretRef.extend(objectVersion.shape).strict();

export type WriteOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'deleted'
  | 'clash'
  | 'conflict'
  | 'forbidden'
  | 'not-found'
  | 'failed'
  /** The write was cancelled before this target started: nothing was written there. */
  | 'cancelled';

export interface WriteResult {
  context: string;
  namespace: string;
  name: string;
  outcome: WriteOutcome;
  message?: string;
}

export interface WriteReport {
  operationId: string;
  results: WriteResult[];
  /** Things the user should know that did not stop the write (e.g. keychain unavailable). */
  warnings: string[];
}

/**
 * What create, edit, delete and sync answer: the report (per-namespace outcomes, warnings) and
 * the same write as one previewed write across namespaces (`targets`, in the order of
 * `results`). With `dryRun` nothing is written: a server-side dry run per namespace says what
 * would change there (outcome "created", "updated" or "deleted": would be) and the version read;
 * the write says what was written and the version written.
 */
export interface RegistryFanOut extends WriteReport, PreviewedFanOut {
  /** Dry run of a create or edit: the secret as it would be written (its first namespace). */
  secret?: SecretLook | undefined;
}

/** A registry secret as a reader sees it (as in the detail): config masked, kubectl command. */
export interface SecretLook {
  namespace: string;
  name: string;
  maskedConfig: string;
  /** `kubectl create secret docker-registry …` with the password as a placeholder. */
  kubectlCommand: string;
}

/** Dry run: each namespace is checked by the API server and nothing is written or kept. */
const dryRun = z.boolean().optional();

export interface RotateTarget {
  context: string;
  namespace: string;
  name: string;
  key: string;
  /** The version the scan saw: a secret changed since is not written. */
  resourceVersion: string;
}

/** A copy an engine keeps whose source a rotate changes instead: it follows, never written. */
export interface RotateFollower {
  context: string;
  namespace: string;
  name: string;
  engineName: string;
  source: { namespace: string; name: string };
}

export const registryWriteChannels = {
  /** Creates the secret in the namespace or every namespace of the project; progress events. */
  'registries:create': channel<RegistryFanOut>()(
    z
      .object({
        context: contextName,
        operationId,
        name: dns1123Subdomain,
        scope: registryScope,
        host: registryHost,
        ...loginInput,
        ...registryTls,
        /** Skip the registry check (only when the user chose "Save without verifying"). */
        skipVerify: z.boolean().optional(),
        /** Retry: only these namespaces. */
        onlyNamespaces: z.array(dns1123Label).max(1000).optional(),
        dryRun,
      })
      .strict(),
  ),
  /**
   * "Retry failed" of a create: the main process kept the operation's input (password included)
   * in memory for a bounded time, so the renderer never keeps the password.
   */
  'registries:retry': channel<WriteReport>()(
    z
      .object({
        operationId,
        /** The id of the new operation (its progress events). */
        retryId: operationId,
        namespaces: z.array(dns1123Label).min(1).max(1000),
      })
      .strict(),
  ),
  /**
   * Cancels a running create, edit, delete, sync or rotate: no new namespace starts (reported
   * "cancelled"); those under way finish, so no secret is left half-written. Also an Import from
   * Docker: no further login is stored. A cancel for a finished operation changes nothing.
   */
  'registries:cancel': channel<{ cancelled: boolean }>()(z.object({ operationId }).strict()),
  /** Merges one entry into every listed copy, with their resourceVersions (conflicts reported). */
  'registries:edit': channel<RegistryFanOut>()(
    z
      .object({
        context: contextName,
        operationId,
        copies: z.array(secretRef.extend({ resourceVersion }).strict()).min(1).max(2000),
        /** The entry being edited (its key); omitted to add a new registry to the secret. */
        entryKey: configKey.optional(),
        host: registryHost,
        ...loginInput,
        ...registryTls,
        skipVerify: z.boolean().optional(),
        dryRun,
      })
      .strict(),
  ),
  /** Deletes dockerconfigjson secrets only, with preconditions { uid, resourceVersion } seen. */
  'registries:delete': channel<RegistryFanOut>()(
    z
      .object({
        context: contextName,
        operationId,
        copies: z.array(versionedCopy).min(1).max(2000),
        dryRun,
      })
      .strict(),
  ),
  /** Creates missing copies, updates stale ones and deletes orphaned ones of a project registry. */
  'registries:sync': channel<RegistryFanOut>()(
    z
      .object({
        context: contextName,
        operationId,
        name: dns1123Subdomain,
        project: recordKey(63).min(1),
        projectKind,
        /** Namespaces that joined the project since the last sync, confirmed by the user. */
        confirmJoined: z.array(dns1123Label).max(1000).optional(),
        /** The copy to copy from (default: the most recently written one). */
        source: z.object({ namespace: dns1123Label, resourceVersion }).strict().optional(),
        /** The copies as the user saw them: only these are updated or deleted. */
        copies: z.array(versionedCopy).max(2000).optional(),
        dryRun,
      })
      .strict(),
  ),
  /** Every secret holding host + username, across the chosen contexts. */
  'registries:rotate-scan': channel<{
    targets: RotateTarget[];
    errors: WriteResult[];
    /** Copies engines keep whose source is a target: they follow it (grouped by source). */
    follows?: RotateFollower[];
  }>()(
    z
      .object({
        host: registryHost,
        username: z.string().min(1).max(256),
        contexts: z.array(contextName).min(1).max(100),
      })
      .strict(),
  ),
  'registries:rotate': channel<WriteReport>()(
    z
      .object({
        operationId,
        host: registryHost,
        username: z.string().min(1).max(256),
        password: z.string().min(1).max(16_384),
        targets: z
          .array(
            z
              .object({
                context: contextName,
                namespace: dns1123Label,
                name: dns1123Subdomain,
                key: configKey,
                resourceVersion,
              })
              .strict(),
          )
          .min(1)
          .max(5000),
      })
      .strict(),
  ),
  /**
   * "Retry failed" of a rotate: the main process kept the operation's input (new password
   * included) in memory for a bounded time, so the renderer never keeps the password. The named
   * secrets the operation targeted are scanned again and written where they still hold the login.
   */
  'registries:rotate-retry': channel<WriteReport>()(
    z
      .object({
        operationId,
        /** The id of the new operation (its progress events). */
        retryId: operationId,
        secrets: z
          .array(z.object({ context: contextName, ...secretRef.shape }).strict())
          .min(1)
          .max(5000),
      })
      .strict(),
  ),
} as const;

export interface RegistryWriteEvents {
  /** One namespace done of a long write (create, edit, delete, sync, rotate). */
  'registries:progress': { operationId: string; result: WriteResult; done: number; total: number };
}
