/**
 * The test bridge: serves the BUILT renderer on 127.0.0.1 and binds the SAME core router over a
 * token-guarded WebSocket, so Chromium drives the renderer exactly as Electron would. Test code
 * only: never bundled into the app.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { WebSocketServer, type WebSocket } from 'ws';
import { createCore, type Core, type CoreOptions } from '../../electron/core';
import { contentSecurityPolicy } from '../../electron/main/csp';
import { mimeType } from '../../electron/main/mime';

const root = path.resolve(import.meta.dirname, '../..');

export interface HarnessOptions {
  kubeconfig: string[];
  port?: number;
  rendererDir?: string;
  /** Where settings.json goes; a fresh temp folder by default. */
  stateDir?: string;
  /** The ESO test cluster's API server and CA for PullKey's ClusterSecretStore (issue 22). */
  inClusterStoreServer?: CoreOptions['inClusterStoreServer'];
}

export interface Harness {
  url: string;
  core: Core;
  /**
   * Runs `action` (a click on a Copy button) and resolves with the text that reached the
   * clipboard channel (`clipboard:write`, the same channel as in Electron) after it started:
   * the copy awaited through its channel, never read before it arrived.
   */
  copyOf(action: () => Promise<unknown>, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

async function bundleBridgeClient(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, 'bridge-client.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  });
  return result.outputFiles[0]?.text ?? '';
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = options.rendererDir ?? path.join(root, 'out/renderer');
  const indexHtml = await readFile(path.join(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`No built renderer at ${rendererDir}: run "npm run build" first`);
  });
  const packageJson = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    productName: string;
    version: string;
  };
  const stateDir = options.stateDir ?? (await mkdtemp(path.join(os.tmpdir(), 'pullkey-harness-')));
  const copyWaiters = new Set<(text: string) => void>();
  const core = createCore({
    clipboard: {
      writeText(text) {
        for (const waiter of copyWaiters) waiter(text);
      },
    },
    host: { name: packageJson.productName, version: packageJson.version, demoAvailable: true },
    settingsDir: stateDir,
    kubeconfig: options.kubeconfig,
    ...(options.inClusterStoreServer ? { inClusterStoreServer: options.inClusterStoreServer } : {}),
    onUnexpectedError: (channel, error) => console.error(`[harness] ${channel} failed:`, error),
  });
  const token = randomBytes(24).toString('base64url');
  const bridgeJs = await bundleBridgeClient();
  const page = indexHtml.replace(
    '<head>',
    '<head>\n    <script src="/__pullkey/bridge.js"></script>',
  );
  let origin = '';

  async function serve(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', origin);
    const headers = {
      'content-security-policy': contentSecurityPolicy([origin.replace(/^http/, 'ws')]),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (url.pathname === '/' || url.pathname === '/index.html') {
      response.writeHead(200, { ...headers, 'content-type': mimeType('index.html') }).end(page);
      return;
    }
    if (url.pathname === '/__pullkey/bridge.js') {
      response.writeHead(200, { ...headers, 'content-type': mimeType('bridge.js') }).end(bridgeJs);
      return;
    }
    const file = path.resolve(rendererDir, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(rendererDir + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = mimeType(file);
      response.writeHead(200, { ...headers, 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  }

  const server = createServer((request, response) => {
    serve(request, response).catch(() => response.writeHead(500).end());
  });
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    server,
    path: '/__pullkey/ws',
    verifyClient: ({ req, origin: clientOrigin }: { req: IncomingMessage; origin: string }) =>
      clientOrigin === origin &&
      sameToken(new URL(req.url ?? '/', origin).searchParams.get('token'), token),
  });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (raw) => {
      let message: { kind?: string; id?: number; channel?: unknown; input?: unknown };
      try {
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a ws text frame
        message = JSON.parse(String(raw)) as typeof message;
      } catch {
        return;
      }
      if (message.kind !== 'invoke' || typeof message.id !== 'number') return;
      const id = message.id;
      void core.router
        .handle(String(message.channel), message.input)
        .then((result) => socket.send(JSON.stringify({ kind: 'result', id, result })));
    });
  });
  const stopEvents = core.events.listen((event, payload) => {
    const data = JSON.stringify({ kind: 'event', event, payload });
    for (const socket of sockets) socket.send(data);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}#/clusters`,
    core,
    async copyOf(action, timeoutMs = 10_000) {
      let waiter: ((text: string) => void) | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const next = new Promise<string>((resolve, reject) => {
        waiter = resolve;
        timer = setTimeout(
          () => reject(new Error(`nothing reached clipboard:write within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      copyWaiters.add(waiter!);
      try {
        await action();
        return await next;
      } finally {
        copyWaiters.delete(waiter!);
        clearTimeout(timer);
      }
    },
    async close() {
      stopEvents();
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // The page may still hold keep-alive connections: close them rather than wait.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await core.close();
    },
  };
}
