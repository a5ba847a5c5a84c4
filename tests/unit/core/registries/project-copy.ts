/** A copy of project registry `web` that PullKey wrote, as the API returns it (registries tests). */
import type { V1Secret } from '@kubernetes/client-node';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '@core/kube/labels';

/** Secret `name` in `namespace` holding `config`; uid and resourceVersion name the namespace. */
export function projectCopy(
  namespace: string,
  name: string,
  config: unknown,
  annotations?: Record<string, string>,
): V1Secret {
  return {
    metadata: {
      name,
      namespace,
      uid: `uid-${namespace}`,
      resourceVersion: `rv-${namespace}`,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, 'pullkey.dev/project': 'web' },
      ...(annotations ? { annotations } : {}),
    },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(JSON.stringify(config)).toString('base64') },
  };
}
