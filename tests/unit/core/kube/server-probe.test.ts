/**
 * The informer's "is the server back?" probe goes the way the watch goes: through the
 * kubeconfig's proxy-url when there is one. Real sockets: a listening "API server", a closed
 * port, and small HTTP CONNECT and SOCKS5 proxies that reach them under a name only they know.
 */
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterTransport } from '@core/kube/live-view/informers';
import { serverProbe } from '@core/kube/server-probe';

/** Names only the proxies resolve (the laptop cannot reach them directly). */
const UP = 'api.up.invalid';
const DOWN = 'api.down.invalid';
let upPort: number;
let downPort: number;
const servers: Server[] = [];
const connects: string[] = [];

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Where a proxy sends `host:port`: the two names above, on any port. */
const backend = (host: string) => (host === UP ? upPort : host === DOWN ? downPort : null);

function dial(host: string, ok: (socket: Socket) => void, fail: () => void) {
  connects.push(host);
  const port = backend(host);
  if (port === null) return fail();
  const upstream = connect({ host: '127.0.0.1', port });
  upstream.once('connect', () => {
    upstream.destroy();
    ok(upstream);
  });
  upstream.once('error', fail);
}

function httpProxy(requireAuth?: string) {
  return createServer((socket) => {
    socket.once('data', (request: Buffer) => {
      const text = request.toString('latin1');
      const target = /^CONNECT ([^:\s]+):\d+ HTTP\/1\.1\r\n/.exec(text)?.[1] ?? '';
      if (requireAuth && !text.includes(`Proxy-Authorization: Basic ${btoa(requireAuth)}\r\n`)) {
        socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
        return;
      }
      dial(
        target,
        () => socket.end('HTTP/1.1 200 Connection established\r\n\r\n'),
        () => socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'),
      );
    });
  });
}

function socks5Proxy() {
  return createServer((socket) => {
    let step = 0;
    socket.on('data', (chunk: Buffer) => {
      if (step++ === 0) {
        socket.write(Buffer.from([5, 0]));
        return;
      }
      // 5 1 0 3 <len> <name> <port>
      const name = chunk.subarray(5, 5 + chunk[4]!).toString('utf8');
      const reply = (code: number) => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
      dial(
        name,
        () => socket.end(reply(0)),
        () => socket.end(reply(5)),
      );
    });
  });
}

let http: number;
let httpAuth: number;
let socks: number;

beforeAll(async () => {
  upPort = await listen(createServer((socket) => socket.destroy()));
  const closed = createServer();
  downPort = await listen(closed);
  closed.close();
  http = await listen(httpProxy());
  httpAuth = await listen(httpProxy('al ice:p@ss'));
  socks = await listen(socks5Proxy());
});
afterAll(() => servers.forEach((server) => server.close()));

function kubeconfigWith(server: string, proxyUrl?: string) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'c',
      clusters: [
        { name: 'k', cluster: { server, ...(proxyUrl ? { 'proxy-url': proxyUrl } : {}) } },
      ],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
    }),
  );
  return kubeConfig;
}

describe('server probe', () => {
  it("asks through the kubeconfig's proxy-url whether the server accepts connections", async () => {
    const up = clusterTransport(kubeconfigWith(`https://${UP}:6443`, `http://127.0.0.1:${http}`));
    const down = clusterTransport(
      kubeconfigWith(`https://${DOWN}:6443`, `http://127.0.0.1:${http}`),
    );
    connects.length = 0;
    await expect(up.probe!()).resolves.toBe(true);
    // The proxy is up but the server is not: not back.
    await expect(down.probe!()).resolves.toBe(false);
    expect(connects).toEqual([UP, DOWN]);
  });

  it('sends the proxy credentials of the URL, and speaks SOCKS5', async () => {
    const withLogin = `http://al%20ice:p%40ss@127.0.0.1:${httpAuth}`;
    await expect(serverProbe(`https://${UP}:6443`, withLogin)!()).resolves.toBe(true);
    await expect(
      serverProbe(`https://${UP}:6443`, `http://127.0.0.1:${httpAuth}`)!(),
    ).resolves.toBe(false);
    await expect(serverProbe(`https://${UP}`, `socks5://127.0.0.1:${socks}`)!()).resolves.toBe(
      true,
    );
    await expect(serverProbe(`https://${DOWN}`, `socks5h://127.0.0.1:${socks}`)!()).resolves.toBe(
      false,
    );
  });

  it('a malformed escape in the proxy login is no crash: the context keeps its informers', () => {
    const malformed = `http://u:p%zz@127.0.0.1:${httpAuth}`;
    expect(() => serverProbe(`https://${UP}:6443`, malformed)).not.toThrow();
    expect(() =>
      clusterTransport(kubeconfigWith(`https://${UP}:6443`, `socks4a://u%zz@127.0.0.1:${socks}`)),
    ).not.toThrow();
  });

  it('connects directly without a proxy, and has no probe for a scheme it cannot ask', async () => {
    await expect(serverProbe(`https://127.0.0.1:${upPort}`)!()).resolves.toBe(true);
    await expect(serverProbe(`https://127.0.0.1:${downPort}`)!()).resolves.toBe(false);
    expect(serverProbe(`https://${UP}`, 'ftp://127.0.0.1:21')).toBeUndefined();
    expect(serverProbe(undefined)).toBeUndefined();
  });
});
