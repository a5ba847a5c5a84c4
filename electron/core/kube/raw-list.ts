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
 * The body is read as it comes (`identity`, never gzip: compressing 14 MB of pods costs the server
 * more than sending them costs a local or LAN link) through the dispatcher client-node built for
 * the context (TLS, proxy), with undici's plain request API: fetch's web streams took as long
 * again as the transfer on a 5,000-pod list. A connection failure is thrown as fetch throws it
 * ("fetch failed", or "terminated" in the body, the socket error as its cause), so it reads the
 * same everywhere.
 *
 * The items are parsed as they arrive, each once its bytes have come (list-stream.ts), so the
 * parse overlaps the transfer. With `pageSize`, the list is read in pages (`limit`/`continue`),
 * pipelined: see raw-list-pages.ts. With `omitManagedFields`, the objects come without
 * `metadata.managedFields` (list-stream.ts).
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
import type { ListStreamOptions } from './list-stream';
import { pagedList, readPage, type Answer, type PageRequest } from './raw-list-pages';

const transport = new IsomorphicFetchHttpLibrary();

export interface RawListOptions extends ListStreamOptions {
  /** Read the list in pages of this many objects, the next page asked while one is parsed. */
  pageSize?: number;
}

/** GET `path` with `query` on the context's cluster: `{ items, metadata }` as sent by the server. */
export async function rawList<T>(
  kubeConfig: KubeConfig,
  path: string,
  query: Record<string, string> = {},
  options: RawListOptions = {},
): Promise<ListResult<T>> {
  const request = await authenticated(kubeConfig);
  if (options.pageSize !== undefined && options.pageSize > 0)
    return pagedList<T>(
      request,
      path,
      query,
      options.pageSize,
      () => rawList<T>(kubeConfig, path, query, { ...options, pageSize: 0 }),
      options,
    );
  const list = await readPage<T>(await request(path, query), options).list;
  // A list without `items` (or with null) has no objects.
  return { ...list, items: list?.items ?? [] };
}

/**
 * Authenticates once for the context; the answer sends GETs with those credentials through one
 * dispatcher (its connections reused) and throws the typed call's errors for non-2xx statuses.
 */
async function authenticated(kubeConfig: KubeConfig): Promise<PageRequest> {
  const cluster = kubeConfig.getCurrentCluster();
  // The same message as KubeConfig.makeApiClient without a cluster.
  if (!cluster) throw new Error('No active cluster!');
  const base = new RequestContext(cluster.server, HttpMethod.GET);
  base.setHeaderParam('Accept', 'application/json, */*;q=0.8');
  base.setHeaderParam('Accept-Encoding', 'identity');
  await kubeConfig.applySecurityAuthentication(base);
  return async (path, query, signal) => {
    const url = new URL(cluster.server + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const request = new RequestContext(url.toString(), HttpMethod.GET);
    for (const [name, value] of Object.entries(base.getHeaders()))
      request.setHeaderParam(name, value);
    const dispatcher = base.getDispatcher();
    if (dispatcher) request.setDispatcher(dispatcher);
    const response = await send(request, url, signal);
    const status = response.status;
    // The typed call's answers for statuses outside 2xx, word for word.
    if (status === 401) throw new ApiException(status, 'Unauthorized', undefined, response.headers);
    if (status < 200 || status > 299) {
      const body = await response.text();
      throw new ApiException(status, 'Unknown API Status Code!', body, response.headers);
    }
    return response;
  };
}

const terminated = (error: unknown) => new TypeError('terminated', { cause: error });

async function send(request: RequestContext, url: URL, signal?: AbortSignal): Promise<Answer> {
  const dispatcher = request.getDispatcher();
  if (!dispatcher) {
    if (signal) request.setSignal(signal);
    const response = await transport.send(request).toPromise();
    return {
      status: response.httpStatusCode,
      headers: response.headers,
      text: () => response.body.text(),
    };
  }
  try {
    const answer = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'GET',
      headers: request.getHeaders(),
      ...(signal ? { signal } : {}),
    });
    // As fetch's Headers lists them: lower-case names, sorted, repeated values joined.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers).sort(([a], [b]) => (a < b ? -1 : 1)))
      if (value !== undefined)
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    return {
      status: answer.statusCode,
      headers,
      // A body cut short reads as fetch says it: "terminated", the socket error as its cause.
      text: () =>
        answer.body.text().catch((error: unknown) => {
          throw terminated(error);
        }),
      async *chunks() {
        try {
          for await (const chunk of answer.body) yield chunk as Buffer;
        } catch (error) {
          throw terminated(error);
        }
      },
    };
  } catch (error) {
    throw new TypeError('fetch failed', { cause: error });
  }
}
