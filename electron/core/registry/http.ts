/** A minimal HTTPS/HTTP client with a per-request CA (fetch cannot take one without undici). */
import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  method: 'GET' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  /** PEM CA bundle to trust for this request (in addition to none: replaces the defaults). */
  ca?: string | null | undefined;
  insecureSkipVerify?: boolean | undefined;
  timeoutMs?: number;
  /** Largest body kept (bytes); the rest is discarded. */
  maxBody?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const client = url.protocol === 'https:' ? https : http;
  const maxBody = request.maxBody ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: request.method,
        headers: { 'user-agent': 'PullKey', ...request.headers },
        timeout: request.timeoutMs ?? 10_000,
        ...(url.protocol === 'https:'
          ? {
              ...(request.ca ? { ca: request.ca } : {}),
              rejectUnauthorized: !request.insecureSkipVerify,
            }
          : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxBody) chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end();
  });
}
