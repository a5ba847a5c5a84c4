/** Pure: the Secret objects PullKey writes, and the masked YAML it shows. */
import { stringify } from 'yaml';
import type { RegistryScope } from '../api/contract';
import {
  maskDockerConfig,
  serializeDockerConfig,
  type DockerConfig,
} from '../registry/dockerconfig';
import {
  DOCKERCONFIGJSON_KEY,
  DOCKERCONFIGJSON_TYPE,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  PROJECT_KIND_ANNOTATION,
  PROJECT_LABEL,
} from './labels';

export interface RegistrySecret {
  apiVersion: 'v1';
  kind: 'Secret';
  type: typeof DOCKERCONFIGJSON_TYPE;
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  data: Record<string, string>;
}

export function registrySecret(
  name: string,
  namespace: string,
  scope: RegistryScope,
  config: DockerConfig,
): RegistrySecret {
  const labels: Record<string, string> = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  const annotations: Record<string, string> = {};
  if (scope.kind === 'project') {
    labels[PROJECT_LABEL] = scope.project;
    annotations[PROJECT_KIND_ANNOTATION] = scope.projectKind;
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: DOCKERCONFIGJSON_TYPE,
    metadata: {
      name,
      namespace,
      labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    data: {
      [DOCKERCONFIGJSON_KEY]: Buffer.from(serializeDockerConfig(config), 'utf8').toString('base64'),
    },
  };
}

/** The Secret as YAML with the data replaced by a readable, masked rendering. */
export function maskedSecretYaml(
  secret: {
    metadata?: {
      name?: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
  },
  config: DockerConfig | null,
): string {
  const masked = config ? serializeDockerConfig(maskDockerConfig(config)) : '<unreadable>';
  return stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    type: DOCKERCONFIGJSON_TYPE,
    metadata: {
      name: secret.metadata?.name,
      namespace: secret.metadata?.namespace,
      ...(secret.metadata?.labels && Object.keys(secret.metadata.labels).length
        ? { labels: secret.metadata.labels }
        : {}),
      ...(secret.metadata?.annotations && Object.keys(secret.metadata.annotations).length
        ? { annotations: secret.metadata.annotations }
        : {}),
    },
    // stringData would be what kubectl apply takes; the password is masked here.
    stringData: { [DOCKERCONFIGJSON_KEY]: masked },
  });
}
