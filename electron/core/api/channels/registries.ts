/**
 * Contract, registries domain (reads): the registries of a context (dockerconfigjson secrets,
 * grouped), one copy's detail, an explicit reveal, the registry check, the TLS settings kept per
 * host, and the default ServiceAccount's imagePullSecrets. The writes are in `registries-writes.ts`.
 */
import { z } from 'zod';
import { caPem, type CaSummary } from '../pem';
import {
  channel,
  contextName,
  dns1123Label,
  dns1123Subdomain,
  noInput,
  projectKind,
  recordKey,
  resourceVersion,
  secretRef,
  type Freshness,
} from './shared';
import type { TokenView } from './tokens';
import type { PreviewedWrite } from './writes';

// ---------------------------------------------------------------------------------------------
// Inputs the registry channels share

export const registryHost = recordKey(300)
  .trim()
  .min(1, 'registry host is required')
  .regex(/^(https?:\/\/)?[A-Za-z0-9.\-[\]:*]+(\/[\w.\-/]*)?$/, 'expected host[:port][/path]');
export const registryTls = {
  /**
   * PEM certificates (the content, never a path) to verify a self-hosted registry; kept for
   * that host only, shown on the registry and removable (`registries:tls-forget`).
   */
  ca: caPem.optional(),
  /** Skip TLS verification for this one check: never persisted. */
  insecureSkipVerify: z.boolean().optional(),
};
export const registryScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('namespace'), namespace: dns1123Label }).strict(),
  z.object({ kind: z.literal('project'), project: recordKey(63).min(1), projectKind }).strict(),
]);
export const loginInput = {
  username: z.string().max(256).min(1, 'username is required'),
  /** Omitted: use the login saved in the keychain for host + username. */
  password: z.string().min(1).max(16_384).optional(),
  email: z.string().max(256).optional(),
};
/** A key of a docker config's `auths` map (e.g. https://index.docker.io/v1/). */
export const configKey = recordKey(300);

// ---------------------------------------------------------------------------------------------
// Outputs

export interface RegistryEntryView {
  /** The key as written in .dockerconfigjson, e.g. https://index.docker.io/v1/. */
  key: string;
  /** Canonical registry (Docker Hub spellings folded to docker.io). */
  registry: string;
  username: string;
  email: string | null;
  hasPassword: boolean;
  /** The entry's `auth` holds other credentials than its username/password fields: the kubelet
   * uses the ones in `auth` (shown in `username`). */
  staleAuth: boolean;
  /** A short-lived token (ECR, Artifact Registry, ACR, a JWT) and its expiry; never its value. */
  token?: TokenView | null;
}

export interface RegistryCopy {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  createdAt: string | null;
  /** When its data was last written (managedFields time), for "newest copy". */
  writtenAt: string | null;
  managedBy: string | null;
  /** Hash of the decoded config: equal hashes mean identical copies. */
  contentHash: string;
  entries: RegistryEntryView[];
  /** Set when the secret's data cannot be read as a docker config. */
  invalid: string | null;
  /** The engine that keeps this copy (PullKey never writes it); null or absent: none. */
  owner?: EngineOwner | null;
}

/** Who keeps a secret or workload besides PullKey, from its markers (electron/core/ownership). */
export interface EngineOwner {
  engine:
    | 'external-secrets'
    | 'rancher-project'
    | 'rancher-legacy'
    | 'reflector'
    | 'kyverno'
    | 'sealed-secrets'
    | 'vault-secrets-operator'
    | 'helm'
    | 'argocd'
    | 'flux-kustomize'
    | 'flux-helm'
    | 'fleet'
    | 'operator';
  /** "External Secrets", "Reflector", "Rancher", … */
  engineName: string;
  /** Where the source is: "ExternalSecret team1/pull", "Reflector source ns/name", … */
  source: string;
  /** The source when it is a Secret of this cluster (Reflector, Kyverno clone). */
  sourceSecret: { namespace: string; name: string } | null;
  /** The object the copy is made from when the copy names it (External Secrets: its ExternalSecret). */
  via?: { kind: 'ExternalSecret'; namespace: string; name: string } | undefined;
  /**
   * External Secrets without a controller reference (creationPolicy Merge / Orphan): the copy
   * itself; its ExternalSecret is the one in that namespace whose target (or own) name is this.
   */
  target?: { namespace: string; name: string } | undefined;
  /** Whether PullKey could change the source (a Secret of this cluster), never the copy. */
  sourceWritable: boolean;
  /** The badge: "Kept by External Secrets (ExternalSecret team1/pull)". */
  badge: string;
  /** One plain sentence: what happens to a change made to the copy. */
  revert: string;
}

export type RegistryScope = z.infer<typeof registryScope>;

export interface RegistrySync {
  inSync: number;
  total: number;
  /** Namespaces of the project without a copy. */
  missing: string[];
  /** Copies in namespaces that left the project. */
  orphaned: string[];
  /** Copies whose content differs from the newest copy. */
  stale: string[];
  /**
   * Of `missing`: namespaces that joined the project since the last sync (the user never chose
   * them for this registry). Sync gives them the credential only when confirmed by name.
   */
  joined?: string[];
}

/**
 * The source Secret of a project registry kept by External Secrets (in its source namespace):
 * which registry and project it is the source of (project null: not readable from its names).
 */
export interface KeptSourceOf {
  registry: string;
  project: { kind: 'pullkey' | 'rancher'; id: string } | null;
  /** In the registries list: how many namespaces hold a copy External Secrets keeps from it. */
  feeds?: number;
}

export interface RegistryGroup {
  id: string;
  name: string;
  scope: RegistryScope;
  hosts: string[];
  usernames: string[];
  namespaces: string[];
  managedBy: string | null;
  createdAt: string | null;
  copies: RegistryCopy[];
  sync: RegistrySync | null;
  /** Set on the source of a kept registry: never a registry (nor a project copy) of its own. */
  keptSource?: KeptSourceOf | null;
}

export interface RegistriesList {
  context: string;
  groups: RegistryGroup[];
  /** True when only some namespaces could be read (no cluster-wide list permission). */
  partial: boolean;
  note: string | null;
  freshness?: Freshness;
}

export interface RegistryDetail {
  copy: RegistryCopy;
  /** The decoded .dockerconfigjson, passwords and auth masked. */
  maskedConfig: string;
  /** `kubectl create secret docker-registry …` with the password as a placeholder. */
  kubectlCommand: string;
  /** The Secret as YAML, with the data masked. */
  yaml: string;
  workloads: Array<{ kind: string; name: string }>;
  /** Whether the namespace's default ServiceAccount lists this secret in imagePullSecrets. */
  defaultServiceAccount: boolean | null;
  /** An engine's copy changed behind its back and put back by it (the last time seen live). */
  putBack?: { engineName: string; at: string } | null;
}

export interface RevealedEntry {
  key: string;
  username: string;
  password: string;
}

/** A TLS setting PullKey keeps for one registry host (laptop-side checks only). */
export interface RegistryTlsSetting {
  host: string;
  /** The custom CA certificates kept for this host. */
  ca: CaSummary[];
}

// ---------------------------------------------------------------------------------------------
// Channels

export const registryChannels = {
  'registries:list': channel<RegistriesList>()(
    z.object({ context: contextName, refresh: z.boolean().optional() }).strict(),
  ),
  'registries:verify': channel<{ auth: 'none' | 'basic' | 'bearer' }>()(
    z.object({ host: registryHost, ...loginInput, ...registryTls }).strict(),
  ),
  /** TLS settings PullKey keeps per registry host (custom CAs). */
  'registries:tls': channel<RegistryTlsSetting[]>()(noInput),
  /** Forgets the TLS setting kept for one host. */
  'registries:tls-forget': channel<RegistryTlsSetting[]>()(
    z.object({ host: registryHost }).strict(),
  ),
  'registries:detail': channel<RegistryDetail>()(
    z.object({ context: contextName, ...secretRef.shape }).strict(),
  ),
  /** Explicit request: the only response that carries passwords. Never stored in Pinia. */
  'registries:reveal': channel<{ entries: RevealedEntry[]; kubectlCommand: string }>()(
    z.object({ context: contextName, ...secretRef.shape }).strict(),
  ),
  /**
   * Adds (or removes) the secret in the namespace's default ServiceAccount imagePullSecrets.
   * dryRun: the patch and the version read; resourceVersion: refused if it changed since.
   */
  'serviceaccounts:pull-secret': channel<PreviewedWrite & { imagePullSecrets: string[] }>()(
    z
      .object({
        context: contextName,
        namespace: dns1123Label,
        secret: dns1123Subdomain,
        enabled: z.boolean(),
        resourceVersion: resourceVersion.optional(),
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
} as const;

export interface RegistryEvents {
  'registries:changed': RegistriesList;
}
