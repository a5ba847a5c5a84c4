import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHarness, type Harness } from '../harness/server';
import { requirePrivateKeyring } from './require-private-keyring';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`)),
    );
  });
}

function invoke(socket: WebSocket, channel: string, input?: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    const onMessage = (raw: WebSocket.RawData) => {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a ws text frame
      const message = JSON.parse(String(raw)) as { kind: string; id: number; result: unknown };
      if (message.kind === 'result' && message.id === id) {
        socket.off('message', onMessage);
        resolve(message.result);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ kind: 'invoke', id, channel, input }));
  });
}

describe('test bridge (same router over a token-guarded WebSocket)', () => {
  let harness: Harness;
  let origin: string;
  let token: string;

  beforeAll(async () => {
    requirePrivateKeyring();
    harness = await startHarness({ kubeconfig: [path.join(fixtures, 'kubeconfig-two.yaml')] });
    const url = new URL(harness.url);
    origin = url.origin;
    token = url.searchParams.get('token')!;
  });
  afterAll(() => harness?.close());

  it('serves the renderer with the bridge script and a CSP that allows only its socket', async () => {
    const response = await fetch(`${origin}/`);
    expect(await response.text()).toContain('<script src="/__pullkey/bridge.js"></script>');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain(`connect-src 'self' ${origin.replace('http', 'ws')}`);
    expect((await fetch(`${origin}/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('answers contract calls with the same envelopes as IPC', async () => {
    const socket = await connect(
      `${origin.replace('http', 'ws')}/__pullkey/ws?token=${token}`,
      origin,
    );
    await expect(invoke(socket, 'contexts:list')).resolves.toMatchObject({
      ok: true,
      value: { selected: 'alpha', contexts: [{ name: 'alpha' }, { name: 'beta' }] },
    });
    await expect(invoke(socket, 'contexts:select', { name: 42 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    await expect(invoke(socket, 'app:info')).resolves.toMatchObject({
      ok: true,
      value: { vault: { available: true } },
    });
    socket.close();
  });

  it('pushes events to connected pages', async () => {
    const socket = await connect(
      `${origin.replace('http', 'ws')}/__pullkey/ws?token=${token}`,
      origin,
    );
    const event = new Promise((resolve) =>
      socket.on('message', (raw) => {
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a ws text frame
        const message = JSON.parse(String(raw)) as { kind: string };
        if (message.kind === 'event') resolve(message);
      }),
    );
    await invoke(socket, 'contexts:select', { name: 'beta' });
    await expect(event).resolves.toMatchObject({
      kind: 'event',
      event: 'contexts:changed',
      payload: { selected: 'beta' },
    });
    socket.close();
  });

  it('refuses a wrong token and a foreign origin', async () => {
    const ws = origin.replace('http', 'ws');
    await expect(connect(`${ws}/__pullkey/ws?token=wrong`, origin)).rejects.toThrow(/401/);
    await expect(
      connect(`${ws}/__pullkey/ws?token=${token}`, 'http://evil.example'),
    ).rejects.toThrow(/401/);
  });
});
