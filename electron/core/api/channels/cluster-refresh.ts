/**
 * Contract, cluster refresh domain (issue 21, "Refresh in the cluster"): "Keep fresh in the
 * cluster" writes an External Secrets Operator token generator and the ExternalSecret whose
 * template writes the project's source secret (previewed by a server-side dry run), and reads its
 * state back (Ready, last and next refresh, a failing generator's Events as a diagnosis).
 */
import { z } from 'zod';
import { channel, contextName, dns1123Label, dns1123Subdomain, resourceVersion } from './shared';
import { registryHost } from './registries';
import type { PreviewedWrite } from './writes';

export interface KeepFreshEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  at: string | null;
}

export type KeepFreshPhase = 'ready' | 'failing' | 'pending';

export interface KeepFreshState {
  phase: KeepFreshPhase;
  generator: { kind: string; name: string } | null;
  /** the source secret it writes */
  target: string | null;
  reason: string | null;
  message: string | null;
  refreshIntervalSeconds: number | null;
  /** last successful refresh (ESO's status.refreshTime) */
  refreshTime: string | null;
  /** refreshTime + interval while Ready; null when failing or never refreshed */
  nextRefresh: string | null;
  /** Warning events, newest first */
  events: KeepFreshEvent[];
  /** a Pull doctor sentence when the generator fails, else null */
  diagnosis: string | null;
}

const secretKey = z.object({ name: dns1123Subdomain, key: z.string().min(1).max(253) }).strict();
const serviceAccount = dns1123Subdomain;
const text = z.string().min(1).max(253);

const ecrSource = z
  .object({
    provider: z.literal('ecr'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region, e.g. eu-west-1'),
    role: text.optional(),
    auth: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('irsa'), serviceAccount }).strict(),
      z
        .object({
          kind: z.literal('access-key'),
          accessKeyId: secretKey,
          secretAccessKey: secretKey,
          sessionToken: secretKey.optional(),
        })
        .strict(),
    ]),
  })
  .strict();

const gcrSource = z
  .object({
    provider: z.literal('gcr'),
    projectId: text,
    auth: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('workload-identity'),
          serviceAccount,
          clusterLocation: text,
          clusterName: text,
          clusterProjectId: text.optional(),
        })
        .strict(),
      z.object({ kind: z.literal('service-account-key'), key: secretKey }).strict(),
    ]),
  })
  .strict();

const acrSource = z
  .object({
    provider: z.literal('acr'),
    registry: registryHost,
    tenantId: text.optional(),
    auth: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('workload-identity'), serviceAccount }).strict(),
      z.object({ kind: z.literal('managed-identity'), identityId: text.optional() }).strict(),
      z
        .object({
          kind: z.literal('service-principal'),
          clientId: secretKey,
          clientSecret: secretKey,
        })
        .strict(),
    ]),
  })
  .strict();

/** How the in-cluster generator authenticates to the cloud (not the laptop's refresh source). */
export const generatorAuth = z.discriminatedUnion('provider', [ecrSource, gcrSource, acrSource]);

/** The answer of "Keep fresh in the cluster": the two objects as previewed or written. */
export interface KeepFreshAnswer extends PreviewedWrite {
  generator: { kind: string; name: string };
  externalSecret: string;
  /** the source secret the ExternalSecret writes */
  source: string;
  refreshIntervalSeconds: number;
}

const onSource = z
  .object({ context: contextName, namespace: dns1123Label, source: dns1123Subdomain })
  .strict();

export const clusterRefreshChannels = {
  /**
   * Writes (server-side apply) the generator and the ExternalSecret that keeps `source` fresh.
   * dryRun: both objects through the API server's dry run (ESO's CRD validation), nothing written;
   * the write takes back the ExternalSecret's resourceVersion as read (null: it did not exist).
   */
  'cluster-refresh:keep-fresh': channel<KeepFreshAnswer>()(
    onSource
      .extend({
        registry: registryHost,
        tokenSource: generatorAuth,
        /** seconds; capped at half the token's life */
        refreshInterval: z.number().int().min(1).max(86_400).optional(),
        resourceVersion: resourceVersion.optional(),
        dryRun: z.boolean(),
      })
      .strict(),
  ),
  /** The ExternalSecret's state read back (`state: null`: PullKey keeps no token of `source` fresh). */
  'cluster-refresh:state': channel<{ state: KeepFreshState | null }>()(onSource),
} as const;
