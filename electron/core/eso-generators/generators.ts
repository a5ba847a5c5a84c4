/**
 * External Secrets Operator token generators (generators.external-secrets.io/v1alpha1), as PullKey
 * writes them in its namespace (issue 21, "Refresh in the cluster"). Pure: the objects only.
 *
 * Field names are ESO v0.20's (apis/generators/v1alpha1 types_ecr.go, types_gcr.go, types_acr.go).
 * Every generator answers `username` and `password` (ECR also `proxy_endpoint`, `expires_at`; GCR
 * `expiry`); none writes a docker config: the ExternalSecret's template does (template.ts).
 */
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../kube/labels';

export const GENERATORS_API = 'generators.external-secrets.io/v1alpha1';

/** A key of a Secret in the generator's namespace. */
export interface SecretKey {
  name: string;
  key: string;
}

export type EcrAuth =
  /** IRSA: ESO exchanges a token of this ServiceAccount (annotated with the role) for AWS credentials. */
  | { kind: 'irsa'; serviceAccount: string }
  | {
      kind: 'access-key';
      accessKeyId: SecretKey;
      secretAccessKey: SecretKey;
      sessionToken?: SecretKey | undefined;
    };

export type GcrAuth =
  | {
      kind: 'workload-identity';
      serviceAccount: string;
      clusterLocation: string;
      clusterName: string;
      clusterProjectId?: string | undefined;
    }
  /** A Google service-account key (JSON) in a Secret. */
  | { kind: 'service-account-key'; key: SecretKey };

export type AcrAuth =
  | { kind: 'workload-identity'; serviceAccount: string }
  /** The node's (or a chosen user-assigned) managed identity. */
  | { kind: 'managed-identity'; identityId?: string | undefined }
  | { kind: 'service-principal'; clientId: SecretKey; clientSecret: SecretKey };

export type TokenSource =
  | { provider: 'ecr'; region: string; role?: string | undefined; auth: EcrAuth }
  | { provider: 'gcr'; projectId: string; auth: GcrAuth }
  | {
      provider: 'acr';
      /** the registry, e.g. "example.azurecr.io" */
      registry: string;
      tenantId?: string | undefined;
      auth: AcrAuth;
    };

export type GeneratorKind = 'ECRAuthorizationToken' | 'GCRAccessToken' | 'ACRAccessToken';

export const generatorKinds: Record<TokenSource['provider'], GeneratorKind> = {
  ecr: 'ECRAuthorizationToken',
  gcr: 'GCRAccessToken',
  acr: 'ACRAccessToken',
};

/** How long each provider's token lives (ECR 12 h, GCR access token 1 h, ACR refresh token 3 h). */
export const tokenLifeSeconds: Record<TokenSource['provider'], number> = {
  ecr: 12 * 3600,
  gcr: 3600,
  acr: 3 * 3600,
};

export interface GeneratorObject {
  apiVersion: typeof GENERATORS_API;
  kind: GeneratorKind;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, unknown>;
}

const selector = (s: SecretKey) => ({ name: s.name, key: s.key });

function ecrSpec(source: Extract<TokenSource, { provider: 'ecr' }>) {
  const auth =
    source.auth.kind === 'irsa'
      ? { jwt: { serviceAccountRef: { name: source.auth.serviceAccount } } }
      : {
          secretRef: {
            accessKeyIDSecretRef: selector(source.auth.accessKeyId),
            secretAccessKeySecretRef: selector(source.auth.secretAccessKey),
            ...(source.auth.sessionToken
              ? { sessionTokenSecretRef: selector(source.auth.sessionToken) }
              : {}),
          },
        };
  return { region: source.region, ...(source.role ? { role: source.role } : {}), auth };
}

function gcrSpec(source: Extract<TokenSource, { provider: 'gcr' }>) {
  const { auth } = source;
  return {
    projectID: source.projectId,
    auth:
      auth.kind === 'service-account-key'
        ? { secretRef: { secretAccessKeySecretRef: selector(auth.key) } }
        : {
            workloadIdentity: {
              serviceAccountRef: { name: auth.serviceAccount },
              clusterLocation: auth.clusterLocation,
              clusterName: auth.clusterName,
              ...(auth.clusterProjectId ? { clusterProjectID: auth.clusterProjectId } : {}),
            },
          },
  };
}

function acrSpec(source: Extract<TokenSource, { provider: 'acr' }>) {
  const { auth } = source;
  const spec =
    auth.kind === 'service-principal'
      ? {
          servicePrincipal: {
            secretRef: {
              clientId: selector(auth.clientId),
              clientSecret: selector(auth.clientSecret),
            },
          },
        }
      : auth.kind === 'managed-identity'
        ? { managedIdentity: auth.identityId ? { identityId: auth.identityId } : {} }
        : { workloadIdentity: { serviceAccountRef: { name: auth.serviceAccount } } };
  return {
    registry: source.registry,
    ...(source.tenantId ? { tenantId: source.tenantId } : {}),
    auth: spec,
  };
}

/** The generator object for `source`, named `name` in `namespace`, with PullKey's label. */
export function generatorManifest(
  name: string,
  namespace: string,
  source: TokenSource,
): GeneratorObject {
  const spec =
    source.provider === 'ecr'
      ? ecrSpec(source)
      : source.provider === 'gcr'
        ? gcrSpec(source)
        : acrSpec(source);
  return {
    apiVersion: GENERATORS_API,
    kind: generatorKinds[source.provider],
    metadata: { name, namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
    spec,
  };
}
