/**
 * An informer's list as one plain GET parsed with JSON.parse: the objects stay wire JSON, as the
 * watch delivers them. client-node's typed list deserialises every object through its
 * ObjectSerializer, which was most of the time of a 2,000-secret list.
 *
 * The request goes through client-node's own pieces, so it is authenticated and sent exactly like
 * a typed call: `KubeConfig.applySecurityAuthentication` (token, basic auth, client certificate,
 * CA / insecure-skip-tls-verify / tls-server-name, proxy-url, and PullKey's exec authenticator
 * registered on the KubeConfig) and the same fetch transport. A non-2xx answer throws the same
 * `ApiException` the typed call throws, so `connectionError` maps it to the same AppError.
 *
 * Wire vs typed model: the wire keeps timestamps as RFC 3339 strings (the typed model gives Date
 * objects) and ListMeta's `continue` keeps its name (typed: `_continue`).
 */
import {
  ApiException,
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  type KubeConfig,
} from '@kubernetes/client-node';
import type { ListResult } from './informer';

const transport = new IsomorphicFetchHttpLibrary();

/** GET `path` with `query` on the context's cluster: `{ items, metadata }` as sent by the server. */
export async function rawList<T>(
  kubeConfig: KubeConfig,
  path: string,
  query: Record<string, string> = {},
): Promise<ListResult<T>> {
  const cluster = kubeConfig.getCurrentCluster();
  // The same message as KubeConfig.makeApiClient without a cluster.
  if (!cluster) throw new Error('No active cluster!');
  const url = new URL(cluster.server + path);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const request = new RequestContext(url.toString(), HttpMethod.GET);
  request.setHeaderParam('Accept', 'application/json, */*;q=0.8');
  await kubeConfig.applySecurityAuthentication(request);
  const response = await transport.send(request).toPromise();
  const status = response.httpStatusCode;
  // The typed call's answers for statuses outside 2xx, word for word.
  if (status === 401) throw new ApiException(status, 'Unauthorized', undefined, response.headers);
  if (status < 200 || status > 299) {
    const body: unknown = await response.getBodyAsAny();
    throw new ApiException(status, 'Unknown API Status Code!', body, response.headers);
  }
  const list = JSON.parse(await response.body.text()) as Partial<ListResult<T>> | null;
  // A list without `items` (or with null) has no objects.
  return { ...list, items: list?.items ?? [] };
}
