/** A minimal HTTPS/HTTP client with a per-request CA (fetch cannot take one without undici). */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** Total time a request may take: connect, headers and the whole body. */
export const DEFAULT_DEADLINE_MS = 15_000;
/** Largest body read by default (JSON answers of a registry are small). */
export const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

export interface HttpRequest {
  method: 'GET' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  /** PEM CA bundle to trust for this request (in addition to none: replaces the defaults). */
  ca?: string | null | undefined;
  insecureSkipVerify?: boolean | undefined;
  /** Total deadline in ms (connect + headers + body); default DEFAULT_DEADLINE_MS. */
  timeoutMs?: number;
  /** Largest body accepted (bytes): past it the request is aborted with EBODYTOOLARGE. */
  maxBody?: number;
  /**
   * Resolves the host for this connection (TLS name and Host header stay the URL's). Its own
   * connection, never a pooled one: a kept-alive socket went wherever an earlier lookup said.
   */
  lookup?: LookupFunction | undefined;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const failure = (message: string, code: string) => Object.assign(new Error(message), { code });

/**
 * One request, never following redirects (so credentials never travel to another host), with a
 * total deadline and a body cap: a slow-drip or endless body cannot hold PullKey.
 */
export function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const client = url.protocol === 'https:' ? https : http;
  const maxBody = request.maxBody ?? DEFAULT_MAX_BODY;
  const deadline = request.timeoutMs ?? DEFAULT_DEADLINE_MS;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const abort = (error: Error) => {
      settle(() => reject(error));
      req.destroy();
    };
    const req = client.request(
      url,
      {
        method: request.method,
        headers: { 'user-agent': 'PullKey', ...request.headers },
        timeout: deadline,
        ...(request.lookup ? { lookup: request.lookup, agent: false } : {}),
        ...(url.protocol === 'https:'
          ? {
              ...(request.ca ? { ca: request.ca } : {}),
              rejectUnauthorized: !request.insecureSkipVerify,
            }
          : {}),
      },
      (response) => {
        const tooLarge = () =>
          failure(`the answer is larger than ${maxBody} bytes; not read`, 'EBODYTOOLARGE');
        if (Number(response.headers['content-length'] ?? 0) > maxBody && request.method !== 'HEAD')
          return abort(tooLarge());
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody) abort(tooLarge());
          else chunks.push(chunk);
        });
        response.on('end', () =>
          settle(() =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          ),
        );
        response.on('error', (error) => settle(() => reject(error)));
        response.on('aborted', () =>
          settle(() => reject(failure('the connection closed mid-answer', 'ECONNRESET'))),
        );
      },
    );
    const timer = setTimeout(
      () => abort(failure(`no complete answer within ${deadline} ms`, 'ETIMEDOUT')),
      deadline,
    );
    req.on('timeout', () => abort(failure(`no answer within ${deadline} ms`, 'ETIMEDOUT')));
    req.on('error', (error) => settle(() => reject(error)));
    req.end();
  });
}
