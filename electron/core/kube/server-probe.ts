/**
 * Whether a cluster's API server accepts connections again, asked the way its watch reaches it:
 * directly (a TCP connection to its host and port), or through the kubeconfig's `proxy-url` (an
 * HTTP(S) proxy's CONNECT, or a SOCKS4/5 connect, to the server's host and port). A proxy that
 * is up says nothing about the server: only its answer to a connect to the server does.
 */
import { connect, isIP, isIPv4, isIPv6, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const PROBE_TIMEOUT_MS = 1000;

interface Target {
  host: string;
  port: number;
}

function targetOf(server: string): Target | null {
  try {
    const url = new URL(server);
    return {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || (url.protocol === 'http:' ? 80 : 443)),
    };
  } catch {
    return null;
  }
}

/** Reads a socket's bytes as they come: `bytes(n)` and `line()` wait for enough of them. */
function reader(socket: Socket) {
  let buffer = Buffer.alloc(0);
  let wake: (() => void) | null = null;
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake?.();
  });
  socket.on('close', () => {
    closed = true;
    wake?.();
  });
  async function until(size: () => number): Promise<Buffer> {
    let wanted = size();
    while (wanted < 0) {
      if (closed) throw new Error('closed');
      await new Promise<void>((resolve) => (wake = resolve));
      wanted = size();
    }
    const out = buffer.subarray(0, wanted);
    buffer = buffer.subarray(wanted);
    return out;
  }
  return {
    bytes: (n: number) => until(() => (buffer.length >= n ? n : -1)),
    line: () =>
      until(() => {
        const end = buffer.indexOf('\r\n');
        return end < 0 ? -1 : end + 2;
      }),
  };
}

type Handshake = (socket: Socket, read: ReturnType<typeof reader>) => Promise<boolean>;

/** A URL's userinfo part decoded; a malformed escape is taken as written (never a throw). */
function userinfo(part: string): Buffer {
  try {
    return Buffer.from(decodeURIComponent(part), 'utf8');
  } catch {
    return Buffer.from(part, 'utf8');
  }
}

const credentials = (proxy: URL) =>
  proxy.username ? { user: userinfo(proxy.username), pass: userinfo(proxy.password) } : null;

function httpConnect(proxy: URL, target: Target): Handshake {
  const hostPort = `${isIPv6(target.host) ? `[${target.host}]` : target.host}:${target.port}`;
  const login = credentials(proxy);
  const auth = login
    ? `Proxy-Authorization: Basic ${Buffer.concat([login.user, Buffer.from(':'), login.pass]).toString('base64')}\r\n`
    : '';
  return async (socket, read) => {
    socket.write(`CONNECT ${hostPort} HTTP/1.1\r\nHost: ${hostPort}\r\n${auth}\r\n`);
    return /^HTTP\/1\.[01] 2\d\d/.test((await read.line()).toString('latin1'));
  };
}

function socks5Connect(proxy: URL, target: Target): Handshake {
  const login = credentials(proxy);
  const port = Buffer.from([target.port >> 8, target.port & 0xff]);
  let address: Buffer;
  if (isIPv4(target.host)) address = Buffer.from([1, ...target.host.split('.').map(Number)]);
  else {
    const name = Buffer.from(target.host, 'utf8');
    address = Buffer.concat([Buffer.from([3, name.length]), name]);
  }
  return async (socket, read) => {
    socket.write(Buffer.from(login ? [5, 2, 0, 2] : [5, 1, 0]));
    const [version, method] = await read.bytes(2);
    if (version !== 5) return false;
    if (method === 2 && login) {
      const { user, pass } = login;
      socket.write(
        Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([pass.length]), pass]),
      );
      if ((await read.bytes(2))[1] !== 0) return false;
    } else if (method !== 0) return false;
    socket.write(Buffer.concat([Buffer.from([5, 1, 0]), address, port]));
    const reply = await read.bytes(2);
    return reply[0] === 5 && reply[1] === 0;
  };
}

/** SOCKS4a: the proxy resolves the name (0.0.0.1 stands for "the name follows"). */
function socks4Connect(proxy: URL, target: Target): Handshake {
  const user = userinfo(proxy.username);
  const ip = isIPv4(target.host) ? target.host.split('.').map(Number) : [0, 0, 0, 1];
  const name = isIPv4(target.host)
    ? Buffer.alloc(0)
    : Buffer.concat([Buffer.from(target.host, 'utf8'), Buffer.from([0])]);
  return async (socket, read) => {
    socket.write(
      Buffer.concat([
        Buffer.from([4, 1, target.port >> 8, target.port & 0xff, ...ip]),
        user,
        Buffer.from([0]),
        name,
      ]),
    );
    return (await read.bytes(2))[1] === 0x5a;
  };
}

interface Route {
  open: () => Socket;
  /** The event after which the first hop takes bytes. */
  ready: 'connect' | 'secureConnect';
  handshake: Handshake | null;
}

/** The first hop and what to say there, or null for a proxy scheme PullKey cannot ask. */
function route(target: Target, proxyUrl: string | undefined): Route | null {
  if (!proxyUrl) {
    return { open: () => connect(target), ready: 'connect', handshake: null };
  }
  let proxy: URL;
  try {
    proxy = new URL(proxyUrl);
  } catch {
    return null;
  }
  const host = proxy.hostname.replace(/^\[|\]$/g, '');
  const at = (port: number) => ({ host, port: Number(proxy.port || port) });
  switch (proxy.protocol) {
    case 'http:':
      return {
        open: () => connect(at(80)),
        ready: 'connect',
        handshake: httpConnect(proxy, target),
      };
    case 'https:':
      return {
        open: () => tlsConnect({ ...at(443), ...(isIP(host) ? {} : { servername: host }) }),
        ready: 'secureConnect',
        handshake: httpConnect(proxy, target),
      };
    case 'socks:':
    case 'socks5:':
    case 'socks5h:':
      return {
        open: () => connect(at(1080)),
        ready: 'connect',
        handshake: socks5Connect(proxy, target),
      };
    case 'socks4:':
    case 'socks4a:':
      return {
        open: () => connect(at(1080)),
        ready: 'connect',
        handshake: socks4Connect(proxy, target),
      };
    default:
      return null;
  }
}

/**
 * The probe of `server` reached through `proxyUrl` (none: directly), or undefined when it
 * cannot be asked (no server, or a proxy scheme the watch would not use either).
 */
export function serverProbe(
  server: string | undefined,
  proxyUrl?: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): (() => Promise<boolean>) | undefined {
  const target = server ? targetOf(server) : null;
  const way = target ? route(target, proxyUrl) : null;
  if (!way) return undefined;
  return () =>
    new Promise((resolve) => {
      const socket = way.open();
      let settled = false;
      const done = (open: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(open);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      socket.once('error', () => done(false));
      const read = reader(socket);
      socket.once(way.ready, () => {
        if (!way.handshake) done(true);
        else way.handshake(socket, read).then(done, () => done(false));
      });
    });
}
