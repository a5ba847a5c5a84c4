/**
 * An informer's list as one plain GET parsed with JSON.parse: the objects stay wire JSON, as the
 * watch delivers them. client-node's typed list deserialises every object through its
 * ObjectSerializer, which was most of the time of a 2,000-secret list.
 *
 * The request is authenticated by client-node's own pieces, so it carries exactly what a typed
 * call carries: `KubeConfig.applyToHTTPSOptions` (token, basic auth, client certificate, CA /
 * insecure-skip-tls-verify / tls-server-name, impersonation, PullKey's exec authenticator
 * registered on the KubeConfig); through a proxy-url, with the agent client-node makes for it.
 * A non-2xx answer throws the same `ApiException` the typed call throws, so `connectionError`
 * maps it to the same AppError. With `onItem`, each object is handed on as it is parsed.
 *
 * The body is read as it comes (`identity`, never gzip: compressing 14 MB of pods costs the server
 * more than sending them costs a local or LAN link) with Node's own HTTP client, not the fetch
 * (undici) transport of typed calls: on the Pulls benchmark's 14 MB list of 5,000 pods undici
 * took 193–224 ms where Node's https took 139–142 ms for the same bytes in the same minutes
 * (the API server writes 4 KB TLS records; undici's per-chunk parse and stream cost adds up over
 * 3,300 of them). A connection failure is thrown as fetch throws it ("fetch failed", or
 * "terminated" in the body, the socket error as its cause), so it reads the same everywhere; as
 * with fetch, a connection (TCP and TLS) that does not complete within 10 s fails.
 *
 * The items are parsed as they arrive, each once its bytes have come (list-stream.ts), so the
 * parse overlaps the transfer. With `pageSize`, the list is read in pages (`limit`/`continue`),
 * pipelined: see raw-list-pages.ts. With `omitManagedFields`, the objects come without
 * `metadata.managedFields` (list-stream.ts).
 *
 * Wire vs typed model: the wire keeps timestamps as RFC 3339 strings (the typed model gives Date
 * objects) and ListMeta's `continue` keeps its name (typed: `_continue`).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { ApiException, type KubeConfig } from '@kubernetes/client-node';
import type { ListResult } from './informer';
import type { ListStreamOptions } from './list-stream';
import { pagedList, readPage, type Answer, type PageRequest } from './raw-list-pages';

/** As undici's connect timeout: a TCP connection and TLS handshake not done by then fail. */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface RawListOptions extends ListStreamOptions {
  /** Read the list in pages of this many objects, the next page asked while one is parsed. */
  pageSize?: number;
  /** How long connecting (TCP and TLS) may take; CONNECT_TIMEOUT_MS when not given. */
  connectTimeoutMs?: number;
}

/** GET `path` with `query` on the context's cluster: `{ items, metadata }` as sent by the server. */
export async function rawList<T>(
  kubeConfig: KubeConfig,
  path: string,
  query: Record<string, string> = {},
  options: RawListOptions = {},
): Promise<ListResult<T>> {
  const request = await authenticated(kubeConfig, options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
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
 * Authenticates once for the context; the answer sends GETs with those credentials (through
 * Node's global agent, or client-node's for a proxy-url) and throws the typed call's errors for
 * non-2xx statuses.
 */
async function authenticated(
  kubeConfig: KubeConfig,
  connectTimeoutMs: number,
): Promise<PageRequest> {
  const cluster = kubeConfig.getCurrentCluster();
  // The same message as KubeConfig.makeApiClient without a cluster.
  if (!cluster) throw new Error('No active cluster!');
  const options: RequestOptions = {
    headers: { Accept: 'application/json, */*;q=0.8', 'Accept-Encoding': 'identity' },
  };
  await kubeConfig.applyToHTTPSOptions(options);
  // client-node keeps one agent per cluster and user, made with the TLS options of its first
  // request: a client certificate an exec plugin renewed since would not be presented. Without a
  // proxy, Node's own agent takes each request's TLS options (its connections are kept by them).
  if (!cluster.proxyUrl) delete options.agent;
  const plain = new URL(cluster.server).protocol === 'http:';
  return async (path, query, signal) => {
    const url = new URL(cluster.server + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const response = await send(
      url,
      { ...options, ...(signal ? { signal } : {}) },
      plain,
      connectTimeoutMs,
    );
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

const fetchFailed = (error: unknown) => new TypeError('fetch failed', { cause: error });
const terminated = (error: unknown) => new TypeError('terminated', { cause: error });

function send(
  url: URL,
  options: RequestOptions,
  plain: boolean,
  connectTimeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = (plain ? httpRequest : httpsRequest)(url, options, (response) =>
      resolve(answerOf(response)),
    );
    request.on('error', (error) => reject(fetchFailed(error)));
    request.once('socket', (socket: Socket) => limitConnect(socket, url, plain, connectTimeoutMs));
    request.end();
  });
}

/** Fails a connection that is not up (TCP, then TLS) within the time, as undici does. */
function limitConnect(socket: Socket, url: URL, plain: boolean, timeoutMs: number) {
  if (connected(socket, plain)) return;
  const timer = setTimeout(() => {
    const error = Object.assign(
      new Error(`connect ETIMEDOUT ${url.host}: no connection within ${timeoutMs / 1000} s`),
      { code: 'ETIMEDOUT' },
    );
    socket.destroy(error);
  }, timeoutMs);
  timer.unref?.();
  const done = () => clearTimeout(timer);
  socket.once(plain ? 'connect' : 'secureConnect', done);
  socket.once('close', done);
}

/** A kept-alive connection handed out again is up already (its handshake done). */
function connected(socket: Socket, plain: boolean): boolean {
  if (socket.connecting) return false;
  if (plain) return true;
  // 'unknown' while the TLS handshake is under way, null once it is closed.
  const protocol = (socket as TLSSocket).getProtocol?.();
  return protocol != null && protocol !== 'unknown';
}

function answerOf(response: IncomingMessage): Answer {
  // As fetch's Headers lists them: lower-case names, sorted, repeated values joined.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers).sort(([a], [b]) => (a < b ? -1 : 1)))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  /**
   * Each chunk handed on from the socket's 'data' event: the API server writes 4 KB TLS records, so
   * a 14 MB list is 3,300 chunks, and an async iteration per chunk cost ~25 ms of the main
   * thread's time (promises, ticks) while the list was on the wire.
   */
  const read = (onChunk: (chunk: Buffer) => void) =>
    new Promise<void>((resolve, reject) => {
      response.on('data', (chunk: Buffer) => {
        try {
          onChunk(chunk);
        } catch (error) {
          response.destroy();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      response.once('end', resolve);
      // A body cut short reads as fetch says it: "terminated", the socket error as its cause.
      response.once('error', (error) => reject(terminated(error)));
    });
  return {
    status: response.statusCode ?? 0,
    headers,
    async text() {
      const parts: Buffer[] = [];
      await read((chunk) => parts.push(chunk));
      return Buffer.concat(parts).toString('utf8');
    },
    read,
  };
}
