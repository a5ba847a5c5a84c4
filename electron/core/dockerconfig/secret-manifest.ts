/** Pure: the Secret objects PullKey writes, and the masked YAML it shows. */
import { stringify } from 'yaml';
import type { RegistryScope } from '../api/contract';
import {
  serializeDockerConfig,
  type DockerConfig,
  DOCKERCONFIGJSON_KEY,
  DOCKERCONFIGJSON_TYPE,
} from './dockerconfig';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, PROJECT_KIND_ANNOTATION } from '../kube/labels';
import { PULLKEY_PROJECT_LABEL as PROJECT_LABEL } from '../kube/projects';
import { maskedConfigText, safeMetadata } from './masking';

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

/**
 * The Secret as YAML with the data replaced by a readable, masked rendering. Works for any
 * secret: annotations only from an allowlist, values holding a credential hidden.
 */
export function maskedSecretYaml(secret: {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  data?: Record<string, string>;
}): string {
  const encoded = secret.data?.[DOCKERCONFIGJSON_KEY] ?? '';
  const masked = encoded
    ? maskedConfigText(Buffer.from(encoded, 'base64').toString('utf8'))
    : '<no .dockerconfigjson key>';
  return stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    type: DOCKERCONFIGJSON_TYPE,
    metadata: {
      name: secret.metadata?.name,
      namespace: secret.metadata?.namespace,
      ...safeMetadata(secret.metadata, encoded),
    },
    // stringData would be what kubectl apply takes; the credentials are masked here.
    stringData: { [DOCKERCONFIGJSON_KEY]: masked },
  });
}
