/** A fake KubeSession for discovery (ApisApi) and any other client a test hands in. */
import { ApisApi } from '@kubernetes/client-node';
import type { KubeSession } from '@core/kube/session';

/** A session whose discovery lists `groups` (or fails), counting the requests. */
export function discoverySession(
  groups: Record<string, string[]> | Error,
  clients: Map<unknown, unknown> = new Map(),
) {
  const asked = { count: 0 };
  const apis = {
    getAPIVersions: () => {
      asked.count += 1;
      if (groups instanceof Error) return Promise.reject(groups);
      return Promise.resolve({
        groups: Object.entries(groups).map(([name, versions]) => ({
          name,
          versions: versions.map((version) => ({ version, groupVersion: `${name}/${version}` })),
        })),
      });
    },
  };
  const session = {
    call: <T>(request: () => Promise<T>) => request(),
    kubeConfig: {
      makeApiClient: (api: unknown) => {
        if (api === ApisApi) return apis;
        if (clients.has(api)) return clients.get(api);
        throw new Error('no such client in this fake');
      },
    },
  } as unknown as KubeSession;
  return { session, asked };
}
