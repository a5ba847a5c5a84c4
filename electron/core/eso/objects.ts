/** Pure: the wire shapes of the ESO objects PullKey reads (only the fields it uses). */

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface Meta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  deletionTimestamp?: string;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
  }>;
}

export interface ClusterExternalSecretObject {
  metadata: Meta;
  spec?: {
    namespaceSelectors?: Array<{ matchLabels?: Record<string, string> }>;
    externalSecretSpec?: {
      refreshInterval?: string;
      secretStoreRef?: { kind?: string; name?: string };
      target?: { name?: string; creationPolicy?: string };
      dataFrom?: Array<{ extract?: { key?: string } }>;
    };
  };
  status?: {
    externalSecretName?: string;
    provisionedNamespaces?: string[];
    failedNamespaces?: Array<{ namespace: string; reason?: string }>;
    conditions?: Condition[];
  };
}

export interface ExternalSecretObject {
  metadata: Meta;
  spec?: { target?: { name?: string } };
  status?: { refreshTime?: string | null; conditions?: Condition[] };
}

export interface SecretStoreObject {
  metadata: Meta;
  spec?: { provider?: { kubernetes?: { remoteNamespace?: string } } };
  status?: { conditions?: Condition[] };
}

export const readyOf = (conditions: Condition[] | undefined) =>
  conditions?.find((condition) => condition.type === 'Ready');
