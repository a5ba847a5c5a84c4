/**
 * Contract, registries domain ("Change the source instead", issue 20): for a copy an engine keeps,
 * where its source is, whether PullKey can write it (a Reflector or Kyverno source secret, the
 * source secret of a Kubernetes-provider ExternalSecret), and a previewed write of that source
 * only (dryRun → `PreviewedWrite`, the write at the version previewed). The copies follow through
 * their engine; PullKey never writes them.
 */
import { z } from 'zod';
import { configKey, loginInput, registryHost, registryTls } from './registries';
import { channel, contextName, resourceVersion, secretRef } from './shared';
import type { PreviewedWrite } from './writes';

/** A secret of the context, by namespace and name. */
export interface SecretName {
  namespace: string;
  name: string;
}

/** Where a copy's source is, and whether PullKey can change it (never a value). */
export interface CopySource {
  /** The Secret of this cluster PullKey can change instead of the copy; null: none. */
  secret: SecretName | null;
  /** Where the source is, in words: "Secret eso-src/registry (ExternalSecret team1/pull, …)". */
  where: string;
  /** Why PullKey cannot change it (null when `secret` is set). */
  why: string | null;
}

/** A copy whose engine brings it along from the source. */
export interface FollowingCopy extends SecretName {
  engineName: string;
}

export interface CopySourceAnswer extends CopySource {
  /** The copies in this context that follow the same source (this one included). */
  follows: FollowingCopy[];
}

export interface SourceChangeAnswer extends PreviewedWrite {
  /** The source secret written (or that would be). */
  source: SecretName;
  follows: FollowingCopy[];
}

export const registrySourceChannels = {
  /** Where the source of a copy an engine keeps is (reads the ExternalSecret and its store). */
  'registries:source': channel<CopySourceAnswer>()(
    z.object({ context: contextName, ...secretRef.shape }).strict(),
  ),
  /**
   * "Change the source instead": merges one login into the SOURCE of the copy `namespace/name`.
   * dryRun: the source, its masked config after the change, the copies that will follow and the
   * version read; the write is refused if the source changed since that version.
   */
  'registries:change-source': channel<SourceChangeAnswer>()(
    z
      .object({
        context: contextName,
        ...secretRef.shape,
        /** The entry being changed in the source (its key); omitted: the host's entry. */
        entryKey: configKey.optional(),
        host: registryHost,
        ...loginInput,
        ...registryTls,
        skipVerify: z.boolean().optional(),
        dryRun: z.boolean().optional(),
        /** The source's version the dry run read (required to write). */
        resourceVersion: resourceVersion.optional(),
      })
      .strict(),
  ),
} as const;
